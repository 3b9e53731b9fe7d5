package io.lro4j.xen.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lro4j.api.check.Seeds;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The shared ring: its layout, its macros' notify rule, and its invariants under random use. */
class SharedRingTest {

    private static ByteBuffer page() {
        final ByteBuffer p = SharedRing.view(ByteBuffer.allocate(4096));
        SharedRing.init(p);
        return p;
    }

    @Test
    @DisplayName("layout: four indices at 0, 4, 8, 12, slots from byte 64, 256 slots of 8 (RX) and of 12 (TX) bytes, little-endian")
    void layout() {
        assertEquals(256, SharedRing.size(Netif.RX_SLOT_SIZE));
        assertEquals(256, SharedRing.size(Netif.TX_SLOT_SIZE));
        final ByteBuffer p = page();
        assertEquals(0, p.getInt(SharedRing.REQ_PROD));
        assertEquals(1, p.getInt(SharedRing.REQ_EVENT));
        assertEquals(1, p.getInt(SharedRing.RSP_EVENT));
        final FrontRing f = new FrontRing(p, Netif.RX_SLOT_SIZE);
        assertEquals(64, f.slot(0));
        assertEquals(64 + 255 * 8, f.slot(255));
        assertEquals(64, f.slot(256), "index 256 wraps to slot 0");
        new RxRequest().wrap(p, f.slot(1)).set(0x1234, 0x0A0B0C0D);
        f.requestProducer(2);
        f.pushRequests();
        final ByteBuffer le = p.duplicate().order(ByteOrder.BIG_ENDIAN);
        assertEquals(0x02, le.get(SharedRing.REQ_PROD), "x86 byte order: the low byte first");
        assertEquals(0x34, le.get(72));
        assertEquals(0x12, le.get(73));
        assertEquals(0x0D, le.get(76), "gref at offset 4 of the slot");
        new RxResponse().wrap(p, f.slot(1)).set(0x1234, 256, Netif.NETRXF_MORE_DATA, -2);
        assertEquals(-2, new RxResponse().wrap(p, f.slot(1)).status());
        assertEquals(256, new RxResponse().wrap(p, f.slot(1)).offset());
    }

    @Test
    @DisplayName("notify iff the peer's event index lies in (old, new], across the 2^32 wrap")
    void notifyRule() {
        assertTrue(SharedRing.crosses(0, 1, 1));
        assertFalse(SharedRing.crosses(1, 2, 1), "already passed");
        assertTrue(SharedRing.crosses(0, 5, 3));
        assertFalse(SharedRing.crosses(0, 5, 6), "not yet reached");
        assertTrue(SharedRing.crosses(0xFFFF_FFFE, 2, 0), "wraps");
        assertTrue(SharedRing.crosses(0xFFFF_FFFE, 2, 0xFFFF_FFFF));
        assertFalse(SharedRing.crosses(0xFFFF_FFFE, 2, 3));
    }

    @Test
    @DisplayName("no lost wake-up: a response pushed between the consumer's empty check and its re-arm is found by the final check")
    void finalCheckClosesTheRace() {
        final ByteBuffer p = page();
        final FrontRing front = new FrontRing(p, Netif.RX_SLOT_SIZE);
        final BackRing back = new BackRing(p, Netif.RX_SLOT_SIZE);
        front.requestProducer(1);
        front.pushRequests();
        back.requestConsumer(1);
        // the consumer polled everything (rsp_event still 1 from init, consumed), then the race:
        p.putInt(SharedRing.RSP_EVENT, 0); // its event index is stale: it is still polling
        back.responseProducer(1);
        assertFalse(back.pushResponsesAndCheckNotify(), "the consumer is polling: no notification");
        assertTrue(front.finalCheckForResponses(), "the re-arm's second look sees the response");
        front.responseConsumer(1);
        assertFalse(front.finalCheckForResponses());
        assertEquals(2, p.getInt(SharedRing.RSP_EVENT), "re-armed for the next response");
        back.responseProducer(2);
        assertTrue(back.pushResponsesAndCheckNotify(), "and is notified of it");
    }

