package io.lro4j.xen.dom0;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lro4j.api.LroConfig;
import io.lro4j.api.packet.GsoType;
import io.lro4j.api.packet.Packet;
import io.lro4j.xen.SplitRig;
import io.lro4j.xen.accounting.Counter;
import io.lro4j.xen.guest.NetfrontOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Netback's slotting, copies, flow control and notifications, seen through a real netfront. */
class NetbackTest {

    @Test
    @DisplayName("Xen 3.1 slots: one for the head, one GSO extra, one per fragment; the bytes arrive unchanged")
    void xen31Slots() {
        final SplitRig rig = SplitRig.xen31();
        final Packet linear = SplitRig.segment(1000, 1448);
        final byte[] linearBytes = linear.toByteArray();
        rig.send(linear);
        assertEquals(1, rig.ledger.get(Counter.NETBACK_RX_SLOTS));
        final Packet frags = SplitRig.fragmented(2448, 4000, 66, 1500);
        final byte[] fragBytes = frags.toByteArray();
        frags.gso(GsoType.TCPV4, 1448, 3, 0);
        rig.send(frags);
        assertEquals(1 + 1 + 1 + 3, rig.ledger.get(Counter.NETBACK_RX_SLOTS), "head + extra + 3 fragments");
        assertEquals(1, rig.ledger.get(Counter.NETBACK_RX_EXTRA_SLOTS));
        assertEquals(2, rig.received.size());
        assertArrayEquals(linearBytes, rig.received.get(0).bytes());
        assertFalse(rig.received.get(0).fragmented(), "a single-slot packet is an ordinary packet");
        assertArrayEquals(fragBytes, rig.received.get(1).bytes());
        assertTrue(rig.received.get(1).fragmented(), "a multi-slot packet is fragmented");
        assertEquals(66, rig.received.get(1).headLength(), "slot 0 (66 bytes) copied whole into the head");
        assertEquals(1448, rig.received.get(1).gsoSize());
        assertEquals(GsoType.TCPV4, rig.received.get(1).gsoType());
        assertEquals(0, rig.ledger.get(Counter.NETFRONT_RX_ERRORS));
    }

    @Test
    @DisplayName("a head crossing a page is copied once by netbk_copy_skb into a 3758-byte head and whole pages")
    void copySkb() {
        final SplitRig rig = SplitRig.xen31();
        final Packet big = SplitRig.segment(1000, 20000);
        final byte[] bytes = big.toByteArray();
        big.gso(GsoType.TCPV4, 1448, 14, 0);
        rig.send(big);
        assertEquals(1, rig.ledger.get(Counter.NETBACK_COPY_SKB));
        assertEquals(bytes.length, rig.ledger.get(Counter.NETBACK_COPY_SKB_BYTES));
        final int pages = (bytes.length - Netback.COPY_SKB_HEAD + 4095) / 4096;
        assertEquals(1 + 1 + pages, rig.ledger.get(Counter.NETBACK_RX_SLOTS), "head, extra, whole pages");
        assertArrayEquals(bytes, rig.received.get(0).bytes());
    }

    @Test
    @DisplayName("Xen 3.1's netback does not walk a frag list: such a packet is dropped and counted, never half-delivered")
    void fragListAtXen31() {
        final SplitRig rig = SplitRig.xen31();
        final Packet parent = SplitRig.segment(1000, 100);
        parent.appendToFragList(SplitRig.segment(1100, 100));
        rig.send(parent);
        assertEquals(1, rig.ledger.get(Counter.NETBACK_FRAG_LIST_DROPPED));
        assertEquals(0, rig.received.size());
    }

    @Test
    @DisplayName("dense slotting packs head, fragments and frag list into 4096-byte slots")
    void denseSlots() {
        final SplitRig rig = new SplitRig(SlottingPolicy.DENSE, NetfrontOptions.defaults(), LroConfig.builder().enabled(false).build());
        final Packet p = SplitRig.fragmented(1000, 9000, 100, 700);
        final byte[] bytes = p.toByteArray();
        p.gso(GsoType.TCPV4, 1448, 7, 0);
        rig.send(p);
        assertEquals((bytes.length + 4095) / 4096 + 1, rig.ledger.get(Counter.NETBACK_RX_SLOTS));
        assertArrayEquals(bytes, rig.received.get(0).bytes());
    }

    @Test
    @DisplayName("flow control: with too few posted buffers the queue stops, the qdisc holds 32, and the queue restarts when the guest refills")
    void flowControl() {
        final SplitRig rig = SplitRig.xen31();
        final Packet[] burst = new Packet[80];
        for (int i = 0; i < burst.length; i++) {
            burst[i] = SplitRig.segment(1000 + 1448 * i, 1448);
        }
        for (final Packet p : burst) {
            rig.netback.transmit(p); // all before netback's tasklet or netfront's poll runs
        }
        assertTrue(rig.netback.queueStopped(), "64 posted buffers less 20 in reserve: stopped");
        assertEquals(1, rig.ledger.get(Counter.NETBACK_QUEUE_STOPS));
        rig.scheduler.runUntilIdle(1_000_000);
        assertFalse(rig.netback.queueStopped());
        assertEquals(3, rig.ledger.get(Counter.NETBACK_QDISC_DROPPED), "45 slotted, 32 queued in the vif's qdisc, 3 dropped");
        assertEquals(77, rig.received.size(), "the queued packets went once the guest refilled");
        assertEquals(0, rig.ledger.get(Counter.NETBACK_RX_DROPPED));
        assertTrue(rig.ledger.get(Counter.NETBACK_RX_NOTIFY) <= rig.ledger.get(Counter.NETBACK_RX_BATCHES),
                "at most one notification per batch");
    }

    @Test
    @DisplayName("the guest's event index batches notifications: pushes while it polls are free")
    void notificationsDeduplicated() {
        final SplitRig rig = SplitRig.xen31();
        for (int i = 0; i < 40; i++) {
            rig.netback.transmit(SplitRig.segment(1000 + 1448 * i, 1448));
        }
        rig.scheduler.runUntilIdle(1_000_000);
        assertEquals(40, rig.received.size());
        assertEquals(1, rig.ledger.get(Counter.NETBACK_RX_NOTIFY), "one batch, one notification");
        assertEquals(1, rig.ledger.get(Counter.NETFRONT_POLLS));
    }
}
