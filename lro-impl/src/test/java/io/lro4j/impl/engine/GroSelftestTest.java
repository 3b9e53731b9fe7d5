package io.lro4j.impl.engine;

import static io.lro4j.impl.engine.AnchorCasesTest.assertShape;
import static io.lro4j.impl.engine.AnchorCasesTest.row;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lro4j.api.AggregationMode;
import io.lro4j.api.MergePolicy;
import io.lro4j.api.Verdict;
import io.lro4j.api.header.FrameBuilder;
import io.lro4j.api.packet.Packet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The GRO policy against the expectations of Linux's {@code tools/testing/selftests/net/gro.c} (100-byte
 * payloads), as listed in research/lro-anchors.md §4 and §2.2.
 */
class GroSelftestTest {

    static FrameBuilder s(final int seq, final int n) {
        return new FrameBuilder().ipv4(0x0A00_0001L, 0x0A00_0002L).ports(40000, 80).seq(seq).ack(1).window(1000)
                .timestamp(5, 6).payloadLength(n);
    }

    static Harness gro(final AggregationMode mode) {
        return new Harness(mode, MergePolicy.GRO);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(AggregationMode.class)
    @DisplayName("100 + 100 -> 200; 100 + 50 -> 150; 50 + 100 -> 50, 100")
    void sizes(final AggregationMode mode) {
        Harness h = gro(mode);
        h.rx(s(0, 100)).rx(s(100, 100)).flush();
        assertShape(h.out(), row(0, 200, 2));
        h.close();
        h = gro(mode);
        h.rx(s(0, 100)).rx(s(100, 50)).flush();
        assertShape(h.out(), row(0, 150, 2));
        h.close();
        h = gro(mode);
        h.rx(s(0, 50)).rx(s(50, 100)).flush();
        assertShape(h.out(), row(0, 50, 1), row(50, 100, 1));
        assertEquals(1, h.stats().flushesBy(Verdict.SEGMENT_SIZE));
        h.close();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(AggregationMode.class)
    @DisplayName("IP ID: DF +1 -> 200, DF fixed -> 200, no-DF +1 -> 200, no-DF fixed -> 200")
    void ipIdSequences(final AggregationMode mode) {
        for (final boolean df : new boolean[] {true, false}) {
            for (final int step : new int[] {1, 0}) {
                final Harness h = gro(mode);
                h.rx(s(0, 100).dontFragment(df).ipId(7)).rx(s(100, 100).dontFragment(df).ipId(7 + step)).flush();
                assertShape(h.out(), row(0, 200, 2));
                assertEquals(step == 0 ? Packet.GSO_FIXED_ID : 0, h.out().get(0).gsoFlags() & Packet.GSO_FIXED_ID);
                h.close();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(AggregationMode.class)
    @DisplayName("IP ID: incrementing then repeated -> 200, 100; fixed then incremented -> 200, 100")
    void ipIdMixed(final AggregationMode mode) {
        Harness h = gro(mode);
        h.rx(s(0, 100).ipId(1)).rx(s(100, 100).ipId(2)).rx(s(200, 100).ipId(2)).flush();
        assertShape(h.out(), row(0, 200, 2), row(200, 100, 1));
        assertEquals(1, h.stats().flushesBy(Verdict.IP_ID_MISMATCH));
        h.close();
        h = gro(mode);
        h.rx(s(0, 100).ipId(1)).rx(s(100, 100).ipId(1)).rx(s(200, 100).ipId(2)).flush();
        assertShape(h.out(), row(0, 200, 2), row(200, 100, 1));
        h.close();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(AggregationMode.class)
    @DisplayName("different TTL, TOS or ECN -> 100, 100")
    void ipHeaderFields(final AggregationMode mode) {
        for (final FrameBuilder second : new FrameBuilder[] {s(100, 100).ttl(1), s(100, 100).tos(4), s(100, 100).tos(1)}) {
            final Harness h = gro(mode);
            h.rx(s(0, 100)).rx(second).flush();
            assertShape(h.out(), row(0, 100, 1), row(100, 100, 1));
            h.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(AggregationMode.class)
    @DisplayName("seq + 1 gap -> 100, 100; bad checksum -> 100, 100")
    void gapAndBadChecksum(final AggregationMode mode) {
        Harness h = gro(mode);
        h.rx(s(0, 100)).rx(s(101, 100)).flush();
        assertShape(h.out(), row(0, 100, 1), row(101, 100, 1));
        h.close();
        h = gro(mode);
        h.inputState = io.lro4j.api.packet.ChecksumState.NONE;
        h.rx(s(0, 100)).rx(s(100, 100).badTcpChecksum(true)).flush();
        assertEquals(2, h.out().size());
        assertEquals(1, h.stats().verdict(Verdict.BAD_TCP_CHECKSUM));
        h.close();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(AggregationMode.class)
    @DisplayName("IPv6: traffic class and flow label must match; 100 + 100 -> 200")
    void ipv6(final AggregationMode mode) {
        final long hi = 0x2001_0DB8_0000_0000L;
        Harness h = gro(mode);
        h.rx(s(0, 100).ipv6(hi, 1, hi, 2)).rx(s(100, 100).ipv6(hi, 1, hi, 2)).flush();
        assertShape(h.out(), row(0, 200, 2));
        assertEquals(40 + 32 + 200, h.out().get(0).ipLengthField() + 40);
        h.close();
        h = gro(mode);
        h.rx(s(0, 100).ipv6(hi, 1, hi, 2).flowLabel(5)).rx(s(100, 100).ipv6(hi, 1, hi, 2).flowLabel(6)).flush();
        assertShape(h.out(), row(0, 100, 1), row(100, 100, 1));
        h.close();
    }
}
