package io.lro4j.drivers.rtl8169;

import io.lro4j.conformance.LroDriverConformance;
import io.lro4j.spi.LroDriverProvider;

/**
 * The conformance kit against the RTL8169 model with Linux 2.6.18's driver, frames injected on the wire:
 * both aggregation modes (skb chain and fragments) and both merge policies.
 */
class Rtl8169ConformanceTest extends LroDriverConformance {

    @Override
    protected LroDriverProvider provider() {
        return new Rtl8169DriverProvider();
    }
}
