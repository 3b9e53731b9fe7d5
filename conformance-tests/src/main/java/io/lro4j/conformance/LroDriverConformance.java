package io.lro4j.conformance;

import static io.lro4j.conformance.Frames.MSS;
import static io.lro4j.conformance.Frames.segment;
import static io.lro4j.conformance.Frames.train;

import io.lro4j.api.AggregationMode;
import io.lro4j.api.LroConfig;
import io.lro4j.api.LroStats;
import io.lro4j.api.MergePolicy;
import io.lro4j.api.check.FlowComparison;
import io.lro4j.api.check.FrameView;
import io.lro4j.api.check.Seeds;
import io.lro4j.api.check.Shrinker;
import io.lro4j.api.header.FrameBuilder;
import io.lro4j.api.header.TcpHeader;
import io.lro4j.api.packet.ChecksumState;
import io.lro4j.spi.Capability;
import io.lro4j.spi.LroDriverProvider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;
import org.opentest4j.AssertionFailedError;

/**
 * The conformance kit: subclass it, return your driver's provider from {@link #provider()}, and run it with
 * JUnit 5. Every {@link Rule} has one test here, named {@code required_<ID>_...} or {@code optional_<ID>_...};
 * each runs under every {@link #configurations() configuration} (both aggregation modes and both merge
 * policies unless overridden) through {@link DriverUnderTest}, and after each the kit also checks what
 * every rule implies: no TCP payload byte lost, duplicated, changed or reordered within a flow, non-data
 * and non-TCP packets unchanged and in place, and correct checksums on aggregates built from correct
 * segments. Rules whose capability the driver does not claim are skipped with the reason.
 *
 * <pre>{@code
 * class MyDriverConformanceTest extends LroDriverConformance {
 *     @Override
 *     protected LroDriverProvider provider() {
 *         return new MyDriverProvider();
 *     }
 * }
 * }</pre>
 */
@TestMethodOrder(MethodOrderer.DisplayName.class) // rule id order in reports
public abstract class LroDriverConformance {

    /** System property: replay only this seed of {@code RAND-1}. */
    public static final String SEED_PROPERTY = "lro4j.conformance.seed";
    /** System property: how many seeds {@code RAND-1} runs (default {@value #DEFAULT_SCENARIOS}). */
    public static final String COUNT_PROPERTY = "lro4j.conformance.scenarios";
    /** Seeds {@code RAND-1} runs by default. */
    public static final int DEFAULT_SCENARIOS = 100;

    private static final long BASE_SEED = 0x1204_C0F0_2026_1125L;
    private static final int MAX_SHRINK_RUNS = 3000;

    /** Creates the kit; subclasses are instantiated by JUnit. */
    protected LroDriverConformance() {
    }

    /** @return the driver under test; called once per rule and configuration */
    protected abstract LroDriverProvider provider();

    /**
     * The engine configurations every rule runs under. Override to narrow them (a driver that cannot hold
     * the fragments of an aggregate) or to add some. A driver that receives into pages ({@link
     * Capability#PAGE_MODE}) runs in fragments mode only, since skb (chain) mode rightly passes its packets
     * up unmerged; {@link Rule#FRAG_1} checks that chain mode does so.
     *
     * @return fragments mode and, unless the driver receives into pages, chain mode, each with the inet-lro
     *     and GRO policies, otherwise the defaults
     */
    protected List<LroConfig> configurations() {
        final boolean pages = provider().capabilities().has(Capability.PAGE_MODE);
        final List<LroConfig> configs = new ArrayList<>();
        for (final AggregationMode mode : AggregationMode.values()) {
            if (pages && mode == AggregationMode.CHAIN) {
                continue;
            }
            for (final MergePolicy policy : MergePolicy.values()) {
                configs.add(LroConfig.builder().mode(mode).policy(policy).build());
            }
        }
        return configs;
    }

