package io.lro4j.drivers.pcap;

import io.lro4j.conformance.LroDriverConformance;
import io.lro4j.spi.LroDriverProvider;

/** The conformance kit against the replay driver receiving into pages (page mode, FRAG-1 runs). */
class PcapPagesDriverConformanceTest extends LroDriverConformance {

    @Override
    protected LroDriverProvider provider() {
        return new PcapPagesDriverProvider();
    }
}
