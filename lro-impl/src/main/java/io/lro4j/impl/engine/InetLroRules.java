package io.lro4j.impl.engine;

import io.lro4j.api.Verdict;
import io.lro4j.api.header.TcpHeader;
import io.lro4j.api.packet.Packet;
import org.jspecify.annotations.Nullable;

/**
 * The inet_lro policy: Themann's {@code lro_tcp_ip_check} and {@code lro_add_common}, with the holes the
 * research notes list closed (PSH kept in the header, no mix of timestamped and plain segments).
 *
 * <ul>
 *   <li>ACK set; SYN, FIN, RST, URG, ECE and CWR never merged; PSH merged and ORed into the header;
 *   <li>options none, or exactly NOP,NOP,TS (doff 8), the same layout for the whole aggregate; TSval not
 *       before the aggregate's first (serial compare); TSecr non-zero;
 *   <li>the sequence must continue the aggregate; a segment that does not is delivered on its own and
 *       starts nothing;
 *   <li>ACK and window may change: the last ones are written; the first TSval is kept (PAWS), the last
 *       TSecr written; TOS, TTL and IP ID are not compared;
 *   <li>GSO size = the largest segment; aggregates are flagged {@link Packet#GSO_LRO}, not forwardable;
 *   <li>a full table passes new flows through ({@code no_desc}); an aggregate is flushed ahead of time once
 *       its IP length exceeds 65535 - MTU.
 * </ul>
 */
final class InetLroRules implements MergeRules {

    private static final int NEVER = TcpHeader.SYN | TcpHeader.FIN | TcpHeader.RST | TcpHeader.URG
            | TcpHeader.ECE | TcpHeader.CWR;

    @Override
    public @Nullable Verdict checkStart(final Segment s) {
        if ((s.flags() & TcpHeader.ACK) == 0 || (s.flags() & NEVER) != 0) {
            return Verdict.TCP_FLAGS;
        }
        if (s.tcpHeaderLength != TcpHeader.MIN_LENGTH && !s.timestamp) {
            return Verdict.TCP_OPTIONS;
        }
        if (s.timestamp && s.tsecr == 0) {
            return Verdict.TSECR_ZERO;
        }
        return null;
    }

    @Override
    public @Nullable Verdict checkAppend(final FlowDescriptor d, final Segment s) {
        if (s.seq() != d.nextSeq) {
            return Verdict.OUT_OF_ORDER;
        }
        final Verdict v = checkStart(s);
        if (v != null) {
            return v;
        }
        if (s.timestamp != d.timestamps) {
            return Verdict.TCP_OPTIONS;
        }
        if (s.timestamp && TcpHeader.after(d.tsval, s.tsval)) {
            return Verdict.TIMESTAMP_REGRESSION;
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
        d.orFlags = s.flags() & TcpHeader.PSH;
    }

    @Override
    public void append(final FlowDescriptor d, final Segment s) {
        d.ack = s.ack();
        d.window = s.window();
        d.tsecr = s.tsecr;
        d.orFlags |= s.flags() & TcpHeader.PSH;
    }

    @Override
    public boolean closesAfter(final FlowDescriptor d, final Segment s) {
        return false;
    }

    @Override
    public boolean restartsAfterMismatch() {
        return false;
    }

    @Override
    public boolean evictsWhenFull() {
        return false;
    }

    @Override
    public boolean flushesBeforeLengthLimit() {
        return true;
    }

    @Override
    public boolean forwardable() {
        return false;
    }

    @Override
    public boolean verifiesChecksums() {
        return false;
    }

    @Override
    public int gsoSize(final FlowDescriptor d) {
        return d.largestSegmentSize;
    }

    @Override
    public int gsoFlags(final FlowDescriptor d) {
        return Packet.GSO_LRO;
    }
}