    /** A rule's check, run against one configuration. */
    @FunctionalInterface
    protected interface Check {
        /**
         * @param driver the driver, freshly opened with {@code config}
         * @param config the configuration
         */
        void run(DriverUnderTest driver, LroConfig config);
    }

    /**
     * Runs {@code check} for {@code rule} under every configuration, then the integrity checks every rule
     * implies; skips the rule if the driver lacks its capability.
     *
     * @param rule the rule
     * @param check what it checks
     */
    protected final void verify(final Rule rule, final Check check) {
        verify(rule, configurations(), config -> config, check);
    }

    /**
     * Runs {@code check} for {@code rule} under each of {@code configs} as {@code adapt} changes it, skipping
     * those it maps to null; aborts (skips) the rule if none is left.
     */
    private void verify(final Rule rule, final List<LroConfig> configs, final Function<LroConfig, @Nullable LroConfig> adapt,
            final Check check) {
        final LroDriverProvider provider = provider();
        assumeClaimed(rule.capability(), rule.id());
        int ran = 0;
        for (final LroConfig base : configs) {
            final LroConfig config = adapt.apply(base);
            if (config == null) {
                continue;
            }
            ran++;
            try (DriverUnderTest driver = new DriverUnderTest(provider, config)) {
                check.run(driver, config);
                driver.poll();
                checkIntegrity(driver);
                checkLimits(driver, config);
            } catch (final AssertionError e) {
                throw new AssertionFailedError(rule.id() + " (" + rule.summary() + ") failed for driver "
                        + provider.name() + " with " + config.mode() + "/" + config.policy() + ": " + e.getMessage(), e);
            }
        }
        Assumptions.assumeTrue(ran > 0, () -> rule.id() + " skipped: none of the driver's configurations applies");
    }

    /** Skips {@code what} (a rule, a golden vector) if it needs a capability the driver does not claim. */
    private void assumeClaimed(final @Nullable Capability needed, final String what) {
        if (needed != null) {
            final LroDriverProvider provider = provider();
            Assumptions.assumeTrue(provider.capabilities().has(needed),
                    () -> what + " skipped: driver " + provider.name() + " does not claim " + needed);
        }
    }

    /**
     * What every rule implies, checked after each: no data lost, duplicated, changed or reordered within a
     * flow; non-data and non-TCP packets unchanged and in place; aggregates of correct segments correct.
     *
     * @param driver a driver after its last poll
     */
    protected static void checkIntegrity(final DriverUnderTest driver) {
        final List<FrameView> inViews = new ArrayList<>();
        boolean allValid = true;
        for (final byte[] frame : driver.injected()) {
            final FrameView v = FrameView.of(frame, false, -1, 0);
            inViews.add(v);
            allValid &= !v.tcp() || (v.ipChecksumOk() && v.tcpChecksumOk() && v.lengthsOk());
        }
        final List<FrameView> outViews = new ArrayList<>();
        final List<byte[]> outBytes = new ArrayList<>();
        for (final Delivery d : driver.deliveries()) {
            outViews.add(d.view());
            outBytes.add(d.bytes());
            Assertions.assertTrue(d.linearizes(), () -> "linearizing a delivery changed its bytes or miscounted the copy: " + d);
            // UNNECESSARY vouches for the TCP checksum only: a stack verifies the IPv4 header itself (ip_rcv),
            // and Linux 2.6.18's r8169 marks a TCP frame UNNECESSARY whatever its IP header checksum.
            if (d.view().tcp() && d.checksumState() == ChecksumState.UNNECESSARY) {
                Assertions.assertTrue(d.view().tcpChecksumOk(),
                        () -> "delivered as checksum-verified but its TCP checksum is wrong: " + d);
            }
            if (allValid && d.aggregate()) {
                Assertions.assertTrue(d.view().ipChecksumOk(), () -> "aggregate with a wrong IP checksum: " + d);
                Assertions.assertTrue(d.view().tcpChecksumOk(), () -> "aggregate with a wrong TCP checksum: " + d);
                Assertions.assertTrue(d.view().lengthsOk(), () -> "aggregate whose IP length is not its size: " + d);
            }
        }
        final String difference = FlowComparison.compareFlows(inViews, driver.injected(), outViews, outBytes);
        Assertions.assertNull(difference, () -> difference + "\n  delivered: " + driver.deliveries());
    }

