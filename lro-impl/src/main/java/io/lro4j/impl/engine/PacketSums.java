package io.lro4j.impl.engine;

import io.lro4j.api.header.InternetChecksum;
import io.lro4j.api.packet.Packet;
import java.nio.ByteBuffer;

/**
 * Internet checksum over a byte range of a packet, wherever its bytes lie: head, page fragments or frag
 * list. A piece that starts at an odd position of the range has its sum byte-swapped before it is added
 * (Linux's {@code csum_block_add} with an odd offset).
 */
public final class PacketSums {

    private long sum;
    private int done;
    private int skip;
    private int remaining;

    private static final ThreadLocal<PacketSums> SCRATCH = ThreadLocal.withInitial(PacketSums::new);

    private PacketSums() {
    }

    /**
     * Sums {@code length} bytes of {@code packet} starting {@code from} bytes after its data start.
     *
     * @param packet the packet
     * @param from offset of the first byte from the data start
     * @param length bytes to sum
     * @return the unfolded sum
     */
    public static long sum(final Packet packet, final int from, final int length) {
        final PacketSums s = SCRATCH.get();
        s.sum = 0;
        s.done = 0;
        s.skip = from;
        s.remaining = length;
        s.walk(packet);
        return s.sum;
    }

    private void walk(final Packet p) {
        if (p.headLength() > 0) {
            piece(p.headBuffer(), p.headOffset(), p.headLength());
        }
        for (int i = 0, n = p.fragmentCount(); i < n && remaining > 0; i++) {
            piece(p.fragmentBuffer(i), p.fragmentOffset(i), p.fragmentLength(i));
        }
        for (Packet m = p.fragList(); m != null && remaining > 0; m = m.next()) {
            walk(m);
        }
    }

    private void piece(final ByteBuffer buffer, final int offset, final int length) {
        if (remaining <= 0) {
            return;
        }
        if (skip >= length) {
            skip -= length;
            return;
        }
        final int n = Math.min(length - skip, remaining);
        int partial = InternetChecksum.fold(InternetChecksum.sum(buffer, offset + skip, n, 0));
        if ((done & 1) != 0) {
            partial = InternetChecksum.swapBytes(partial);
        }
        sum += partial;
        done += n;
        remaining -= n;
        skip = 0;
    }
}
