package io.lro4j.impl.engine;

import static io.lro4j.api.AggregationMode.CHAIN;
import static io.lro4j.api.AggregationMode.FRAGMENTS;
import static io.lro4j.api.MergePolicy.GRO;
import static io.lro4j.api.MergePolicy.INET_LRO;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lro4j.api.AggregationMode;
import io.lro4j.api.FlushCause;
import io.lro4j.api.LroConfig;
import io.lro4j.api.MergePolicy;
import io.lro4j.api.Verdict;
import io.lro4j.api.header.FrameBuilder;
import io.lro4j.api.header.TcpHeader;
import io.lro4j.api.packet.ChecksumState;
import io.lro4j.api.packet.GsoType;
import io.lro4j.api.packet.Packet;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The 34 test cases of research/lro-anchors.md §4 ("test cases any correct LRO must pass"), each in both
 * aggregation modes and, where the expectation depends on the policy ("policy" in the notes), under both
 * policies with the policy's own expectation.
 *
 * <p>Flow F = 10.0.0.1:40000 -> 10.0.0.2:80, IPv4 without options, DF, TTL 64, TOS 0, NOP,NOP,TS options:
 * 1448-byte payloads make 1500-byte IP packets.
 */
class AnchorCasesTest {

    static final int A = 0x1000_0000;
    static final int W = 501;
    static final int T = 7_000_000;
    static final int E = 9_000_000;

    static FrameBuilder d(final int seq, final int n) {
        return new FrameBuilder().ipv4(0x0A00_0001L, 0x0A00_0002L).ports(40000, 80).seq(seq).ack(A).window(W)
                .timestamp(T, E).payloadLength(n);
    }

    static FrameBuilder g(final int seq, final int n) {
        return d(seq, n).ports(40001, 80);
    }

    static FrameBuilder pureAck(final int seq) {
        return d(seq, 0);
    }

    static Stream<Arguments> all() {
        return Stream.of(Arguments.of(CHAIN, INET_LRO), Arguments.of(FRAGMENTS, INET_LRO),
                Arguments.of(CHAIN, GRO), Arguments.of(FRAGMENTS, GRO));
    }

    /** Asserts the delivered packets as {seq, payload length, segments} rows, and valid checksums. */
    static void assertShape(final List<Out> out, final int[]... rows) {
        assertEquals(rows.length, out.size(), () -> "delivered " + out);
        for (int i = 0; i < rows.length; i++) {
            final Out o = out.get(i);
            final int row = i;
            assertEquals(rows[i][0], o.seq(), () -> "seq of packet " + row + " in " + out);
            assertEquals(rows[i][1], o.payloadLength(), () -> "payload of packet " + row + " in " + out);
            assertEquals(rows[i][2], o.segments(), () -> "segments of packet " + row + " in " + out);
            assertTrue(o.ipChecksumOk(), "IP checksum of packet " + i);
            assertTrue(o.tcpChecksumOk(), "TCP checksum of packet " + i);
        }
    }

    static int[] row(final int seq, final int len, final int segments) {
        return new int[] {seq, len, segments};
    }

    static byte[] concat(final FrameBuilder... frames) {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (final FrameBuilder f : frames) {
            final byte[] b = f.toBytes();
            bytes.write(b, b.length - f.payloadLength(), f.payloadLength());
        }
        return bytes.toByteArray();
    }

