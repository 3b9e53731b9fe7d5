package io.lro4j.drivers.rtl8169;

import io.lro4j.conformance.LroDriverConformance;
import io.lro4j.spi.LroDriverProvider;

/**
 * The conformance kit against the RTL8169 model with today's driver (every frame copied, 16 KiB buffers,
 * the stricter checksum mapping) and receive interrupt mitigation on (0x5151, as 2.6.28 set for 8168-class
 * chips), so the harness also exercises the mitigation timer.
 */
class Rtl8169ModernConformanceTest extends LroDriverConformance {

    @Override
    protected LroDriverProvider provider() {
        return new Rtl8169DriverProvider(Rtl8169Options.defaults().withEra(DriverEra.MODERN).withIntrMitigate(0x5151));
    }
}