    /**
     * The engine's counters agree with what the stack received: merged aggregates and their segments
     * exactly, and the engine delivered and received no more than the stack got.
     *
     * @param driver a driver after its last poll
     */
    protected static void checkStats(final DriverUnderTest driver) {
        final List<Delivery> out = driver.deliveries();
        final LroStats stats = driver.stats();
        final long aggregates = out.stream().filter(Delivery::aggregate).count();
        final long segments = out.stream().filter(Delivery::aggregate).mapToLong(Delivery::segments).sum();
        Assertions.assertEquals(aggregates, stats.mergedAggregates(), () -> "merged aggregates in " + stats);
        Assertions.assertEquals(segments, stats.mergedSegments(), () -> "merged segments in " + stats);
        Assertions.assertTrue(stats.delivered() <= out.size(), () -> "the engine delivered more than the stack received: "
                + stats + ", " + out.size() + " deliveries");
        final long throughEngine = out.stream().mapToLong(Delivery::segments).sum();
        Assertions.assertTrue(stats.received() <= throughEngine,
                () -> "the engine received " + stats.received() + " packets, the stack got " + throughEngine + " segments");
    }

    /**
     * No delivery exceeds the limits: {@code maxAggregated} segments, and an IP length field that describes the
     * aggregate (so at most 65535 bytes); in chain mode an aggregate is a frag list of linear packets (skb
     * mode never merges a packet with page fragments).
     *
     * @param driver a driver after its last poll
     * @param config its configuration
     */
    protected static void checkLimits(final DriverUnderTest driver, final LroConfig config) {
        for (final Delivery d : driver.deliveries()) {
            Assertions.assertTrue(d.segments() <= config.maxAggregated(),
                    () -> "an aggregate of " + d.segments() + " segments, above maxAggregated " + config.maxAggregated() + ": " + d);
            if (d.view().tcp() && d.aggregate()) {
                // A 16-bit length field can only describe an aggregate that stayed within 65535 bytes.
                Assertions.assertTrue(d.view().lengthsOk(), () -> "an aggregate of " + d.bytes().length
                        + " bytes that its IP length field does not describe: " + d);
            }
            if (config.mode() == AggregationMode.CHAIN && d.aggregate()) {
                Assertions.assertEquals(0, d.pageFragments(), () -> "chain mode merged a packet with page fragments: " + d);
            }
        }
    }

    // ------------------------------------------------------------------------------------ helpers

    /** Asserts the deliveries as rows of {seq, payload bytes, segments} for the TCP ones with payload. */
    private static void expectData(final DriverUnderTest driver, final int[]... rows) {
        final List<Delivery> data = new ArrayList<>();
        for (final Delivery d : driver.deliveries()) {
            if (d.view().tcp() && d.view().payload().length > 0) {
                data.add(d);
            }
        }
        final List<String> want = new ArrayList<>();
        for (final int[] r : rows) {
            want.add(Integer.toUnsignedString(r[0]) + "+" + r[1] + "x" + r[2]);
        }
        final List<String> got = new ArrayList<>();
        for (final Delivery d : data) {
            got.add(d.view().seq() + "+" + d.view().payload().length + "x" + d.segments());
        }
        Assertions.assertEquals(want, got, () -> "data deliveries as seq+bytes x segments; delivered " + driver.deliveries());
    }

    private static int[] row(final int seq, final int bytes, final int segments) {
        return new int[] {seq, bytes, segments};
    }

