package io.lro4j.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lro4j.testbed.cpu.CostModel;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Testbed: every configuration delivers the sender's stream; composition and the paper's effects")
class TestbedTest {

    private static final long BYTES = 64L << 20;
    private static final Map<PaperConfig, RunResult> RESULTS = new EnumMap<>(PaperConfig.class);

    @BeforeAll
    static void runAll() {
        for (final PaperConfig c : PaperConfig.values()) {
            RESULTS.put(c, Testbed.run(c, TestbedOptions.defaults().withBytes(BYTES), f -> { }));
        }
    }

    @Test
    void theReceiversByteStreamEqualsTheSendersInEveryConfiguration() {
        RESULTS.forEach((c, r) -> {
            assertTrue(r.complete(), c + " did not finish");
            assertTrue(r.streamIntact(), c + ": the received stream differs from the sent one");
        });
    }

    @Test
    void aRunIsAFunctionOfItsSeed() {
        final TestbedOptions o = TestbedOptions.defaults().withBytes(4L << 20).withSeed(7);
        final RunResult a = Testbed.run(PaperConfig.GUEST_3, o, f -> { });
        final RunResult b = Testbed.run(PaperConfig.GUEST_3, o, f -> { });
        assertEquals(a, b);
    }

    @Test
    void guest1MovesNoLroCounterAndGuest2LinearizesEachAggregateOnceAtTheBridge() {
        final RunResult g1 = RESULTS.get(PaperConfig.GUEST_1);
        assertTrue(g1.lroVerdicts().isEmpty(), "Guest-1 has no LRO engine at work: " + g1.lroVerdicts());
        assertEquals(0, g1.xen("BRIDGE_LINEARIZE"));
        assertEquals(1.0, g1.lroRate());
        final RunResult g2 = RESULTS.get(PaperConfig.GUEST_2);
        final long merged = g2.lroVerdicts().getOrDefault("MERGED", 0L);
        assertTrue(merged > 0, "Guest-2 merged nothing");
        // Each multi-segment aggregate (a frag-list packet of at least two full segments) is linearized once.
        final long linearized = g2.xen("BRIDGE_LINEARIZE");
        assertTrue(linearized > 0, "Guest-2 linearized nothing");
        assertEquals(g2.mergedAggregates(), linearized, "one linearize per multi-segment aggregate");
        assertEquals(g2.tcpRx(), g2.xen("NETBACK_RX_PACKETS"), "one ring packet per aggregate");
        assertTrue(g2.xen("BRIDGE_LINEARIZE_BYTES") >= linearized * 2 * 1448);
        assertTrue(g2.tcpSegments() - g2.tcpRx() <= linearized * 63L, "merged segments sit in linearized aggregates");
        assertEquals(0, RESULTS.get(PaperConfig.GUEST_3).xen("BRIDGE_LINEARIZE"), "Guest-3 copies nothing at the bridge");
        assertEquals(0, RESULTS.get(PaperConfig.GUEST_2_GSO).xen("BRIDGE_LINEARIZE"), "the GSO-aware bridge never linearizes");
    }

    @Test
    @DisplayName("TCP Rx = Phys Rx / LRO rate, from three independent counters: the NIC's frames, the engine's merges, the receiver's packets")
    void tcpRxIsPhysRxOverTheLroRate() {
        for (final PaperConfig c : new PaperConfig[] {PaperConfig.GUEST_3, PaperConfig.GUEST_3_PAGE, PaperConfig.GUEST_3_SEGACK}) {
            final RunResult r = RESULTS.get(c);
            assertEquals(0, r.retransmissions(), c + ": set-up expects a loss-free run");
            // every frame the NIC received reached netfront's engine; each one started an aggregate or merged
            final long held = r.lroVerdicts().get("HELD");
            final long offered = held + r.lroVerdicts().get("MERGED");
            assertEquals(r.physRx(), offered, c + ": " + r.lroVerdicts());
            final double engineRate = (double) offered / held;
            assertEquals(r.tcpRx(), r.physRx() / engineRate, 0.5, c.toString());
            assertEquals(engineRate, r.lroRate(), 1e-9, c + ": the receiver's segments per packet are the engine's");
        }
        for (final PaperConfig c : new PaperConfig[] {PaperConfig.NATIVE, PaperConfig.GUEST_1}) {
            final RunResult r = RESULTS.get(c);
            final long dropped = r.xen("NETBACK_QDISC_DROPPED") + r.xen("NETBACK_RX_DROPPED");
            assertEquals(r.physRx() - dropped, r.tcpRx(), c + ": without LRO every frame not dropped is one TCP-layer packet");
        }
    }

