package io.lro4j.drivers.pcap;

import io.lro4j.conformance.LroDriverConformance;
import io.lro4j.spi.LroDriverProvider;

/** The conformance kit against the capture-file replay driver, as any driver author would run it. */
class PcapDriverConformanceTest extends LroDriverConformance {

    @Override
    protected LroDriverProvider provider() {
        return new PcapDriverProvider();
    }
}