    /** Asserts that {@code frame} was delivered byte for byte, as one packet, exactly once. */
    private static void expectUnchanged(final DriverUnderTest driver, final byte[] frame) {
        long times = driver.deliveries().stream().filter(d -> Arrays.equals(d.bytes(), frame)).count();
        Assertions.assertEquals(1, times, () -> "frame of " + frame.length + " bytes should be delivered unchanged once; delivered "
                + driver.deliveries());
    }

    /**
     * Injects {@code middle} between two data segments of the reference flow (at 1000 and {@code nextSeq}),
     * then ends the poll.
     */
    private static void amid(final DriverUnderTest driver, final byte[] middle, final int nextSeq) {
        driver.frame(segment(1000, MSS)).frame(middle).frame(segment(nextSeq, MSS)).poll();
    }

    /** @return the delivery whose data covers sequence number {@code seq} */
    static Delivery covering(final DriverUnderTest driver, final int seq) {
        for (final Delivery d : driver.deliveries()) {
            final FrameView v = d.view();
            if (v.tcp() && v.payload().length > 0 && Integer.toUnsignedLong(seq - (int) v.seq()) < v.payload().length) {
                return d;
            }
        }
        throw new AssertionFailedError("no delivery holds sequence number " + Integer.toUnsignedString(seq)
                + "; delivered " + driver.deliveries());
    }

    // -------------------------------------------------------------------------------------- seek

    @Test
    @DisplayName("SEEK-1 plain Ethernet + IPv4 + TCP frames are located and merged")
    void required_SEEK_1_plainFramesAreMerged() {
        verify(Rule.SEEK_1, (d, c) -> {
            d.frames(train(1000, 4)).poll();
            expectData(d, row(1000, 4 * MSS, 4));
        });
    }

    @Test
    @DisplayName("SEEK-2 in-band 802.1Q frames merge within a VLAN, never across VLANs")
    void required_SEEK_2_vlanFramesMergeWithinTheirVlan() {
        verify(Rule.SEEK_2, (d, c) -> {
            d.frames(segment(1000, MSS).vlan(5), segment(1000, MSS).vlan(6), segment(1000 + MSS, MSS).vlan(5),
                    segment(1000 + MSS, MSS).vlan(6)).poll();
            Assertions.assertEquals(2, d.deliveries().size(), () -> "two VLANs, two aggregates: " + d.deliveries());
            d.deliveries().forEach(x -> Assertions.assertEquals(2, x.segments(), () -> "each VLAN's pair merged: " + x));
        });
    }

    @Test
    @DisplayName("SEEK-3 a hardware-extracted VLAN tag is kept and separates flows")
    void required_SEEK_3_hardwareVlanTagIsKept() {
        verify(Rule.SEEK_3, (d, c) -> {
            d.frames(segment(1000, MSS).vlan(5), segment(1000, MSS).vlan(6), segment(1000 + MSS, MSS).vlan(5)).poll();
            final List<Integer> tags = d.deliveries().stream().map(Delivery::vlanTag).sorted().toList();
            Assertions.assertEquals(List.of(5, 6), tags, () -> "hardware tags of the deliveries: " + d.deliveries());
        });
    }

    @Test
    @DisplayName("SEEK-4 IPv4 with options is delivered unchanged")
    void required_SEEK_4_ipOptionsAreNotMerged() {
        verify(Rule.SEEK_4, (d, c) -> {
            final byte[] first = segment(1000, MSS - 4).ipOptions(new byte[] {1, 1, 1, 0}).toBytes();
            final byte[] second = segment(1000 + MSS - 4, MSS - 4).ipOptions(new byte[] {1, 1, 1, 0}).toBytes();
            d.frame(first).frame(second).poll();
            expectUnchanged(d, first);
            expectUnchanged(d, second);
        });
    }

    @Test
    @DisplayName("SEEK-5 IPv6 + TCP frames are located and merged")
    void optional_SEEK_5_ipv6FramesAreMerged() {
        verify(Rule.SEEK_5, (d, c) -> {
            final int mss = Frames.MSS_IPV6;
            for (int i = 0; i < 3; i++) {
                d.frame(segment(1000 + i * mss, mss).ipv6(0x2001_0DB8_0000_0000L, 1, 0x2001_0DB8_0000_0000L, 2));
            }
            d.poll();
            expectData(d, row(1000, 3 * mss, 3));
        });
    }

