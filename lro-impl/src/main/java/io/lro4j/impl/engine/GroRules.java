package io.lro4j.impl.engine;

import io.lro4j.api.Verdict;
import io.lro4j.api.header.TcpHeader;
import io.lro4j.api.packet.Packet;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * The GRO policy: Linux's {@code tcp_gro_receive} and {@code inet_gro_flush} / {@code ipv6_gro_flush},
 * strict enough that an aggregate can be forwarded and re-segmented into exactly the segments it was made
 * of.
 *
 * <ul>
 *   <li>a packet with URG, PSH, RST, SYN or FIN is never held: alone it is delivered at once;
 *   <li>appending needs: the next sequence number; no CWR; the same flags except CWR, FIN and PSH; the same
 *       ACK, window and option bytes; the same TOS/TTL/DF (IPv6: traffic class, hop limit, flow label);
 *       an IPv4 ID that is +1 per segment, or fixed (decided by the second segment); a payload no longer
 *       than the first segment's; the same link-layer header;
 *   <li>a shorter segment, or one with PSH or FIN, is appended and closes the aggregate (PSH and FIN are
 *       ORed into the header);
 *   <li>on a mismatch the aggregate is flushed and the packet may start a new one; a full table evicts
 *       the oldest aggregate; unverified checksums are verified in software before merging;
 *   <li>GSO size = the first segment's; {@link Packet#GSO_FIXED_ID} and {@link Packet#GSO_ECN} as Linux sets
 *       them.
 * </ul>
 */
final class GroRules implements MergeRules {

    private static final int NOT_HELD = TcpHeader.URG | TcpHeader.PSH | TcpHeader.RST | TcpHeader.SYN
            | TcpHeader.FIN;
    private static final int IGNORED = TcpHeader.CWR | TcpHeader.FIN | TcpHeader.PSH;
    private static final int CLOSING = TcpHeader.PSH | TcpHeader.FIN;
    /** IPv4 word 0: TOS and DF must match (total length, ID and the other flags may differ). */
    private static final long V4_SAME_0 = 0x00FF_0000_0000_4000L;
    /** IPv4 word 1: TTL must match. */
    private static final long V4_SAME_1 = 0xFF00_0000_0000_0000L;
    /** IPv6 word 0: traffic class, flow label and hop limit must match. */
    private static final long V6_SAME_0 = 0x0FFF_FFFF_0000_00FFL;

    @Override
    public @Nullable Verdict checkStart(final Segment s) {
        return (s.flags() & NOT_HELD) != 0 ? Verdict.TCP_FLAGS : null;
    }

    @Override
    public @Nullable Verdict checkAppend(final FlowDescriptor d, final Segment s) {
        if (s.seq() != d.nextSeq) {
            return Verdict.OUT_OF_ORDER;
        }
        if ((s.flags() & TcpHeader.CWR) != 0 || ((s.flags() ^ d.firstFlags) & ~IGNORED) != 0) {
            return Verdict.TCP_FLAGS;
        }
        if (s.ack() != d.ack) {
            return Verdict.ACK_MISMATCH;
        }
        if (s.window() != d.window) {
            return Verdict.WINDOW_MISMATCH;
        }
        if (!sameOptions(d, s)) {
            return Verdict.OPTIONS_MISMATCH;
        }
        if (s.ipVersion == 4) {
            if (((s.ipWord0 ^ d.firstIpWord0) & V4_SAME_0) != 0 || ((s.ipWord1 ^ d.firstIpWord1) & V4_SAME_1) != 0) {
                return Verdict.IP_HEADER_MISMATCH;
            }
            final int offset = (s.ipId() - d.firstIpId) & 0xFFFF;
            final boolean ok = d.segments == 1 ? offset <= 1 : offset == (d.fixedId ? 0 : d.segments);
            if (!ok) {
                return Verdict.IP_ID_MISMATCH;
            }
        } else if (((s.ipWord0 ^ d.firstIpWord0) & V6_SAME_0) != 0) {
            return Verdict.IP_HEADER_MISMATCH;
        }
        if (s.payloadLength > d.firstSegmentSize) {
            return Verdict.SEGMENT_SIZE;
        }
        if (s.macLength != d.macLength || !sameLinkLayer(d, s)) {
            return Verdict.L2_MISMATCH;
        }
        return null;
    }

