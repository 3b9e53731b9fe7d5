package io.lro4j.api.check;

import io.lro4j.api.header.InternetChecksum;
import io.lro4j.api.header.Ipv4Header;
import io.lro4j.api.header.Ipv6Header;
import io.lro4j.api.header.TcpHeader;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * An independent parse of a frame for property checks: is it TCP, which flow (link-layer tags, hardware
 * tag, device, addresses, ports), its sequence number, payload, flags, and whether its lengths and
 * checksums are right. Deliberately written apart from the engine's parser.
 *
 * @param tcp true for a whole TCP segment (not a later IP fragment)
 * @param flow the flow key as text
 * @param seq the sequence number, unsigned
 * @param payload the TCP payload
 * @param flags the TCP flags
 * @param ipLengthField the IPv4 total length or IPv6 payload length field
 * @param lengthsOk true if the IP length matches the frame
 * @param ipChecksumOk true if the IPv4 header checksum verifies (always true for IPv6)
 * @param tcpChecksumOk true if the TCP checksum verifies
 */
@SuppressWarnings("ArrayRecordComponent") // a read-only snapshot for checks; views are never compared or hashed
public record FrameView(boolean tcp, String flow, long seq, byte[] payload, int flags, int ipLengthField,
        boolean lengthsOk, boolean ipChecksumOk, boolean tcpChecksumOk) {

    /**
     * Reads a frame.
     *
     * @param frame the frame's bytes
     * @param raw true for a raw IP frame (no link-layer header), false for Ethernet with optional 802.1Q tags
     * @param hwVlan the hardware (out-of-band) VLAN tag it carried, or -1; part of the flow key
     * @param device the device it arrived on; part of the flow key
     * @return the frame's reading; {@code tcp() == false} for anything that is not a whole TCP segment
     */
    public static FrameView of(final byte[] frame, final boolean raw, final int hwVlan, final int device) {
        final ByteBuffer b = ByteBuffer.wrap(frame);
        int off = 0;
        final StringBuilder key = new StringBuilder("hw").append(hwVlan).append("/dev").append(device).append('/');
        int type;
        if (raw) {
            type = frame.length > 0 && (frame[0] & 0xF0) == 0x60 ? 0x86DD : 0x0800;
        } else {
            if (frame.length < 14) {
                return other();
            }
            off = 12;
            type = b.getShort(off) & 0xFFFF;
            while ((type == 0x8100 || type == 0x88A8) && off + 6 <= frame.length) {
                key.append("tag").append(b.getShort(off + 2) & 0xFFF).append('/');
                off += 4;
                type = b.getShort(off) & 0xFFFF;
            }
            off += 2;
        }
        final int ipEnd;
        final int th;
        final long addressSum;
        final int lengthField;
        boolean ipOk = true;
        if (type == 0x0800) {
            if (frame.length < off + 20) {
                return other();
            }
            final Ipv4Header ip = new Ipv4Header().wrap(b, off);
            if (ip.protocol() != 6 || (ip.isFragment() && (ip.fragmentWord() & 0x1FFF) != 0)) {
                return other();
            }
            lengthField = ip.totalLength();
            ipEnd = off + lengthField;
            th = off + ip.headerLength();
            ipOk = ip.checksumValid();
            addressSum = ip.addressSum();
            key.append(ip.source()).append('>').append(ip.destination());
        } else if (type == 0x86DD) {
            if (frame.length < off + 40) {
                return other();
            }
            final Ipv6Header ip = new Ipv6Header().wrap(b, off);
            if (ip.nextHeader() != 6) {
                return other();
            }
            lengthField = ip.payloadLength();
            ipEnd = off + 40 + lengthField;
            th = off + 40;
            addressSum = ip.addressSum();
            key.append(Long.toHexString(ip.sourceLow())).append('>').append(Long.toHexString(ip.destinationLow()));
        } else {
            return other();
        }
        if (ipEnd > frame.length || th + 20 > ipEnd) {
            return other();
        }
        final TcpHeader t = new TcpHeader().wrap(b, th);
        final int doff = t.headerLength();
        if (doff < 20 || th + doff > ipEnd) {
            return other();
        }
        key.append(':').append(t.sourcePort()).append('>').append(t.destinationPort());
        final boolean tcpOk = InternetChecksum.verifies(InternetChecksum.pseudoHeaderSum(addressSum, ipEnd - th)
                + InternetChecksum.sum(b, th, ipEnd - th, 0));
        return new FrameView(true, key.toString(), t.sequence() & 0xFFFF_FFFFL,
                Arrays.copyOfRange(frame, th + doff, ipEnd), t.flags(), lengthField, ipEnd == frame.length, ipOk, tcpOk);
    }

    private static FrameView other() {
        return new FrameView(false, "", 0, new byte[0], 0, 0, true, true, true);
    }
}