    @Test
    @DisplayName("SEEK-6 non-IP frames are delivered unchanged")
    void required_SEEK_6_nonIpIsUnchanged() {
        verify(Rule.SEEK_6, (d, c) -> {
            final byte[] arp = Frames.arp();
            amid(d, arp, 1000 + MSS);
            expectUnchanged(d, arp);
        });
    }

    @Test
    @DisplayName("SEEK-7 IP frames that are not TCP are delivered unchanged")
    void required_SEEK_7_nonTcpIsUnchanged() {
        verify(Rule.SEEK_7, (d, c) -> {
            final byte[] udp = Frames.udp(100);
            amid(d, udp, 1000 + MSS);
            expectUnchanged(d, udp);
        });
    }

    @Test
    @DisplayName("SEEK-8 a truncated frame is delivered unchanged, never merged")
    void required_SEEK_8_truncatedFrameIsNotMerged() {
        verify(Rule.SEEK_8, (d, c) -> {
            final byte[] cut = Frames.truncated(segment(1000 + MSS, MSS), 100);
            d.frame(segment(1000, MSS)).frame(cut).poll();
            expectUnchanged(d, cut);
        });
    }

    @Test
    @DisplayName("SEEK-9 a padded frame is delivered unchanged, never merged")
    void required_SEEK_9_paddedFrameIsNotMerged() {
        verify(Rule.SEEK_9, (d, c) -> {
            final byte[] first = segment(1000, 1).noOptions().padding(5).toBytes();
            final byte[] second = segment(1001, 1).noOptions().padding(5).toBytes();
            d.frame(first).frame(second).poll();
            expectUnchanged(d, first);
            expectUnchanged(d, second);
        });
    }

    // ------------------------------------------------------------------------------------ checksums

    @Test
    @DisplayName("CSUM-1 aggregates carry correct IP and TCP checksums")
    void required_CSUM_1_aggregateChecksumsAreCorrect() {
        verify(Rule.CSUM_1, (d, c) -> {
            // inet_lro merges across ACK and window changes (and writes the last); GRO flushes on them.
            final boolean changing = c.policy() == MergePolicy.INET_LRO;
            for (int i = 0; i < 5; i++) {
                d.frame(segment(77 + i * 1000, 1000).ack(Frames.ACK + (changing ? i * 17 : 0))
                        .window(501 + (changing ? i : 0)).ipId(i));
            }
            d.poll();
            expectData(d, row(77, 5000, 5));
            final Delivery a = d.deliveries().get(0);
            Assertions.assertTrue(a.view().ipChecksumOk() && a.view().tcpChecksumOk(), () -> "checksums of " + a);
        });
    }

    @Test
    @DisplayName("CSUM-2 a corrupted segment stays detectable by the stack")
    void required_CSUM_2_corruptedSegmentStaysDetectable() {
        verify(Rule.CSUM_2, (d, c) -> {
            amid(d, segment(1000 + MSS, MSS).badTcpChecksum(true).toBytes(), 1000 + 2 * MSS);
            final Delivery bad = covering(d, 1000 + MSS);
            Assertions.assertFalse(bad.view().tcpChecksumOk(),
                    () -> "the delivery holding the corrupted segment has a correct TCP checksum: " + bad);
            Assertions.assertNotEquals(ChecksumState.UNNECESSARY, bad.checksumState(),
                    () -> "the delivery holding the corrupted segment is marked verified: " + bad);
        });
    }

    @Test
    @DisplayName("CSUM-3 a segment with a bad IP header checksum is never merged")
    void required_CSUM_3_badIpChecksumIsNotMerged() {
        verify(Rule.CSUM_3, (d, c) -> {
            final byte[] bad = segment(1000 + MSS, MSS).badIpChecksum(true).toBytes();
            amid(d, bad, 1000 + 2 * MSS);
            expectUnchanged(d, bad);
        });
    }