    @Override
    public void start(final FlowDescriptor d, final Segment s) {
        d.ack = s.ack();
        d.window = s.window();
        d.timestamps = s.timestamp;
        d.tsval = s.tsval;
        d.tsecr = s.tsecr;
        d.firstFlags = s.flags();
        d.orFlags = 0;
        d.firstIpWord0 = s.ipWord0;
        d.firstIpWord1 = s.ipWord1;
        d.firstIpId = s.ipId();
        d.fixedId = false;
        if (s.macLength >= 8) {
            d.macHead = s.buffer.getLong(s.macOffset);
            d.macTail = s.buffer.getLong(s.macOffset + s.macLength - 8);
        }
    }

    @Override
    public void append(final FlowDescriptor d, final Segment s) {
        if (d.segments == 2 && s.ipVersion == 4 && s.ipId() == d.firstIpId) {
            d.fixedId = true;
        }
        d.orFlags |= s.flags() & CLOSING;
    }

    @Override
    public boolean closesAfter(final FlowDescriptor d, final Segment s) {
        return s.payloadLength < d.firstSegmentSize || (s.flags() & CLOSING) != 0;
    }

    @Override
    public boolean restartsAfterMismatch() {
        return true;
    }

    @Override
    public boolean evictsWhenFull() {
        return true;
    }

    @Override
    public boolean flushesBeforeLengthLimit() {
        return false;
    }

    @Override
    public boolean forwardable() {
        return true;
    }

    @Override
    public boolean verifiesChecksums() {
        return true;
    }

    @Override
    public int gsoSize(final FlowDescriptor d) {
        return d.firstSegmentSize;
    }

    @Override
    public int gsoFlags(final FlowDescriptor d) {
        return (d.fixedId ? Packet.GSO_FIXED_ID : 0) | ((d.firstFlags & TcpHeader.CWR) != 0 ? Packet.GSO_ECN : 0);
    }

    /** The same link-layer header bytes; 8 to 16 bytes (every Ethernet header, tagged or not) in two words. */
    private static boolean sameLinkLayer(final FlowDescriptor d, final Segment s) {
        final int length = s.macLength;
        if (length < 8 || length > 16) {
            return sameBytes(s.buffer, s.macOffset, d.headerBuffer, d.macOffset, length);
        }
        return s.buffer.getLong(s.macOffset) == d.macHead && s.buffer.getLong(s.macOffset + length - 8) == d.macTail;
    }

    /**
     * Byte-identical TCP options. With NOP,NOP,TS on both sides the bytes are equal exactly when TSval and
     * TSecr are, which the parser already read; other layouts are compared byte for byte.
     */
    private static boolean sameOptions(final FlowDescriptor d, final Segment s) {
        if (s.tcpHeaderLength != d.tcpHeaderLength) {
            return false;
        }
        if (s.timestamp && d.timestamps) {
            return s.tsval == d.tsval && s.tsecr == d.tsecr;
        }
        return sameBytes(s.buffer, s.tcpOffset + TcpHeader.OPTIONS_OFFSET, d.headerBuffer,
                d.tcpOffset + TcpHeader.OPTIONS_OFFSET, s.tcpHeaderLength - TcpHeader.MIN_LENGTH);
    }

    /** Compares byte ranges 8 bytes at a time; the last word overlaps the previous one rather than looping bytes. */
    private static boolean sameBytes(final ByteBuffer a, final int aOffset, final ByteBuffer b, final int bOffset,
            final int length) {
        if (length < 8) {
            for (int i = 0; i < length; i++) {
                if (a.get(aOffset + i) != b.get(bOffset + i)) {
                    return false;
                }
            }
            return true;
        }
        for (int i = 0; i < length - 8; i += 8) {
            if (a.getLong(aOffset + i) != b.getLong(bOffset + i)) {
                return false;
            }
        }
        return a.getLong(aOffset + length - 8) == b.getLong(bOffset + length - 8);
    }
}
