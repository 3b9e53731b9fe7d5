package io.lro4j.spi.seeker;

import io.lro4j.api.header.EthernetHeader;
import io.lro4j.api.header.InternetChecksum;
import io.lro4j.api.header.Ipv4Header;
import io.lro4j.api.header.Ipv6Header;
import io.lro4j.api.header.TcpHeader;
import io.lro4j.api.packet.Packet;
import io.lro4j.spi.FragHeaderSeeker;
import io.lro4j.spi.HeaderLocation;
import io.lro4j.spi.SkbHeaderSeeker;
import java.nio.ByteBuffer;

/**
 * A header seeker in software, for drivers whose hardware does not parse headers (a capture file, a TUN
 * device, a simple NIC model): Ethernet with up to two 802.1Q/802.1ad tags, or raw IP; IPv4 or IPv6
 * (without extension headers); TCP.
 *
 * <p>With checksum verification on, it does what a NIC with receive checksum offload does: it verifies the
 * IPv4 header checksum and the TCP checksum (over the IP length, so Ethernet padding is ignored) and reports
 * {@link HeaderLocation#CHECKSUM_VERIFIED} or, for a wrong TCP checksum, {@link HeaderLocation#CHECKSUM_BAD}.
 * In skb mode the TCP checksum is computed over the whole packet, whatever pieces it has; in page mode only
 * the first fragment is visible, so only the headers are checked.
 *
 * <p>Non-IP frames are located (link layer only) rather than refused, so the engine knows they cannot belong
 * to a TCP flow; a frame too short for its link-layer header is refused. One instance per receive queue.
 */
public final class SoftwareHeaderSeeker implements SkbHeaderSeeker, FragHeaderSeeker {

    private final boolean ethernet;
    private final boolean verifyChecksums;
    private final EthernetHeader eth = new EthernetHeader();
    private final Ipv4Header ipv4 = new Ipv4Header();
    private final Ipv6Header ipv6 = new Ipv6Header();
    private final TcpHeader tcp = new TcpHeader();

    /**
     * Creates a seeker.
     *
     * @param ethernet true if frames start with an Ethernet header, false for raw IP
     * @param verifyChecksums true to verify checksums in software
     */
    public SoftwareHeaderSeeker(final boolean ethernet, final boolean verifyChecksums) {
        this.ethernet = ethernet;
        this.verifyChecksums = verifyChecksums;
    }

    @Override
    public boolean seek(final Packet packet, final HeaderLocation out) {
        final boolean head = packet.headLength() > 0;
        if (!head && packet.fragmentCount() == 0) {
            return false;
        }
        final ByteBuffer b = head ? packet.headBuffer() : packet.fragmentBuffer(0);
        final int base = head ? packet.headOffset() : packet.fragmentOffset(0);
        final int available = head ? packet.headLength() : packet.fragmentLength(0);
        final int th = locate(b, base, available, packet.length(), out);
        if (th < 0 || !verifyChecksums || !out.has(HeaderLocation.TCP)) {
            return th != -2;
        }
        // The TCP checksum, over the IP length, from wherever the bytes are.
        final int nh = out.networkOffset();
        final int tcpLength = ipLength(b, base + nh) - (th - nh);
        final long sum = InternetChecksum.pseudoHeaderSum(addressSum(b, base + nh), tcpLength)
                + packet.checksum(th, tcpLength);
        out.set(InternetChecksum.verifies(sum) ? HeaderLocation.CHECKSUM_VERIFIED : HeaderLocation.CHECKSUM_BAD);
        return true;
    }

    @Override
    public boolean seek(final ByteBuffer fragment, final int offset, final int length, final HeaderLocation out) {
        return locate(fragment, offset, length, length, out) != -2;
    }

    /**
     * Fills {@code out}; returns the TCP header offset when there is a sane TCP header whose checksum could
     * be verified (all bytes of the IP packet present), -1 when located without that, -2 to refuse.
     */
    private int locate(final ByteBuffer b, final int base, final int available, final int total,
            final HeaderLocation out) {
        final int nh;
        final int etherType;
        if (ethernet) {
            eth.wrap(b, base);
            nh = eth.headerLength(available);
            if (nh < 0) {
                return -2;
            }
            etherType = eth.innerEtherType(available);
        } else {
            if (available < 1) {
                return -2;
            }
            nh = 0;
            final int version = (b.get(base) & 0xFF) >>> 4;
            etherType = version == 4 ? EthernetHeader.TYPE_IPV4 : version == 6 ? EthernetHeader.TYPE_IPV6 : 0;
        }
        final int mac = ethernet ? 0 : -1;
        if (etherType == EthernetHeader.TYPE_IPV4 && available - nh >= Ipv4Header.MIN_LENGTH) {
            ipv4.wrap(b, base + nh);
            final int ihl = ipv4.headerLength();
            out.offsets(mac, nh, -1).set(HeaderLocation.IPV4);
            if (ipv4.version() != 4 || ihl < Ipv4Header.MIN_LENGTH || ihl > available - nh
                    || ipv4.protocol() != InternetChecksum.PROTOCOL_TCP
                    || (ipv4.fragmentWord() & Ipv4Header.FRAGMENT_OFFSET_MASK) != 0) {
                return -1; // located as IPv4; the header (options included) must fit before it is read further
            }
            return transport(b, base, available, total, nh, ihl, ipv4.totalLength(), out,
                    !verifyChecksums || ipv4.checksumValid());
        }
        if (etherType == EthernetHeader.TYPE_IPV6 && available - nh >= Ipv6Header.LENGTH) {
            ipv6.wrap(b, base + nh);
            out.offsets(mac, nh, -1).set(HeaderLocation.IPV6);
            if (ipv6.version() != 6 || ipv6.nextHeader() != InternetChecksum.PROTOCOL_TCP) {
                return -1;
            }
            return transport(b, base, available, total, nh, Ipv6Header.LENGTH, Ipv6Header.LENGTH + ipv6.payloadLength(),
                    out, true);
        }
        // Not IP, or too short for its IP header: located at the link layer only.
        out.offsets(mac, nh, -1);
        return -1;
    }

    private int transport(final ByteBuffer b, final int base, final int available, final int total, final int nh,
            final int ipHeaderLength, final int ipLength, final HeaderLocation out, final boolean ipChecksumOk) {
        final int th = nh + ipHeaderLength;
        if (th + TcpHeader.MIN_LENGTH > available || ipLength < ipHeaderLength + TcpHeader.MIN_LENGTH) {
            return -1;
        }
        final int doff = tcp.wrap(b, base + th).headerLength();
        if (doff < TcpHeader.MIN_LENGTH || ipHeaderLength + doff > ipLength || th + doff > available) {
            return -1;
        }
        out.offsets(out.macOffset(), nh, th).set(HeaderLocation.TCP);
        // The TCP checksum can be verified only if the whole IP packet is there and its header is sound.
        return nh + ipLength <= total && ipChecksumOk ? th : -1;
    }

    private int ipLength(final ByteBuffer b, final int ip) {
        return (b.get(ip) & 0xF0) == 0x40 ? ipv4.wrap(b, ip).totalLength()
                : Ipv6Header.LENGTH + ipv6.wrap(b, ip).payloadLength();
    }

    private long addressSum(final ByteBuffer b, final int ip) {
        return (b.get(ip) & 0xF0) == 0x40 ? ipv4.wrap(b, ip).addressSum() : ipv6.wrap(b, ip).addressSum();
    }
}
