package io.lro4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LroConfigTest {

    @Test
    @DisplayName("defaults follow inet_lro and the paper")
    void defaults() {
        final LroConfig c = LroConfig.defaults();
        assertEquals(AggregationMode.CHAIN, c.mode());
        assertEquals(MergePolicy.INET_LRO, c.policy());
        assertEquals(8, c.maxDescriptors());
        assertEquals(64, c.maxAggregated());
        assertEquals(1500, c.mtu());
        assertEquals(0, c.flushTimeoutNanos());
        assertFalse(c.forwarding());
        assertEquals(c.toString(), c.toBuilder().build().toString());
    }

    @Test
    @DisplayName("invalid values fail fast with a message naming the setting")
    void validation() {
        assertMessage("maxDescriptors", () -> LroConfig.builder().maxDescriptors(0).build());
        assertMessage("maxDescriptors", () -> LroConfig.builder().maxDescriptors(LroConfig.MAX_DESCRIPTORS + 1).build());
        assertMessage("maxAggregated", () -> LroConfig.builder().maxAggregated(0).build());
        assertMessage("mtu", () -> LroConfig.builder().mtu(10).build());
        assertMessage("flushTimeoutNanos", () -> LroConfig.builder().flushTimeoutNanos(-1).build());
        assertMessage("mode", () -> AggregationMode.parse("linear"));
        assertMessage("policy", () -> MergePolicy.parse("freebsd"));
        assertThrows(NullPointerException.class, () -> LroConfig.builder().mode(null));
        assertEquals(65536, LroConfig.builder().maxDescriptors(65536).build().maxDescriptors());
    }

    @Test
    @DisplayName("mode and policy names parse, including Themann's skb/page")
    void parse() {
        assertEquals(AggregationMode.CHAIN, AggregationMode.parse("skb"));
        assertEquals(AggregationMode.FRAGMENTS, AggregationMode.parse(" Page "));
        assertEquals(MergePolicy.INET_LRO, MergePolicy.parse("inet-lro"));
        assertEquals(MergePolicy.GRO, MergePolicy.parse("GRO"));
    }

    private static void assertMessage(final String setting, final org.junit.jupiter.api.function.Executable e) {
        final IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
        assertTrue(x.getMessage().startsWith(setting + " "), x.getMessage());
    }

    @Test
    @DisplayName("stats derive delivered and the LRO rate from the counters")
    void stats() {
        final long[] v = new long[Verdict.values().length];
        v[Verdict.HELD.ordinal()] = 10;
        v[Verdict.MERGED.ordinal()] = 30;
        v[Verdict.ZERO_PAYLOAD.ordinal()] = 5;
        final long[] c = new long[FlushCause.values().length];
        c[FlushCause.FLUSH_ALL.ordinal()] = 10;
        final LroStats s = new LroStats(v, c, new long[Verdict.values().length], 8, 38);
        assertEquals(45, s.received());
        assertEquals(40, s.aggregated());
        assertEquals(15, s.delivered());
        assertEquals(4.0, s.lroRate());
        assertEquals(0.0, LroStats.empty().lroRate());
        assertTrue(s.format().contains("lroRate"));
    }

    @Test
    @DisplayName("without lro-impl on the path, creating an engine says what to add")
    void noEngine() {
        final IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Lro.newEngine(LroConfig.defaults(), p -> { }));
        assertTrue(e.getMessage().contains("io.github.lro4j:lro-impl"), e.getMessage());
    }
}
