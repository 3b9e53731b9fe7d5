package io.lro4j.impl.engine;

import io.lro4j.api.header.EthernetHeader;
import io.lro4j.api.header.InternetChecksum;
import io.lro4j.api.header.Ipv4Header;
import io.lro4j.api.header.Ipv6Header;
import io.lro4j.api.header.TcpHeader;
import io.lro4j.api.packet.ChecksumState;
import io.lro4j.api.packet.Packet;
import java.nio.ByteBuffer;
import java.util.Arrays;

/** A delivered packet, linearized and parsed for assertions. */
public record Out(byte[] bytes, int seq, int payloadLength, int flags, int ack, int window, int tsval, int tsecr,
        int ipLengthField, int ipId, boolean ipChecksumOk, boolean tcpChecksumOk, int gsoSegments, int gsoSize,
        int gsoFlags, ChecksumState checksumState, boolean fragmented, int fragments, long timestamp) {

    public static Out of(final Packet p) {
        final byte[] bytes = p.toByteArray();
        final ByteBuffer b = ByteBuffer.wrap(bytes);
        int nh = p.networkHeader();
        if (nh < 0) {
            nh = (b.getShort(12) & 0xFFFF) == EthernetHeader.TPID_8021Q ? 18 : 14;
        }
        final int version = (b.get(nh) & 0xFF) >> 4;
        final int th;
        final int ipLengthField;
        final int ipEnd;
        int ipId = 0;
        boolean ipOk = true;
        final long addressSum;
        if (version == 4) {
            final Ipv4Header ip = new Ipv4Header().wrap(b, nh);
            th = nh + ip.headerLength();
            ipLengthField = ip.totalLength();
            ipEnd = nh + ipLengthField;
            ipId = ip.id();
            ipOk = ip.checksumValid();
            addressSum = ip.addressSum();
        } else {
            final Ipv6Header ip = new Ipv6Header().wrap(b, nh);
            th = nh + 40;
            ipLengthField = ip.payloadLength();
            ipEnd = th + ipLengthField;
            addressSum = ip.addressSum();
        }
        final TcpHeader t = new TcpHeader().wrap(b, th);
        final int tcpLength = Math.min(ipEnd, bytes.length) - th;
        final boolean tcpOk = InternetChecksum.verifies(InternetChecksum.pseudoHeaderSum(addressSum, tcpLength)
                + InternetChecksum.sum(b, th, tcpLength, 0));
        final boolean ts = t.hasAlignedTimestamp();
        return new Out(bytes, t.sequence(), tcpLength - t.headerLength(), t.flags(), t.ack(), t.window(),
                ts ? t.tsval() : 0, ts ? t.tsecr() : 0, ipLengthField, ipId, ipOk, tcpOk, p.gsoSegments(),
                p.gsoSize(), p.gsoFlags(), p.checksumState(), p.isFragmented(), p.fragmentCount(), p.timestampNanos());
    }

    /** @return the TCP payload bytes */
    public byte[] payload() {
        return Arrays.copyOfRange(bytes, bytes.length - payloadLength, bytes.length);
    }

    /** @return the number of segments this packet stands for */
    public int segments() {
        return Math.max(1, gsoSegments);
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof Out other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "Out[seq=" + Integer.toUnsignedString(seq) + ", len=" + payloadLength + ", segs=" + segments()
                + ", flags=0x" + Integer.toHexString(flags) + "]";
    }
}
