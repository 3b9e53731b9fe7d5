package io.lro4j.conformance;

import io.lro4j.api.header.FrameBuilder;
import io.lro4j.api.header.Ipv4Header;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The frame shapes the rules use, beyond what {@link FrameBuilder} makes directly: the kit's reference
 * flow, and frames that are not TCP or are broken on purpose.
 */
public final class Frames {

    /** The reference flow's acknowledgment number. */
    public static final int ACK = 0x1000_0000;
    /** The reference flow's first TSval. */
    public static final int TSVAL = 7_000_000;
    /** The reference flow's TSecr. */
    public static final int TSECR = 9_000_000;
    /** A full-sized segment's payload: a 1500-byte IPv4 packet with timestamps. */
    public static final int MSS = 1448;
    /** A full-sized IPv6 segment's payload: a 1500-byte IPv6 packet with timestamps (what fits a 1500-byte MTU). */
    public static final int MSS_IPV6 = 1428;

    private static final int PROTOCOL_UDP = 17;
    private static final int IPV4_PROTOCOL_OFFSET = 9;
    private static final int IPV6_NEXT_HEADER_OFFSET = 6;

    private Frames() {
    }

    /**
     * A data segment of the reference flow: Ethernet, IPv4 10.0.0.1:40000 to 10.0.0.2:80 with DF, NOP,NOP,TS,
     * ACK set, window 501.
     *
     * @param seq its sequence number
     * @param length its payload bytes
     * @return a builder for it
     */
    public static FrameBuilder segment(final int seq, final int length) {
        return new FrameBuilder().ipv4(0x0A00_0001L, 0x0A00_0002L).ports(40000, 80).seq(seq).ack(ACK).window(501)
                .timestamp(TSVAL, TSECR).payloadLength(length);
    }

    /**
     * An in-order train of full-sized segments of the reference flow.
     *
     * @param firstSeq the first segment's sequence number
     * @param count segments
     * @return their builders
     */
    public static FrameBuilder[] train(final int firstSeq, final int count) {
        final FrameBuilder[] frames = new FrameBuilder[count];
        for (int i = 0; i < count; i++) {
            frames[i] = segment(firstSeq + i * MSS, MSS);
        }
        return frames;
    }

    /** @return an Ethernet ARP request (not IP) */
    public static byte[] arp() {
        final ByteBuffer b = ByteBuffer.allocate(60);
        b.putLong(0, 0xFFFF_FFFF_FFFF_0200L).putInt(8, 0x0000_0001).putShort(12, (short) 0x0806);
        b.putLong(14, 0x0001_0800_0604_0001L).putLong(22, 0x0200_0000_0001_0A00L).putShort(30, (short) 0x0001);
        b.putInt(38, 0x0A00_0002);
        return b.array();
    }

    /**
     * A UDP datagram between the reference flow's addresses and ports (IP protocol 17, valid IP checksum).
     *
     * @param payload UDP payload bytes, at least 12
     * @return the frame
     */
    public static byte[] udp(final int payload) {
        if (payload < 12) {
            throw new IllegalArgumentException("a UDP payload here is at least 12 bytes, was " + payload);
        }
        // A TCP segment of the same IP length (20-byte header + payload - 12 = 8-byte UDP header + payload), re-typed.
        return udp(segment(0, payload - 12).noOptions());
    }

    /**
     * The frame a builder describes, re-typed as UDP (IPv4 or IPv6): same addresses and ports, IP protocol
     * 17, the UDP length covering the rest of the frame, no UDP checksum, a valid IPv4 header checksum.
     *
     * @param tcp a TCP frame builder
     * @return the UDP frame
     */
    public static byte[] udp(final FrameBuilder tcp) {
        final byte[] frame = tcp.toBytes();
        final ByteBuffer b = ByteBuffer.wrap(frame);
        final int ip = tcp.linkHeaderLength();
        if ((frame[ip] & 0xF0) == 0x40) {
            frame[ip + IPV4_PROTOCOL_OFFSET] = (byte) PROTOCOL_UDP;
            new Ipv4Header().wrap(b, ip).updateChecksum();
        } else {
            frame[ip + IPV6_NEXT_HEADER_OFFSET] = (byte) PROTOCOL_UDP;
        }
        final int udp = ip + tcp.ipHeaderLength();
        b.putShort(udp + 4, (short) (frame.length - udp)).putShort(udp + 6, (short) 0);
        return frame;
    }

    /**
     * A frame cut short: its IP length says more bytes than the frame holds.
     *
     * @param frame a frame builder
     * @param missing bytes cut from the end
     * @return the cut frame
     */
    public static byte[] truncated(final FrameBuilder frame, final int missing) {
        final byte[] bytes = frame.toBytes();
        return Arrays.copyOf(bytes, bytes.length - missing);
    }
}
