package io.lro4j.xen.skb;

import io.lro4j.api.header.EthernetHeader;
import io.lro4j.api.header.InternetChecksum;
import io.lro4j.api.packet.ChecksumState;
import io.lro4j.api.packet.Packet;
import io.lro4j.spi.HeaderLocation;
import io.lro4j.spi.seeker.SoftwareHeaderSeeker;
import java.nio.ByteBuffer;

/**
 * Finds the IP and TCP headers of an Ethernet frame with the driver SPI's {@link SoftwareHeaderSeeker} (VLAN
 * tags, IPv4 options and fragments, IPv6), and prepares partial checksums from them: what a kernel path
 * needs when it sets {@code CHECKSUM_HW}. One instance per component; it reuses its location, so locating
 * allocates nothing. Not thread-safe.
 */
public final class TcpLocator {

    private final SoftwareHeaderSeeker seeker = new SoftwareHeaderSeeker(true, false);
    private final HeaderLocation at = new HeaderLocation();

    /** Creates a locator. */
    public TcpLocator() {
        // nothing to set up
    }

    /**
     * Locates the headers in the packet's first piece (its head, or its first fragment when the head is empty).
     *
     * @param p a packet whose data starts with the Ethernet header
     * @return true if it is TCP over IPv4 (not a fragment) or IPv6 (no extension headers)
     */
    public boolean locate(final Packet p) {
        return seeker.seek(p, at.reset()) && at.has(HeaderLocation.TCP);
    }

    /**
     * Locates the headers of a frame in one buffer.
     *
     * @param b the buffer
     * @param offset absolute index of the frame's first byte
     * @param length bytes of the frame
     * @return true if it is TCP, as {@link #locate(Packet)}
     */
    public boolean locate(final ByteBuffer b, final int offset, final int length) {
        return seeker.seek(b, offset, length, at.reset()) && at.has(HeaderLocation.TCP);
    }

    /** @return after a locate: the IP header's offset from the data start (the link-layer length), or -1 */
    public int networkOffset() {
        return at.networkOffset();
    }

    /** @return after a successful locate: the TCP header's offset from the data start */
    public int tcpOffset() {
        return at.transportOffset();
    }

    /** @return after a locate: true for IPv6 */
    public boolean ipv6() {
        return at.has(HeaderLocation.IPV6);
    }

    /** @return after a locate: the EtherType of the IP header, or 0 */
    public int etherType() {
        return at.has(HeaderLocation.IPV6) ? EthernetHeader.TYPE_IPV6 : at.has(HeaderLocation.IPV4) ? EthernetHeader.TYPE_IPV4 : 0;
    }

    /**
     * Marks a TCP packet's checksum partial without touching it, for a checksum field that already holds the
     * pseudo-header sum (a {@code csum_blank} packet).
     *
     * @param p a packet
     * @return false if it is not TCP (nothing changes)
     */
    public boolean markPartial(final Packet p) {
        if (!locate(p)) {
            return false;
        }
        partial(p);
        return true;
    }

    private void partial(final Packet p) {
        p.checksumPartial(tcpOffset(), Skbs.TCP_CHECKSUM_OFFSET).checksumState(ChecksumState.PARTIAL);
    }

    /**
     * Makes a TCP packet's checksum partial, as a sender with checksum offload leaves it ({@code CHECKSUM_HW};
     * 2.6.18's {@code tcp_v4_gso_send_check}): the field gets the folded pseudo-header sum, and the packet says
     * where the checksum starts and where it goes.
     *
     * @param p a packet, its headers in a writable first piece
     * @return false if it is not TCP (nothing changes)
     */
    public boolean makePartial(final Packet p) {
        if (!locate(p)) {
            return false;
        }
        final boolean head = p.headLength() > 0;
        final ByteBuffer b = head ? p.headBuffer() : p.fragmentBuffer(0);
        final int o = head ? p.headOffset() : p.fragmentOffset(0);
        final int l3 = o + networkOffset();
        final long addresses = ipv6() ? InternetChecksum.sum(b, l3 + 8, 32, 0) : InternetChecksum.sum(b, l3 + 12, 8, 0);
        final int tcpLength = p.length() - tcpOffset();
        b.putShort(o + tcpOffset() + Skbs.TCP_CHECKSUM_OFFSET,
                (short) InternetChecksum.fold(InternetChecksum.pseudoHeaderSum(addresses, tcpLength)));
        partial(p);
        return true;
    }
}