    @Test
    void delayedAckAcksAboutEverySecondPacketWithoutLroAndEveryPacketWithLroInTheGuest() {
        assertEquals(2.0, RESULTS.get(PaperConfig.GUEST_1).packetsPerAck(), 0.1);
        assertEquals(2.0, RESULTS.get(PaperConfig.NATIVE).packetsPerAck(), 0.1);
        final RunResult g3 = RESULTS.get(PaperConfig.GUEST_3);
        assertTrue(g3.packetsPerAck() < RESULTS.get(PaperConfig.GUEST_1).packetsPerAck() - 0.3,
                "LRO in the guest should ACK nearly every TCP-layer packet: " + g3.packetsPerAck());
        assertTrue(RESULTS.get(PaperConfig.GUEST_3_SEGACK).acks() > g3.acks(),
                "the segment-counting delayed ACK sends more ACKs than per-packet");
    }

    @Test
    void guest3MergesMostAndGuest2PaysTheExtraCopy() {
        final RunResult g2 = RESULTS.get(PaperConfig.GUEST_2);
        final RunResult g3 = RESULTS.get(PaperConfig.GUEST_3);
        assertTrue(g3.lroRate() > g2.lroRate(), "Guest-3 " + g3.lroRate() + " vs Guest-2 " + g2.lroRate());
        assertTrue(g3.tcpRx() < g2.tcpRx());
        assertTrue(g2.xen("BRIDGE_LINEARIZE_BYTES") > 0);
        final double g1Guest = sum(RESULTS.get(PaperConfig.GUEST_1).cpuCycles().get("guest"));
        assertTrue(sum(g2.cpuCycles().get("guest")) < g1Guest, "Guest-2's guest side costs less than Guest-1's");
    }

    @Test
    void aSlowerReceiverCpuFindsMorePacketsPerPollAndMergesMore() {
        final TestbedOptions fast = TestbedOptions.defaults().withBytes(BYTES);
        final CostModel costs = fast.costs();
        final TestbedOptions slow = fast.withCosts(costs.with("cpu.hz", costs.hz() / 2));
        final RunResult f = Testbed.run(PaperConfig.GUEST_3, fast, x -> { });
        final RunResult s = Testbed.run(PaperConfig.GUEST_3, slow, x -> { });
        assertTrue(s.lroRate() > f.lroRate(), "slow " + s.lroRate() + " vs fast " + f.lroRate());
        assertTrue(s.streamIntact());
    }

    @Test
    @DisplayName("local traffic: Domain-0's fragmented packets pass skb-mode LRO untouched on eth0; a second vif pair keeps them off it")
    void driverDomainLocalTrafficIsRejectedBySkbModeLroAndTheSecondVifAvoidsIt() {
        final TestbedOptions base = TestbedOptions.defaults().withBytes(16L << 20);
        final LocalTraffic same = new LocalTraffic(4L << 20, 100_000_000L, false);
        final RunResult skb = Testbed.run(PaperConfig.GUEST_3, base.withLocalTraffic(same), x -> { });
        final LocalResult l = java.util.Objects.requireNonNull(skb.local());
        assertTrue(skb.streamIntact() && l.streamIntact(), "both streams arrive intact");
        assertTrue(l.dataPackets() > 0);
        assertEquals(l.dataPackets(), skb.lroVerdicts().get("FRAGMENTED_INPUT"),
                "every local packet (header page + data page) is passed up by skb-mode LRO");
        final RunResult page = Testbed.run(PaperConfig.GUEST_3_PAGE, base.withLocalTraffic(same), x -> { });
        assertEquals(0, page.lroVerdicts().getOrDefault("FRAGMENTED_INPUT", 0L), "page mode takes fragments");
        final RunResult second = Testbed.run(PaperConfig.GUEST_3, base.withLocalTraffic(new LocalTraffic(4L << 20, 100_000_000L, true)),
                x -> { });
        final LocalResult l2 = java.util.Objects.requireNonNull(second.local());
        assertTrue(second.streamIntact() && l2.streamIntact() && l2.secondVif());
        assertEquals(0, second.lroVerdicts().getOrDefault("FRAGMENTED_INPUT", 0L), "eth0's LRO sees the remote transfer only");
        assertTrue(second.xen("NETLOOP_SENT") >= l2.dataPackets(), "the local segments went through netloop");
        assertEquals(null, RESULTS.get(PaperConfig.GUEST_3).local(), "no local traffic by default");
    }

    private static double sum(final Map<String, Double> m) {
        return m.values().stream().mapToDouble(Double::doubleValue).sum();
    }
}
