package io.lro4j.xen.skb;

import io.lro4j.api.header.EthernetHeader;
import io.lro4j.api.header.InternetChecksum;
import io.lro4j.api.packet.BufferPool;
import io.lro4j.api.packet.ChecksumState;
import io.lro4j.api.packet.Packet;
import java.nio.ByteBuffer;

/**
 * The {@code sk_buff} operations the model's kernels need beyond {@link Packet} and {@link TcpLocator}:
 * completing a partial checksum in software ({@code skb_checksum_help}) and putting a hardware-stripped VLAN
 * tag back into the frame.
 */
public final class Skbs {

    /** Offset of the checksum field in a TCP header. */
    public static final int TCP_CHECKSUM_OFFSET = 16;

    private Skbs() {
    }

    /**
     * Completes a partial checksum in software ({@code skb_checksum_help}): sums the TCP segment, its field
     * holding the pseudo-header sum, and writes the result; the checksum state becomes NONE.
     *
     * @param p a packet in state PARTIAL, its headers in a writable head
     * @return bytes summed
     */
    public static int completeChecksum(final Packet p) {
        final int start = p.checksumStart();
        final int length = p.length() - start;
        final int sum = InternetChecksum.finish(p.checksum(start, length));
        p.headBuffer().putShort(p.headOffset() + start + p.checksumOffset(), (short) (sum == 0 ? 0xFFFF : sum));
        p.checksumState(ChecksumState.NONE);
        return length;
    }

    /**
     * Puts a hardware-stripped VLAN tag back into the frame after the MAC addresses: the head is copied into
     * a new one with the tag; fragments and frag list stay as they are.
     *
     * @param p a packet with a hardware VLAN tag
     * @param pool where new heads come from
     * @return bytes copied
     */
    public static int insertVlanTag(final Packet p, final BufferPool pool) {
        int copied = 0;
        if (p.headLength() < Packet.MAC_ADDRESSES_LENGTH) {
            copied += p.linearize(pool);
        }
        final int head = p.headLength();
        final ByteBuffer tagged = pool.acquire(head + Packet.VLAN_TAG_LENGTH);
        final ByteBuffer b = p.headBuffer();
        final int o = p.headOffset();
        tagged.put(0, b, o, Packet.MAC_ADDRESSES_LENGTH);
        tagged.putShort(Packet.MAC_ADDRESSES_LENGTH, (short) EthernetHeader.TPID_8021Q);
        tagged.putShort(Packet.MAC_ADDRESSES_LENGTH + 2, (short) p.vlanTci());
        tagged.put(Packet.MAC_ADDRESSES_LENGTH + Packet.VLAN_TAG_LENGTH, b, o + Packet.MAC_ADDRESSES_LENGTH,
                head - Packet.MAC_ADDRESSES_LENGTH);
        p.setHead(tagged, 0, head + Packet.VLAN_TAG_LENGTH, pool);
        p.clearVlanTag();
        if (p.networkHeader() >= 0) { // the headers moved back by the tag
            p.headers(p.protocol(), p.macHeader(), p.networkHeader() + Packet.VLAN_TAG_LENGTH,
                    p.transportHeader() < 0 ? -1 : p.transportHeader() + Packet.VLAN_TAG_LENGTH);
        }
        return copied + head;
    }
}