    // ------------------------------------------------------------------------------------ merging

    @Test
    @DisplayName("MERGE-1 an in-order train becomes one aggregate with GSO size and count")
    void required_MERGE_1_trainBecomesOneAggregate() {
        verify(Rule.MERGE_1, (d, c) -> {
            d.frames(train(5000, 8)).poll();
            expectData(d, row(5000, 8 * MSS, 8));
            final Delivery a = d.deliveries().get(0);
            Assertions.assertEquals(MSS, a.gsoSize(), () -> "GSO size of " + a);
            Assertions.assertEquals(20 + 32 + 8 * MSS, a.view().ipLengthField(), () -> "IP length of " + a);
        });
    }

    @Test
    @DisplayName("MERGE-2 a PSH flag is never lost")
    void required_MERGE_2_pshIsNeverLost() {
        verify(Rule.MERGE_2, (d, c) -> {
            amid(d, segment(1000 + MSS, MSS).flags(TcpHeader.ACK | TcpHeader.PSH).toBytes(), 1000 + 2 * MSS);
            final Delivery p = covering(d, 1000 + MSS);
            Assertions.assertNotEquals(0, p.view().flags() & TcpHeader.PSH, () -> "PSH lost: " + p);
        });
    }

    @Test
    @DisplayName("MERGE-3 an out-of-order segment is never merged")
    void required_MERGE_3_outOfOrderIsNotMerged() {
        verify(Rule.MERGE_3, (d, c) -> {
            amid(d, segment(1000 + 2 * MSS, MSS).toBytes(), 1000 + MSS);
            expectData(d, row(1000, MSS, 1), row(1000 + 2 * MSS, MSS, 1), row(1000 + MSS, MSS, 1));
        });
    }

    @Test
    @DisplayName("MERGE-4 SYN, RST and URG segments are never merged")
    void required_MERGE_4_synRstUrgAreNotMerged() {
        for (final int flag : new int[] {TcpHeader.SYN, TcpHeader.RST, TcpHeader.URG}) {
            verify(Rule.MERGE_4, (d, c) -> {
                amid(d, segment(1000 + MSS, MSS).flags(TcpHeader.ACK | flag).toBytes(), 1000 + 2 * MSS);
                final Delivery x = covering(d, 1000 + MSS);
                Assertions.assertEquals(1, x.segments(), () -> "flag 0x" + Integer.toHexString(flag) + " merged: " + x);
            });
        }
    }

    @Test
    @DisplayName("MERGE-5 a CE-marked segment is never merged")
    void required_MERGE_5_ceIsNotMerged() {
        verify(Rule.MERGE_5, (d, c) -> {
            final byte[] ce = segment(1000 + MSS, MSS).tos(3).toBytes();
            amid(d, ce, 1000 + 2 * MSS);
            expectUnchanged(d, ce);
        });
    }

    @Test
    @DisplayName("MERGE-6 different ports or addresses are never merged")
    void required_MERGE_6_flowsAreKeptApart() {
        verify(Rule.MERGE_6, (d, c) -> {
            final FrameBuilder[] other = {segment(1000, MSS).ports(40001, 80), segment(1000, MSS).ipv4(0x0A00_0003L, 0x0A00_0002L),
                segment(1000, MSS).ports(40000, 81)};
            d.frame(segment(1000, MSS));
            for (final FrameBuilder f : other) {
                d.frame(f);
            }
            d.frame(segment(1000 + MSS, MSS));
            for (final FrameBuilder f : other) {
                d.frame(f.seq(1000 + MSS));
            }
            d.poll();
            Assertions.assertEquals(4, d.deliveries().size(), () -> "four flows, four aggregates: " + d.deliveries());
        });
    }

