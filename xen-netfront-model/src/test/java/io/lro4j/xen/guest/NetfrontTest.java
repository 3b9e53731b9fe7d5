package io.lro4j.xen.guest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lro4j.api.LroConfig;
import io.lro4j.api.packet.ChecksumState;
import io.lro4j.api.packet.GsoType;
import io.lro4j.api.packet.Packet;
import io.lro4j.xen.SplitRig;
import io.lro4j.xen.accounting.Counter;
import io.lro4j.xen.dom0.SlottingPolicy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Netfront's packet construction, limits and checksum mapping. */
class NetfrontTest {

    private static SplitRig rig(final NetfrontEra era) {
        return new SplitRig(SlottingPolicy.XEN_3_1, NetfrontOptions.defaults().withEra(era), LroConfig.builder().enabled(false).build());
    }

    @ParameterizedTest(name = "{0} head, {1} fragments: E2BIG {2}")
    @CsvSource({"66, 17, false", "66, 18, true", "300, 17, true", "300, 16, false"})
    @DisplayName("too many slots: more than 18 data slots, or 17 when slot 0 holds over 256 bytes, is -E2BIG")
    void tooManySlots(final int head, final int fragments, final boolean e2big) {
        final SplitRig rig = rig(NetfrontEra.XEN_3_1);
        final int payload = 100 * fragments + head - 66 + 1;
        final Packet p = SplitRig.fragmented(1000, payload, head, 100);
        final int frags = p.fragmentCount();
        assertEquals(fragments + 1, frags, "test set-up");
        rig.send(p);
        assertEquals(e2big ? 1 : 0, rig.ledger.get(Counter.NETFRONT_E2BIG), rig.ledger.format());
        assertEquals(e2big ? 0 : 1, rig.received.size());
    }

    @Test
    @DisplayName("skb mode: a multi-slot packet gets at most 256 bytes copied into its head, the rest of slot 0 and later slots as fragments")
    void headerCopy() {
        final SplitRig rig = rig(NetfrontEra.XEN_3_1);
        final Packet p = SplitRig.fragmented(1000, 3000, 1000, 1000);
        final byte[] bytes = p.toByteArray();
        rig.send(p);
        assertEquals(256, rig.ledger.get(Counter.NETFRONT_HEADER_COPY_BYTES));
        assertEquals(256, rig.received.get(0).headLength());
        assertEquals(1 + 3, rig.received.get(0).fragments(), "slot 0's rest, then three slots");
        assertArrayEquals(bytes, rig.received.get(0).bytes());
    }

    @ParameterizedTest(name = "{0}: {1} → {2}")
    @CsvSource({"XEN_3_1, NONE, NONE", "XEN_3_1, UNNECESSARY, UNNECESSARY", "XEN_3_1, PARTIAL, UNNECESSARY",
        "MODERN, NONE, NONE", "MODERN, UNNECESSARY, UNNECESSARY", "MODERN, PARTIAL, PARTIAL"})
    @DisplayName("checksum flags: CHECKSUM_HW → csum_blank|data_validated, validated → data_validated, mapped back per era")
    void checksumMapping(final NetfrontEra era, final ChecksumState sent, final ChecksumState expected) {
        final SplitRig rig = rig(era);
        final Packet p = SplitRig.segment(1000, 500);
        if (sent == ChecksumState.PARTIAL) {
            new io.lro4j.xen.skb.TcpLocator().makePartial(p);
        } else {
            p.checksumState(sent);
        }
        rig.send(p);
        assertEquals(expected, rig.received.get(0).state());
    }

    @Test
    @DisplayName("refill: buffers are posted in batches of half the target, and the target grows when the backend nearly ran dry")
    void refill() {
        final SplitRig rig = rig(NetfrontEra.XEN_3_1);
        for (int round = 0; round < 20; round++) {
            for (int i = 0; i < 50; i++) {
                rig.netback.transmit(SplitRig.segment(1000 + 1448 * i, 1448));
            }
            rig.scheduler.runUntilIdle(1_000_000);
        }
        assertEquals(1000, rig.received.size());
        final int outstanding = rig.netfront.rxRing().requestProducer() - rig.netfront.rxRing().responseConsumer();
        final int target = rig.netfront.rxTarget();
        assertTrue(target > NetfrontOptions.DEFAULT_RX_TARGET_MIN && target <= 256, "bursts of 50 grew the target: " + target);
        assertTrue(outstanding >= target / 2 && outstanding <= target, "posted in batches of at least half the target: "
                + outstanding + " of " + target);
    }

    @Test
    @DisplayName("a full ring: a GSO packet's extra slot goes back on the ring without clobbering its head slot, for ring after ring")
    void gsoExtraOnAFullRing() {
        // Every slot posted (the target pinned at the ring's 256): the extra slot moved back to req_prod lands
        // on the slot of the packet's head, whose page, grant and response must already have been taken.
        final SplitRig rig = new SplitRig(SlottingPolicy.XEN_3_1, new NetfrontOptions(NetfrontEra.XEN_3_1, 64, 256, 256),
                LroConfig.builder().enabled(false).build());
        final java.util.List<byte[]> sent = new java.util.ArrayList<>();
        for (int round = 0; round < 8; round++) {
            for (int i = 0; i < 100; i++) {
                final Packet p = SplitRig.segment(1000 + 2896 * (100 * round + i), 2896).gso(GsoType.TCPV4, 1448, 2, 0);
                sent.add(p.toFrameBytes());
                rig.netback.transmit(p);
            }
            rig.scheduler.runUntilIdle(1_000_000);
        }
        assertEquals(0, rig.ledger.get(Counter.GRANT_COPY_FAILED), rig.ledger.format());
        assertEquals(0, rig.ledger.get(Counter.NETFRONT_RX_ERRORS), rig.ledger.format());
        assertEquals(800, rig.ledger.get(Counter.NETFRONT_RX_GSO));
        assertEquals(sent.size(), rig.received.size());
        for (int i = 0; i < sent.size(); i++) {
            assertArrayEquals(sent.get(i), rig.received.get(i).bytes(), "packet " + i);
            assertEquals(1448, rig.received.get(i).gsoSize(), "packet " + i);
        }
    }
}