    @TestFactory
    @DisplayName("random producers and consumers: at most 256 outstanding, responses in request order, notified iff re-armed and crossed, never asleep with work")
    Stream<DynamicTest> invariants() {
        return Seeds.fromProperties("lro4j.seed", "lro4j.tries", 100, 0x816L).mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed,
                () -> randomRun(seed)));
    }

    private static void randomRun(final long seed) {
        final SplittableRandom r = new SplittableRandom(seed);
        final ByteBuffer p = page();
        final FrontRing front = new FrontRing(p, Netif.RX_SLOT_SIZE);
        final BackRing back = new BackRing(p, Netif.RX_SLOT_SIZE);
        // start near the 2^32 wrap half the time
        final int start = r.nextBoolean() ? 0xFFFF_FF00 + r.nextInt(200) : 0;
        front.requestProducer(start);
        front.responseConsumer(start);
        back.requestConsumer(start);
        back.responseProducer(start);
        p.putInt(SharedRing.REQ_PROD, start).putInt(SharedRing.RSP_PROD, start)
                .putInt(SharedRing.REQ_EVENT, start + 1).putInt(SharedRing.RSP_EVENT, start + 1);
        final ArrayDeque<Integer> requested = new ArrayDeque<>();
        final ArrayDeque<Integer> answered = new ArrayDeque<>();
        final RxRequest req = new RxRequest();
        final RxResponse rsp = new RxResponse();
        // SHARED_RING_INIT sets both event indices to the first index: both ends start waiting to be woken
        boolean frontAsleep = true;
        boolean backAsleep = true;
        int next = 0;
        for (int step = 0; step < 5000; step++) {
            switch (r.nextInt(4)) {
                case 0 -> { // the frontend posts requests
                    final int n = r.nextInt(1 + front.freeRequests());
                    for (int i = 0; i < n; i++) {
                        final int idx = front.requestProducer();
                        req.wrap(p, front.slot(idx)).set(next & 0xFFFF, next);
                        requested.add(next++);
                        front.requestProducer(idx + 1);
                    }
                    if (front.pushRequestsAndCheckNotify()) {
                        assertTrue(backAsleep, "notified only a backend that re-armed and went to sleep");
                        backAsleep = false;
                    }
                    assertTrue(front.requestProducer() - front.responseConsumer() <= 256, "never more than 256 outstanding");
                }
                case 1 -> { // the backend answers some requests, in order, in their slots
                    final int n = r.nextInt(1 + back.unconsumedRequests());
                    for (int i = 0; i < n; i++) {
                        final int idx = back.requestConsumer();
                        assertFalse(back.requestConsOverflow(idx));
                        final int id = req.wrap(p, back.slot(idx)).gref();
                        back.requestConsumer(idx + 1);
                        rsp.wrap(p, back.slot(back.responseProducer())).set(id & 0xFFFF, 0, 0, 1);
                        answered.add(id);
                        back.responseProducer(back.responseProducer() + 1);
                    }
                    if (back.pushResponsesAndCheckNotify()) {
                        assertTrue(frontAsleep, "notified only a consumer that re-armed and went to sleep");
                        frontAsleep = false;
                    }
                }
                case 2 -> { // the frontend consumes responses, then maybe sleeps
                    while (front.unconsumedResponses() > 0) {
                        final int idx = front.responseConsumer();
                        final int expect = answered.removeFirst();
                        assertEquals(expect & 0xFFFF, rsp.wrap(p, front.slot(idx)).id(), "responses in request order");
                        assertEquals(requested.removeFirst(), expect);
                        front.responseConsumer(idx + 1);
                    }
                    if (!front.finalCheckForResponses()) {
                        frontAsleep = true;
                    }
                }
                default -> {
                    if (!back.finalCheckForRequests()) {
                        backAsleep = true;
                    }
                }
            }
            if (frontAsleep) {
                assertEquals(0, front.unconsumedResponses(), "asleep with responses waiting: a lost wake-up");
            }
            if (backAsleep) {
                assertEquals(0, back.unconsumedRequests(), "asleep with requests waiting: a lost wake-up");
            }
        }
    }
}