    @Test
    @DisplayName("MERGE-7 no aggregate exceeds 65535 bytes of IP length")
    void required_MERGE_7_lengthLimit() {
        verify(Rule.MERGE_7, (d, c) -> {
            d.frames(train(1, 64)).poll();
            for (final Delivery x : d.deliveries()) {
                Assertions.assertTrue(x.bytes().length - 14 <= 0xFFFF, () -> "aggregate of " + x.bytes().length + " bytes: " + x);
            }
            Assertions.assertTrue(d.deliveries().size() >= 2, () -> "64 x 1448 bytes cannot fit one aggregate: " + d.deliveries());
        });
    }

    @Test
    @DisplayName("MERGE-8 a pure ACK is delivered unchanged")
    void required_MERGE_8_pureAckIsUnchanged() {
        verify(Rule.MERGE_8, (d, c) -> {
            final byte[] ack = segment(1000 + MSS, 0).ack(Frames.ACK + 1).toBytes();
            amid(d, ack, 1000 + MSS);
            expectUnchanged(d, ack);
        });
    }

    // ------------------------------------------------------------------------------- fragments, linearize

    @Test
    @DisplayName("FRAG-1 page-fragmented packets merge only in fragments mode; skb mode passes them up whole")
    void required_FRAG_1_fragmentedPacketsInSkbMode() {
        final List<LroConfig> bothModes = new ArrayList<>();
        for (final LroConfig c : configurations()) {
            bothModes.add(c);
            if (c.mode() == AggregationMode.FRAGMENTS) {
                bothModes.add(c.toBuilder().mode(AggregationMode.CHAIN).build());
            }
        }
        verify(Rule.FRAG_1, bothModes, c -> c, (d, c) -> {
            d.frames(train(1000, 4)).poll();
            if (c.mode() == AggregationMode.CHAIN) {
                Assertions.assertEquals(4, d.deliveries().size(), () -> "skb mode merged page-fragmented packets: "
                        + d.deliveries());
                for (int i = 0; i < 4; i++) {
                    final Delivery x = d.deliveries().get(i);
                    final int frame = i;
                    Assertions.assertTrue(x.pageFragments() > 0, () -> "a page-mode driver delivered a linear packet: " + x);
                    Assertions.assertArrayEquals(d.injected().get(frame), x.bytes(), () -> "frame " + frame + " changed");
                }
            } else {
                expectData(d, row(1000, 4 * MSS, 4));
            }
        });
    }

    @Test
    @DisplayName("LIN-1 every delivery linearizes to its own bytes, the copy counted")
    void required_LIN_1_deliveriesLinearize() {
        verify(Rule.LIN_1, (d, c) -> {
            d.frames(train(1000, 6)).frame(Frames.arp()).frames(train(1000 + 6 * MSS, 2)).poll();
            Assertions.assertTrue(d.deliveries().stream().anyMatch(Delivery::aggregate), () -> "no aggregate to linearize: "
                    + d.deliveries());
            for (final Delivery x : d.deliveries()) {
                Assertions.assertTrue(x.linearizes(), () -> "linearizing changed the bytes or miscounted the copy: " + x);
            }
        });
    }

    // ------------------------------------------------------------------------------------ golden vectors

    @TestFactory
    @DisplayName("GOLD-1 the golden vectors of lro-anchors section 4 hold")
    Stream<DynamicTest> required_GOLD_1_goldenVectors() {
        return GoldenVectors.load().stream().map(v -> DynamicTest.dynamicTest(v.displayName(), () -> {
            assumeClaimed(v.needs(), Rule.GOLD_1.id() + " case " + v.id());
            verify(Rule.GOLD_1, configurations(), c -> v.skipReason(c) == null ? v.configure(c) : null, v::run);
        }));
    }

    // ------------------------------------------------------------------------------------ polls, stats

