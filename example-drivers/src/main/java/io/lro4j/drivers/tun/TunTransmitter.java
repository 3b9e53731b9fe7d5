package io.lro4j.drivers.tun;

import io.lro4j.api.PacketSink;
import io.lro4j.api.header.InternetChecksum;
import io.lro4j.api.packet.ChecksumState;
import io.lro4j.api.packet.GsoType;
import io.lro4j.api.packet.Packet;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Writes packets (raw IP, as a TUN device carries them) into a {@link TunDevice}: the stack side of an LRO
 * engine whose output goes to the kernel. An aggregate of two or more TCP segments goes as one GSO packet, so
 * the kernel's stack takes it whole: {@link VirtioNetHdr#F_NEEDS_CSUM}, {@code GSO_TCPV4} or {@code GSO_TCPV6}
 * (with {@code GSO_ECN} if its segments carried CWR), the header length, the segment size, checksum start at the
 * TCP header and offset 16, and the TCP checksum field replaced by the folded, uncomplemented pseudo-header sum
 * over the super-packet's TCP length, as the kernel's {@code CHECKSUM_PARTIAL} expects (wireguard-go's
 * {@code applyTCPCoalesceAccounting} does the same). A packet with a partial checksum goes with
 * {@code NEEDS_CSUM}; every other packet with a zero header and its own, complete checksum. Each packet is copied once into a direct buffer, written and released.
 */
public final class TunTransmitter implements PacketSink {

    private static final int TCP = 6;
    private static final int UDP = 17;

    private final TunDevice device;
    private final ByteBuffer out = ByteBuffer.allocateDirect(TunDevice.MAX_PACKET);
    private final VirtioNetHdr hdr = new VirtioNetHdr();
    private long packets;
    private long gsoPackets;
    private long gsoSegments;
    private long bytes;
    private long dropped;
    private long refused;
    private @Nullable String firstError;

    /**
     * @param device the device to write into
     */
    public TunTransmitter(final TunDevice device) {
        this.device = Objects.requireNonNull(device, "device");
    }

    /**
     * Writes a packet and releases it. Never throws: a packet the kernel has no room for is dropped and
     * counted; one it refuses is counted, and the first refusal's reason kept ({@link #firstError}).
     *
     * @param packet an IP packet starting at byte 0
     */
    @Override
    public void deliver(final Packet packet) {
        try {
            final int length = packet.length();
            if (length + VirtioNetHdr.LENGTH > out.capacity() || length < 20) {
                refused++;
                return;
            }
            packet.copyTo(out, VirtioNetHdr.LENGTH);
            final boolean gso = encode(out, VirtioNetHdr.LENGTH, length, packet, hdr.wrap(out, 0));
            if (!device.write(out, 0, VirtioNetHdr.LENGTH + length)) {
                dropped++;
                return;
            }
            packets++;
            bytes += length;
            if (gso) {
                gsoPackets++;
                gsoSegments += packet.gsoSegments();
            }
        } catch (final IOException e) {
            refused++;
            if (firstError == null) { // the first says why; later ones are counted
                firstError = e.getMessage();
            }
        } finally {
            packet.release();
        }
    }

    /**
     * Writes the header for the packet already copied at {@code ip}, and for a GSO packet its TCP checksum field.
     *
     * @param b the buffer
     * @param ip absolute index of the IP header
     * @param length the IP packet's length
     * @param p the packet (its GSO information)
     * @param h a view of the header's place
     * @return true if it goes as a GSO packet
     */
    static boolean encode(final ByteBuffer b, final int ip, final int length, final Packet p, final VirtioNetHdr h) {
        final int version = (b.get(ip) & 0xFF) >>> 4;
        final int ipHeader;
        final int protocol;
        if (version == 4) {
            ipHeader = (b.get(ip) & 0x0F) * 4;
            protocol = b.get(ip + 9) & 0xFF;
        } else if (version == 6) {
            ipHeader = 40;
            protocol = b.get(ip + 6) & 0xFF;
        } else {
            h.clear();
            return false;
        }
        if (p.gsoType() == GsoType.NONE || p.gsoSegments() < 2 || p.gsoSize() <= 0 || protocol != TCP
                || length < ipHeader + 20) {
            if (p.checksumState() == ChecksumState.PARTIAL && (protocol == TCP || protocol == UDP)) {
                // the checksum field already holds the pseudo-header sum: the kernel completes it
                h.set(VirtioNetHdr.F_NEEDS_CSUM, VirtioNetHdr.GSO_NONE, 0, 0, ipHeader, protocol == TCP ? 16 : 6);
            } else {
                h.clear();
            }
            return false;
        }
        final int tcp = ip + ipHeader;
        final int tcpHeader = ((b.get(tcp + 12) & 0xFF) >>> 4) * 4;
        final int tcpLength = length - ipHeader;
        final long addresses = version == 4 ? InternetChecksum.sum(b, ip + 12, 8, 0) : InternetChecksum.sum(b, ip + 8, 32, 0);
        b.putShort(tcp + 16, (short) InternetChecksum.fold(InternetChecksum.pseudoHeaderSum(addresses, tcpLength)));
        final int type = (version == 4 ? VirtioNetHdr.GSO_TCPV4 : VirtioNetHdr.GSO_TCPV6)
                | ((p.gsoFlags() & Packet.GSO_ECN) != 0 ? VirtioNetHdr.GSO_ECN : 0);
        h.set(VirtioNetHdr.F_NEEDS_CSUM, type, ipHeader + tcpHeader, p.gsoSize(), ipHeader, 16);
        return true;
    }

    /** @return packets written */
    public long packets() {
        return packets;
    }

    /** @return of those, GSO packets */
    public long gsoPackets() {
        return gsoPackets;
    }

    /** @return segments inside the GSO packets */
    public long gsoSegments() {
        return gsoSegments;
    }

    /** @return IP bytes written */
    public long bytes() {
        return bytes;
    }

    /** @return packets the kernel had no room for (or the interface was down) */
    public long dropped() {
        return dropped;
    }

    /** @return packets the kernel refused, or too long or short to write */
    public long refused() {
        return refused;
    }

    /** @return why the kernel refused the first refused packet, if it did */
    public @Nullable String firstError() {
        return firstError;
    }
}