    // ------------------------------------------------------------------- basic merging and rewrite

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("all")
    @DisplayName("1: in-order train -> one packet, rewritten lengths and valid checksums")
    void case01InOrderTrain(final AggregationMode mode, final MergePolicy policy) {
        final Harness h = new Harness(mode, policy);
        h.rx(d(1000, 1448)).rx(d(2448, 1448)).rx(d(3896, 1448)).flush();
        final List<Out> out = h.out();
        assertShape(out, row(1000, 4344, 3));
        final Out o = out.get(0);
        assertEquals(20 + 32 + 4344, o.ipLengthField());
        assertEquals(1448, o.gsoSize());
        assertEquals(GsoType.TCPV4, h.delivered.get(0).gsoType());
        assertEquals(ChecksumState.UNNECESSARY, o.checksumState());
        assertArrayEquals(concat(d(1000, 1448), d(2448, 1448), d(3896, 1448)), o.payload());
        assertEquals(mode == FRAGMENTS ? 2 : 0, o.fragments());
        h.close();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(AggregationMode.class)
    @DisplayName("2 (inet_lro): ACK, window and TSecr of the last segment, TSval of the first")
    void case02HeaderRewriteInetLro(final AggregationMode mode) {
        final Harness h = new Harness(mode, INET_LRO);
        h.rx(d(1000, 1448)).rx(d(2448, 1448)).rx(d(3896, 1448).ack(A + 500).window(W - 100).timestamp(T, E + 7)).flush();
        assertShape(h.out(), row(1000, 4344, 3));
        final Out o = h.out().get(0);
        assertEquals(A + 500, o.ack());
        assertEquals(W - 100, o.window());
        assertEquals(E + 7, o.tsecr());
        assertEquals(T, o.tsval());
        assertEquals(Packet.GSO_LRO, o.gsoFlags() & Packet.GSO_LRO);
        h.close();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(AggregationMode.class)
    @DisplayName("2 (GRO): a changed ACK or window ends the aggregate")
    void case02HeaderRewriteGro(final AggregationMode mode) {
        final Harness h = new Harness(mode, GRO);
        h.rx(d(1000, 1448)).rx(d(2448, 1448)).rx(d(3896, 1448).ack(A + 500).window(W - 100).timestamp(T, E + 7)).flush();
        assertShape(h.out(), row(1000, 2896, 2), row(3896, 1448, 1));
        assertEquals(1, h.stats().flushesBy(Verdict.ACK_MISMATCH));
        h.close();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("all")
    @DisplayName("3: odd lengths -> the rebuilt TCP checksum verifies (odd-offset folding)")
    void case03OddLengths(final AggregationMode mode, final MergePolicy policy) {
        final Harness h = new Harness(mode, policy);
        h.rx(d(1000, 1447)).rx(d(2447, 1448)).rx(d(3895, 3)).flush();
        if (policy == INET_LRO) {
            assertShape(h.out(), row(1000, 2898, 3));
            assertEquals(1448, h.out().get(0).gsoSize(), "inet_lro reports the largest segment");
        } else {
            // GRO: a segment longer than the first ends the aggregate; the short last one closes the next.
            assertShape(h.out(), row(1000, 1447, 1), row(2447, 1451, 2));
        }
        h.close();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("all")
    @DisplayName("4: a single held segment is delivered byte-identical, not marked as an aggregate")
    void case04SingleSegmentUntouched(final AggregationMode mode, final MergePolicy policy) {
        final Harness h = new Harness(mode, policy);
        final FrameBuilder f = d(1000, 1448);
        h.rx(f).flush();
        assertEquals(1, h.out().size());
        assertArrayEquals(f.toBytes(), h.out().get(0).bytes());
        assertEquals(0, h.out().get(0).gsoSegments());
        assertEquals(GsoType.NONE, h.delivered.get(0).gsoType());
        assertEquals(1, h.stats().verdict(Verdict.HELD));
        h.close();
    }

    // ------------------------------------------------------------------------- sequence and ordering

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("all")
    @DisplayName("5: a sequence gap flushes; inet_lro passes the packet up, GRO holds it as a new head")
    void case05Gap(final AggregationMode mode, final MergePolicy policy) {
        final Harness h = new Harness(mode, policy);
        h.rx(d(1000, 1448)).rx(d(2448, 1448)).rx(d(5344, 1448));
        assertEquals(policy == INET_LRO ? 2 : 1, h.delivered.size(), "the gap packet is delivered at once by inet_lro only");
        h.flush();
        assertShape(h.out(), row(1000, 2896, 2), row(5344, 1448, 1));
        assertArrayEquals(d(5344, 1448).toBytes(), h.out().get(1).bytes());
        assertEquals(policy == INET_LRO ? 1 : 0, h.stats().verdict(Verdict.OUT_OF_ORDER));
        assertEquals(1, h.stats().flushesBy(Verdict.OUT_OF_ORDER));
        h.close();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("all")
    @DisplayName("6: a retransmission flushes and is delivered after the aggregate")
    void case06Retransmission(final AggregationMode mode, final MergePolicy policy) {
        final Harness h = new Harness(mode, policy);
        h.rx(d(1000, 1448)).rx(d(2448, 1448)).rx(d(1000, 1448)).flush();
        assertShape(h.out(), row(1000, 2896, 2), row(1000, 1448, 1));
        assertArrayEquals(d(1000, 1448).toBytes(), h.out().get(1).bytes());
        h.close();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("all")
    @DisplayName("7: sequence numbers wrap modulo 2^32")
    void case07SequenceWrap(final AggregationMode mode, final MergePolicy policy) {
        final Harness h = new Harness(mode, policy);
        h.rx(d(0xFFFFF000, 1448)).rx(d(0xFFFFF5A8, 1448)).rx(d(0xFFFFFB50, 1448)).flush();
        assertShape(h.out(), row(0xFFFFF000, 4344, 3));
        h.close();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("all")
    @DisplayName("8: two interleaved flows -> one aggregate each")
    void case08TwoFlows(final AggregationMode mode, final MergePolicy policy) {
        final Harness h = new Harness(mode, policy);
        h.rx(d(1000, 1448)).rx(g(50_000, 1000)).rx(d(2448, 1448)).rx(g(51_000, 1000)).flush();
        assertShape(h.out(), row(1000, 2896, 2), row(50_000, 2000, 2));
        h.close();
    }

    // ---------------------------------------------------------------- flags and zero-length segments

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("all")
    @DisplayName("9: a pure ACK on an active flow flushes it and is delivered unchanged")
    void case09PureAck(final AggregationMode mode, final MergePolicy policy) {
        final Harness h = new Harness(mode, policy);
        h.rx(d(1000, 1448)).rx(d(2448, 1448)).rx(pureAck(3896));
        assertEquals(2, h.delivered.size(), "flushed before the ACK, then the ACK");
        h.flush();
        assertShape(h.out(), row(1000, 2896, 2), row(3896, 0, 1));
        assertArrayEquals(pureAck(3896).toBytes(), h.out().get(1).bytes());
        assertEquals(1, h.stats().verdict(Verdict.ZERO_PAYLOAD));
        h.close();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("all")
    @DisplayName("10: duplicate ACKs stay three separate packets")
    void case10DuplicateAcks(final AggregationMode mode, final MergePolicy policy) {
        final Harness h = new Harness(mode, policy);
        h.rx(pureAck(5000)).rx(pureAck(5000)).rx(pureAck(5000)).flush();
        assertEquals(3, h.out().size());
        for (final Out o : h.out()) {
            assertArrayEquals(pureAck(5000).toBytes(), o.bytes());
        }
        h.close();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("all")
    @DisplayName("11: FIN is never hidden: inet_lro passes it up alone, GRO appends it last and closes")
    void case11Fin(final AggregationMode mode, final MergePolicy policy) {
        final Harness h = new Harness(mode, policy);
        h.rx(d(1000, 1448)).rx(d(2448, 1448)).rx(d(3896, 1448).flags(TcpHeader.ACK | TcpHeader.FIN)).flush();
        if (policy == INET_LRO) {
            assertShape(h.out(), row(1000, 2896, 2), row(3896, 1448, 1));
            assertEquals(TcpHeader.ACK | TcpHeader.FIN, h.out().get(1).flags());
        } else {
            assertShape(h.out(), row(1000, 4344, 3));
            assertEquals(TcpHeader.ACK | TcpHeader.FIN, h.out().get(0).flags());
        }
        h.close();
    }

    static Stream<Arguments> flaggedThird() {
        return Stream.of(TcpHeader.SYN, TcpHeader.RST, TcpHeader.URG, TcpHeader.ECE, TcpHeader.CWR)
                .flatMap(flag -> all().map(a -> Arguments.of(a.get()[0], a.get()[1], flag)));
    }

    @ParameterizedTest(name = "{0} {1} flag 0x{2}")
    @MethodSource("flaggedThird")
    @DisplayName("12: SYN/RST/URG/ECE/CWR on the 3rd of 5 splits the train around it")
    void case12FlaggedThird(final AggregationMode mode, final MergePolicy policy, final int flag) {
        final Harness h = new Harness(mode, policy);
        h.rx(d(1000, 1448)).rx(d(2448, 1448)).rx(d(3896, 1448).flags(TcpHeader.ACK | flag))
                .rx(d(5344, 1448)).rx(d(6792, 1448)).flush();
        if (policy == GRO && flag == TcpHeader.CWR) {
            // GRO: CWR may only start an aggregate (Linux puts it on a TSO burst's first segment).
            assertShape(h.out(), row(1000, 2896, 2), row(3896, 4344, 3));
            assertEquals(Packet.GSO_ECN, h.out().get(1).gsoFlags() & Packet.GSO_ECN);
        } else {
            assertShape(h.out(), row(1000, 2896, 2), row(3896, 1448, 1), row(5344, 2896, 2));
            assertEquals(TcpHeader.ACK | flag, h.out().get(1).flags());
        }
        h.close();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("all")
    @DisplayName("13: PSH on the 3rd of 5 never disappears")
    void case13Psh(final AggregationMode mode, final MergePolicy policy) {
        final Harness h = new Harness(mode, policy);
        h.rx(d(1000, 1448)).rx(d(2448, 1448)).rx(d(3896, 1448).flags(TcpHeader.ACK | TcpHeader.PSH))
                .rx(d(5344, 1448)).rx(d(6792, 1448)).flush();
        if (policy == INET_LRO) {
            assertShape(h.out(), row(1000, 7240, 5));
            assertEquals(TcpHeader.ACK | TcpHeader.PSH, h.out().get(0).flags());
        } else {
            assertShape(h.out(), row(1000, 4344, 3), row(5344, 2896, 2));
            assertEquals(TcpHeader.ACK | TcpHeader.PSH, h.out().get(0).flags());
            assertEquals(TcpHeader.ACK, h.out().get(1).flags());
            assertEquals(1, h.stats().flushes(FlushCause.CLOSED));
        }
        h.close();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("all")
    @DisplayName("14: a segment without ACK is not merged; its flow is flushed first")
    void case14NoAck(final AggregationMode mode, final MergePolicy policy) {
        final Harness h = new Harness(mode, policy);
        h.rx(d(1000, 1448)).rx(d(2448, 1448)).rx(d(3896, 1448).flags(0)).flush();
        assertShape(h.out(), row(1000, 2896, 2), row(3896, 1448, 1));
        assertEquals(1, h.stats().flushesBy(Verdict.TCP_FLAGS));
        h.close();
    }

    // ------------------------------------------------------------------------ TCP options, timestamps

    static byte[] options(final int... bytes) {
        final byte[] b = new byte[bytes.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return b;
    }

    static Stream<Arguments> otherLayouts() {
        final byte[] tsNopNop = options(8, 10, 0, 0, 0, 1, 0, 0, 0, 2, 1, 1);
        final byte[] nopTsNop = options(1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2, 1);
        final byte[] sack = options(1, 1, 5, 10, 0, 0, 0, 1, 0, 0, 0, 9);
        final byte[] mss = options(2, 4, 5, 0xB4);
        final byte[] wscale = options(1, 3, 3, 7);
        return Stream.of(tsNopNop, nopTsNop, sack, mss, wscale).flatMap(o -> Stream.of(CHAIN, FRAGMENTS)
                .map(m -> Arguments.of(m, o)));
    }

    @ParameterizedTest(name = "{0} options {index}")
    @MethodSource("otherLayouts")
    @DisplayName("15, 16 (inet_lro): any options but none or NOP,NOP,TS are not merged")
    void case15And16OtherOptions(final AggregationMode mode, final byte[] layout) {
        final Harness h = new Harness(mode, INET_LRO);
        h.rx(d(1000, 1448)).rx(d(2448, 1448).tcpOptions(layout)).rx(d(2448 + 1448, 1448).tcpOptions(layout)).flush();
        assertShape(h.out(), row(1000, 1448, 1), row(2448, 1448, 1), row(3896, 1448, 1));
        assertEquals(2, h.stats().verdict(Verdict.TCP_OPTIONS));
        h.close();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("all")
    @DisplayName("17: a TSval regression ends the aggregate")
    void case17TimestampRegression(final AggregationMode mode, final MergePolicy policy) {
        final Harness h = new Harness(mode, policy);
        h.rx(d(1000, 1448)).rx(d(2448, 1448)).rx(d(3896, 1448).timestamp(T - 1, E)).flush();
        assertShape(h.out(), row(1000, 2896, 2), row(3896, 1448, 1));
        assertEquals(1, h.stats().flushesBy(policy == INET_LRO ? Verdict.TIMESTAMP_REGRESSION : Verdict.OPTIONS_MISMATCH));
        h.close();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(AggregationMode.class)
    @DisplayName("18 (inet_lro): TSval wrap-around is 'after' (serial arithmetic)")
    void case18TimestampWrap(final AggregationMode mode) {
        final Harness h = new Harness(mode, INET_LRO);
        h.rx(d(1000, 1448).timestamp(0xFFFFFFF0, E)).rx(d(2448, 1448).timestamp(0x00000010, E)).flush();
        assertShape(h.out(), row(1000, 2896, 2));
        assertEquals(0xFFFFFFF0, h.out().get(0).tsval(), "the first TSval is kept (PAWS)");
        h.close();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(AggregationMode.class)
    @DisplayName("19 (inet_lro): TSecr = 0 is never aggregated, not even as the first segment")
    void case19TsecrZero(final AggregationMode mode) {
        final Harness h = new Harness(mode, INET_LRO);
        h.rx(d(1000, 1448).timestamp(T, 0)).rx(d(2448, 1448).timestamp(T, 0)).flush();
        assertShape(h.out(), row(1000, 1448, 1), row(2448, 1448, 1));
        assertEquals(2, h.stats().verdict(Verdict.TSECR_ZERO));
        h.close();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("all")
    @DisplayName("20: mixing doff 5 and doff 8 within a flow flushes at the boundary")
    void case20OptionMix(final AggregationMode mode, final MergePolicy policy) {
        final Harness h = new Harness(mode, policy);
        h.rx(d(1000, 1448)).rx(d(2448, 1448)).rx(d(3896, 1448).noOptions()).rx(d(5344, 1448).noOptions()).flush();
        if (policy == INET_LRO) {
            assertShape(h.out(), row(1000, 2896, 2), row(3896, 1448, 1), row(5344, 1448, 1));
        } else {
            assertShape(h.out(), row(1000, 2896, 2), row(3896, 2896, 2));
        }
        h.close();
    }

    // ------------------------------------------------------------------------------------- IP layer

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("all")
    @DisplayName("21: IPv4 options on the middle segment -> no merge across it")
    void case21IpOptions(final AggregationMode mode, final MergePolicy policy) {
        final Harness h = new Harness(mode, policy);
        h.rx(d(1000, 1448)).rx(d(2448, 1448).ipOptions(options(1, 1, 1, 0))).rx(d(3896, 1448)).flush();
        assertShape(h.out(), row(1000, 1448, 1), row(2448, 1448, 1), row(3896, 1448, 1));
        assertEquals(1, h.stats().verdict(Verdict.IP_OPTIONS));
        h.close();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("all")
    @DisplayName("22: an IP fragment is never aggregated, even when the driver's seeker accepted it")
    void case22IpFragment(final AggregationMode mode, final MergePolicy policy) {
        final Harness h = new Harness(mode, policy);
        h.rx(d(1000, 1448)).rx(d(2448, 1448).fragment(true, 0)).rx(d(3896, 1448)).flush();
        assertShape(h.out(), row(1000, 1448, 1), row(2448, 1448, 1), row(3896, 1448, 1));
        assertEquals(1, h.stats().verdict(Verdict.IP_FRAGMENT));
        h.close();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("all")
    @DisplayName("23: a CE mark is never hidden inside an aggregate")
    void case23EcnCe(final AggregationMode mode, final MergePolicy policy) {
        final Harness h = new Harness(mode, policy);
        h.rx(d(1000, 1448).tos(2)).rx(d(2448, 1448).tos(3)).rx(d(3896, 1448).tos(2)).rx(d(5344, 1448).tos(2)).flush();
        assertShape(h.out(), row(1000, 1448, 1), row(2448, 1448, 1), row(3896, 2896, 2));
        assertEquals(3, h.out().get(1).bytes()[15] & 3, "CE delivered on its own segment");
        h.close();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(AggregationMode.class)
    @DisplayName("23 (GRO): any TOS or TTL change ends the aggregate; inet_lro does not compare them")
    void case23TosTtlChange(final AggregationMode mode) {
        for (final MergePolicy policy : MergePolicy.values()) {
            final Harness h = new Harness(mode, policy);
            h.rx(d(1000, 1448).tos(1)).rx(d(2448, 1448).tos(2)).rx(d(3896, 1448).tos(2).ttl(63)).flush();
            if (policy == GRO) {
                assertShape(h.out(), row(1000, 1448, 1), row(2448, 1448, 1), row(3896, 1448, 1));
                assertEquals(2, h.stats().flushesBy(Verdict.IP_HEADER_MISMATCH));
            } else {
                assertShape(h.out(), row(1000, 4344, 3));
            }
            h.close();
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("all")
    @DisplayName("24: a padded frame flushes its flow and is delivered with no padding counted as payload")
    void case24Padded(final AggregationMode mode, final MergePolicy policy) {
        final Harness h = new Harness(mode, policy);
        final FrameBuilder padded = d(2448, 2).noOptions().padding(4);
        assertEquals(60, padded.length());
        h.rx(d(1000, 1448).noOptions()).rx(padded).flush();
        assertEquals(2, h.out().size());
        assertEquals(1448, h.out().get(0).payloadLength());
        assertArrayEquals(padded.toBytes(), h.out().get(1).bytes());
        assertEquals(1, h.stats().verdict(Verdict.PADDED));
        assertEquals(1, h.stats().flushesBy(Verdict.PADDED));
        h.close();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("all")
    @DisplayName("25: truncated packets and lengths below the headers are rejected without underflow")
    void case25Truncated(final AggregationMode mode, final MergePolicy policy) {
        final Harness h = new Harness(mode, policy);
        h.rx(d(1000, 1448));
        final FrameBuilder f = d(2448, 1448);
        final Packet truncated = f.toPacket(h.pool);
        truncated.headLength(f.length() - 100);
        h.rx(truncated);
        final Packet lying = d(2448, 100).toPacket(h.pool);
        lying.headBuffer().putShort(lying.headOffset() + 14 + 2, (short) 30); // tot_len < ihl*4 + doff*4
        h.rx(lying);
        h.flush();
        assertEquals(3, h.out().size());
        assertEquals(1, h.stats().verdict(Verdict.TRUNCATED));
        assertEquals(1, h.stats().verdict(Verdict.MALFORMED));
        h.close();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("all")
    @DisplayName("26: a bad IPv4 header checksum is never aggregated")
    void case26BadIpChecksum(final AggregationMode mode, final MergePolicy policy) {
        final Harness h = new Harness(mode, policy);
        h.rx(d(1000, 1448)).rx(d(2448, 1448).badIpChecksum(true)).rx(d(3896, 1448)).flush();
        assertEquals(3, h.out().size());
        assertEquals(1, h.stats().verdict(Verdict.BAD_IP_CHECKSUM));
        assertArrayEquals(d(2448, 1448).badIpChecksum(true).toBytes(), h.out().get(1).bytes());
        h.close();
    }

    // ---------------------------------------------------------------------------- limits, resources

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("all")
    @DisplayName("27: maxAggregated = 4 delivers the 4-segment aggregate as soon as it is full")
    void case27MaxAggregated(final AggregationMode mode, final MergePolicy policy) {
        final Harness h = new Harness(LroConfig.builder().mode(mode).policy(policy).maxAggregated(4).build());
        for (int i = 0; i < 4; i++) {
            h.rx(d(1000 + i * 1448, 1448));
        }
        assertEquals(1, h.delivered.size(), "delivered before flushAll");
        h.rx(d(1000 + 4 * 1448, 1448)).rx(d(1000 + 5 * 1448, 1448)).flush();
        assertShape(h.out(), row(1000, 4 * 1448, 4), row(1000 + 4 * 1448, 2 * 1448, 2));
        assertEquals(1, h.stats().flushes(FlushCause.MAX_AGGREGATED));
        h.close();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("all")
    @DisplayName("28: no aggregate exceeds 65535 bytes of IP length (inet_lro flushes at 65535 - MTU)")
    void case28SixtyFourKilobytes(final AggregationMode mode, final MergePolicy policy) {
        // 64 fragment slots, so that in fragments mode the length limit, not the capacity, is what binds.
        final Harness h = new Harness(LroConfig.builder().mode(mode).policy(policy).build(), 64);
        for (int i = 0; i < 46; i++) {
            h.rx(d(1000 + i * 1448, 1448));
        }
        h.flush();
        assertShape(h.out(), row(1000, 45 * 1448, 45), row(1000 + 45 * 1448, 1448, 1));
        for (final Out o : h.out()) {
            assertTrue(o.ipLengthField() <= 65535);
        }
        h.close();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(MergePolicy.class)
    @DisplayName("29 (fragments): the fragment capacity is checked before appending")
    void case29FragmentCapacity(final MergePolicy policy) {
        final Harness h = new Harness(FRAGMENTS, policy);
        final int n = 20;
        for (int i = 0; i < n; i++) {
            h.rxPages(d(1000 + i * 1448, 1448), 66 + 700); // headers + 700 bytes, then 748 bytes
        }
        h.flush();
        // The first packet brings 2 fragments; each later one 2 more: 2 + 2 * 7 = 16 <= 17, an 8th would need 18.
        assertShape(h.out(), row(1000, 8 * 1448, 8), row(1000 + 8 * 1448, 8 * 1448, 8),
                row(1000 + 16 * 1448, 4 * 1448, 4));
        assertEquals(2, h.stats().flushes(FlushCause.MAX_FRAGMENTS));
        for (final Packet p : h.delivered) {
            assertTrue(p.fragmentCount() <= Packet.DEFAULT_MAX_FRAGMENTS);
        }
        h.close();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(AggregationMode.class)
    @DisplayName("30 (inet_lro): a full table passes the third flow through, in order, counting noDesc")
    void case30TableFullInetLro(final AggregationMode mode) {
        final Harness h = new Harness(LroConfig.builder().mode(mode).maxDescriptors(2).build());
        final FrameBuilder hFlow = d(0, 0).ports(40002, 80);
        for (int i = 0; i < 3; i++) {
            h.rx(d(1000 + i * 1448, 1448)).rx(g(50_000 + i * 1000, 1000))
                    .rx(hFlow.seq(90_000 + i * 500).payloadLength(500));
        }
        h.flush();
        assertShape(h.out(), row(90_000, 500, 1), row(90_500, 500, 1), row(91_000, 500, 1),
                row(1000, 3 * 1448, 3), row(50_000, 3000, 3));
        assertEquals(3, h.stats().noDesc());
        h.close();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(AggregationMode.class)
    @DisplayName("30 (GRO): a full table evicts the oldest aggregate")
    void case30TableFullGro(final AggregationMode mode) {
        final Harness h = new Harness(LroConfig.builder().mode(mode).policy(GRO).maxDescriptors(2).build());
        h.rx(d(1000, 1448)).rx(g(50_000, 1000)).rx(d(0, 0).ports(40002, 80).seq(90_000).payloadLength(500)).flush();
        assertEquals(1, h.stats().flushes(FlushCause.EVICTED));
        assertEquals(0, h.stats().noDesc());
        assertEquals(3, h.out().size());
        assertEquals(1000, h.out().get(0).seq(), "the oldest (flow F) was evicted first");
        h.close();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("all")
    @DisplayName("31: flushAll leaves nothing held; the next poll starts a new aggregate")
    void case31FlushAllEachPoll(final AggregationMode mode, final MergePolicy policy) {
        final Harness h = new Harness(mode, policy);
        h.rx(d(1000, 1448)).rx(d(2448, 1448)).flush();
        assertEquals(0, h.engine.activeFlows());
        h.rx(d(3896, 1448)).rx(d(5344, 1448)).flush();
        assertShape(h.out(), row(1000, 2896, 2), row(3896, 2896, 2));
        assertEquals(2, h.stats().flushes(FlushCause.FLUSH_ALL));
        h.close();
    }

    // ---------------------------------------------------------------- identity and checksum trust

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("all")
    @DisplayName("32: the same 4-tuple on two VLANs (in-band or hardware) or two devices are separate flows")
    void case32VlanAndDevice(final AggregationMode mode, final MergePolicy policy) {
        final Harness h = new Harness(mode, policy);
        h.rx(d(1000, 1448).vlan(10)).rx(d(2448, 1448).vlan(20)).rx(d(2448, 1448).vlan(10)).rx(d(3896, 1448).vlan(20));
        final Packet hw10 = d(1000, 1448).toPacket(h.pool);
        hw10.vlanTag(10).checksumState(ChecksumState.UNNECESSARY);
        final Packet hw11 = d(2448, 1448).toPacket(h.pool);
        hw11.vlanTag(11).checksumState(ChecksumState.UNNECESSARY);
        h.rx(hw10).rx(hw11);
        final Packet dev2 = d(2448, 1448).toPacket(h.pool);
        dev2.ingressDevice(2).checksumState(ChecksumState.UNNECESSARY);
        h.rx(dev2).flush();
        assertShape(h.out(), row(1000, 2896, 2), row(2448, 2896, 2), row(1000, 1448, 1), row(2448, 1448, 1),
                row(2448, 1448, 1));
        h.close();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("all")
    @DisplayName("33: unverified checksums: a corrupted segment stays detectable and is never marked UNNECESSARY")
    void case33UnverifiedCorruption(final AggregationMode mode, final MergePolicy policy) {
        final Harness h = new Harness(mode, policy);
        h.inputState = ChecksumState.NONE;
        h.rx(d(1000, 1448));
        final Packet corrupted = d(2448, 1448).toPacket(h.pool);
        final int at = corrupted.headOffset() + corrupted.headLength() - 10;
        corrupted.headBuffer().put(at, (byte) (corrupted.headBuffer().get(at) ^ 0x40));
        corrupted.checksumState(ChecksumState.NONE);
        h.rx(corrupted).rx(d(3896, 1448)).flush();
        for (final Out o : h.out()) {
            if (!o.tcpChecksumOk()) {
                assertNotEquals(ChecksumState.UNNECESSARY, o.checksumState());
            }
        }
        if (policy == INET_LRO) {
            assertEquals(1, h.out().size(), "inet_lro trusts the driver and merges");
            assertFalse(h.out().get(0).tcpChecksumOk(), "the rebuilt checksum exposes the corruption");
            assertEquals(ChecksumState.NONE, h.out().get(0).checksumState());
        } else {
            assertEquals(3, h.out().size(), "GRO verifies in software and refuses the bad segment");
            assertEquals(1, h.stats().verdict(Verdict.BAD_TCP_CHECKSUM));
            assertFalse(h.out().get(1).tcpChecksumOk());
            assertTrue(h.out().get(0).tcpChecksumOk());
        }
        h.close();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("all")
    @DisplayName("34: forwarding: inet_lro passes through; GRO aggregates carry exact GSO information")
    void case34Forwarding(final AggregationMode mode, final MergePolicy policy) {
        final Harness h = new Harness(LroConfig.builder().mode(mode).policy(policy).forwarding(true).build());
        h.rx(d(1000, 1448)).rx(d(2448, 1448)).rx(d(3896, 1448)).flush();
        if (policy == INET_LRO) {
            assertShape(h.out(), row(1000, 1448, 1), row(2448, 1448, 1), row(3896, 1448, 1));
            assertEquals(3, h.stats().verdict(Verdict.FORWARDING));
        } else {
            assertShape(h.out(), row(1000, 4344, 3));
            assertEquals(1448, h.out().get(0).gsoSize());
            assertEquals(3, h.out().get(0).gsoSegments());
            assertEquals(0, h.out().get(0).gsoFlags() & Packet.GSO_LRO);
        }
        h.close();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("all")
    @DisplayName("LRO switched off: every packet passes up untouched and is counted as DISABLED")
    void lroSwitchedOff(final AggregationMode mode, final MergePolicy policy) {
        final Harness h = new Harness(LroConfig.builder().mode(mode).policy(policy).enabled(false).build());
        h.rx(d(1000, 1448)).rx(d(2448, 1448)).rx(d(3896, 1448)).flush();
        assertShape(h.out(), row(1000, 1448, 1), row(2448, 1448, 1), row(3896, 1448, 1));
        assertEquals(3, h.stats().verdict(Verdict.DISABLED));
        assertEquals(0, h.stats().verdict(Verdict.HELD) + h.stats().verdict(Verdict.MERGED));
        h.close();
    }
}