    @Test
    @DisplayName("POLL-1 nothing is held past the end of a poll")
    void required_POLL_1_pollEndFlushes() {
        verify(Rule.POLL_1, (d, c) -> {
            d.frames(train(1000, 3)).poll();
            expectData(d, row(1000, 3 * MSS, 3));
            d.frames(segment(1000 + 3 * MSS, MSS)).poll();
            expectData(d, row(1000, 3 * MSS, 3), row(1000 + 3 * MSS, MSS, 1));
        });
    }

    @Test
    @DisplayName("STATS-1 statistics agree with the deliveries")
    void required_STATS_1_statisticsAgree() {
        verify(Rule.STATS_1, (d, c) -> {
            d.frames(train(1000, 5)).frame(Frames.arp()).frame(segment(1000 + 5 * MSS, 0))
                    .frames(segment(90_000, MSS).ports(40001, 80), segment(90_000 + MSS, MSS).ports(40001, 80)).poll();
            checkStats(d);
        });
    }

    // ------------------------------------------------------------------------------------ random traffic

    @TestFactory
    @DisplayName("RAND-1 randomized traffic keeps every property")
    Stream<DynamicTest> required_RAND_1_randomTraffic() {
        return Seeds.fromProperties(SEED_PROPERTY, COUNT_PROPERTY, DEFAULT_SCENARIOS, BASE_SEED).mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed, () -> randomTraffic(seed)));
    }

    private void randomTraffic(final long seed) {
        final LroDriverProvider provider = provider();
        final Traffic traffic = TrafficGenerator.forDriver(provider.capabilities()).generate(seed);
        final LroConfig config = randomConfig(seed, configurations());
        final String failure = run(provider, config, traffic);
        if (failure != null) {
            final Traffic minimal = shrink(provider, config, traffic);
            throw new AssertionFailedError(Rule.RAND_1.id() + " (" + Rule.RAND_1.summary() + ") failed for driver "
                    + provider.name() + ", seed " + seed + ", " + config + ":\n  " + failure
                    + "\n  replay: mvn test -Dtest=" + getClass().getName() + " -D" + SEED_PROPERTY + "=" + seed
                    + "\n  minimal case (" + minimal.events().size() + " of " + traffic.events().size()
                    + " events), failing with: " + run(provider, config, minimal) + "\n" + minimal.describe());
        }
    }

    /** One of the driver's configurations, with table and aggregate limits drawn from the seed. */
    private static LroConfig randomConfig(final long seed, final List<LroConfig> configs) {
        final SplittableRandom r = new SplittableRandom(~seed);
        final int[] descriptors = {1, 2, 8, 64};
        final int[] aggregated = {2, 4, 64, 64};
        return configs.get(r.nextInt(configs.size())).toBuilder()
                .maxDescriptors(descriptors[r.nextInt(descriptors.length)])
                .maxAggregated(aggregated[r.nextInt(aggregated.length)]).build();
    }

    /**
     * Runs traffic through a fresh driver and checks every property after each poll and at the end.
     *
     * @return the first violation, or null
     */
    private static @Nullable String run(final LroDriverProvider provider, final LroConfig config, final Traffic traffic) {
        int polls = 0;
        try (DriverUnderTest d = new DriverUnderTest(provider, config)) {
            for (final TrafficEvent e : traffic.events()) {
                final byte[] frame = e.frame();
                if (frame != null) {
                    d.frame(frame);
                    continue;
                }
                d.poll();
                polls++;
                checkIntegrity(d);
            }
            d.poll();
            checkIntegrity(d);
            checkStats(d);
            checkLimits(d, config);
            return null;
        } catch (final AssertionError e) {
            return "after poll " + polls + ": " + e.getMessage();
        } catch (final RuntimeException e) {
            return "the driver threw " + e;
        }
    }

    /** Shrinks failing traffic to a minimal event sequence that still fails. */
    private static Traffic shrink(final LroDriverProvider provider, final LroConfig config, final Traffic failing) {
        return failing.withEvents(Shrinker.shrink(failing.events(),
                events -> run(provider, config, failing.withEvents(events)) != null, MAX_SHRINK_RUNS));
    }
}
