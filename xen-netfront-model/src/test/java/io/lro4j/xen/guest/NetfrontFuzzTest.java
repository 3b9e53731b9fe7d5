package io.lro4j.xen.guest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.lro4j.api.AggregationMode;
import io.lro4j.api.LroConfig;
import io.lro4j.api.packet.Packet;
import io.lro4j.xen.accounting.Ledger;
import io.lro4j.xen.hypervisor.Domain;
import io.lro4j.xen.hypervisor.Hypervisor;
import io.lro4j.xen.hypervisor.Scheduler;
import io.lro4j.xen.ring.BackRing;
import io.lro4j.xen.ring.ExtraInfo;
import io.lro4j.xen.ring.FrontendDetails;
import io.lro4j.xen.ring.Netif;
import io.lro4j.xen.ring.RxResponse;
import io.lro4j.xen.ring.SharedRing;

/**
 * Netfront against a hostile backend: the fuzzer writes the RX responses (ids, offsets, flags, statuses,
 * extra-info slots, page contents) and netfront must neither throw nor hand up a packet longer than the bytes
 * the responses claim; every bad response is counted. Regression inputs run in {@code mvn verify}; set
 * {@code JAZZER_FUZZ=1} to fuzz.
 */
class NetfrontFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void hostileBackend(final FuzzedDataProvider data) {
        final Scheduler scheduler = new Scheduler();
        final Ledger ledger = new Ledger();
        final Hypervisor hv = new Hypervisor(scheduler, ledger, 0);
        final Domain dom0 = hv.createDomain("Domain-0");
        final Domain guest = hv.createDomain("guest");
        final long[] delivered = {0};
        final NetfrontOptions options = NetfrontOptions.defaults().withEra(data.consumeBoolean() ? NetfrontEra.MODERN : NetfrontEra.XEN_3_1);
        final LroConfig lro = LroConfig.builder().mode(data.consumeBoolean() ? AggregationMode.FRAGMENTS : AggregationMode.CHAIN)
                .enabled(data.consumeBoolean()).build();
        final Netfront netfront = new Netfront(guest, dom0.id(), options, lro, (Packet p) -> {
            delivered[0] += p.length();
            p.release();
        });
        final FrontendDetails front = netfront.details();
        final int ringHandle = hv.map(dom0, guest.id(), front.rxRingRef(), false);
        final BackRing ring = new BackRing(SharedRing.view(hv.mapped(ringHandle)), Netif.RX_SLOT_SIZE);
        final int port = hv.events().bindInterdomain(dom0, guest.id(), front.eventChannel());
        netfront.connected();
        scheduler.runUntilIdle(100_000);
        final RxResponse rsp = new RxResponse();
        final ExtraInfo extra = new ExtraInfo();
        long claimed = 0;
        for (int round = 0; round < 8 && data.remainingBytes() > 8; round++) {
            final int n = data.consumeInt(0, Math.max(0, ring.unconsumedRequests() + (data.consumeInt(0, 20) == 0 ? 3 : 0)));
            int prod = ring.responseProducer();
            for (int i = 0; i < n && data.remainingBytes() > 0; i++) {
                if (data.consumeInt(0, 9) == 0) {
                    extra.wrap(ring.page(), ring.slot(prod)).setGso(data.consumeInt(0, 0xFFFF), data.consumeInt(0, 3));
                    ring.page().put(ring.slot(prod), (byte) data.consumeInt(0, 3));
                    ring.page().put(ring.slot(prod) + 1, (byte) data.consumeInt(0, 1));
                } else {
                    final int status = data.consumeInt(-3, 4200);
                    rsp.wrap(ring.page(), ring.slot(prod)).set(data.consumeInt(0, 0xFFFF), data.consumeInt(0, 4200),
                            data.consumeInt(0, 15), status);
                    if (status > 0) {
                        claimed += status;
                    }
                }
                prod++;
            }
            ring.requestConsumer(ring.requestConsumer() + n);
            ring.responseProducer(prod);
            if (ring.pushResponsesAndCheckNotify() || data.consumeBoolean()) {
                hv.events().send(dom0, port);
            }
            scheduler.runUntilIdle(1_000_000);
        }
        netfront.flush();
        assertTrue(delivered[0] <= claimed, "delivered " + delivered[0] + " bytes of " + claimed + " claimed");
    }
}
