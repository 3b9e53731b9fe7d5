package io.lro4j.xen;

import io.lro4j.conformance.LroDriverConformance;
import io.lro4j.spi.LroDriverProvider;

/**
 * The conformance kit against the whole Xen path with LRO in netfront (the paper's Guest-3): frames go on the
 * RTL8169 model's wire and travel NIC → bridge → netback → ring → netfront. Both aggregation modes (skb mode
 * aggregates single-slot packets; page mode takes every packet as page fragments) and both merge policies.
 */
class XenNetfrontConformanceTest extends LroDriverConformance {

    @Override
    protected LroDriverProvider provider() {
        return new XenNetfrontDriverProvider();
    }
}
