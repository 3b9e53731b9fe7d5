package io.lro4j.drivers.tun;

import io.lro4j.conformance.LroDriverConformance;
import io.lro4j.spi.LroDriverProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;

/**
 * The conformance kit against the TUN driver with every frame through the kernel: sent out of a real TUN device
 * in a private network namespace and read back by the driver ({@link TunConformanceHarness}). Skipped, with the
 * cause, where this process cannot create a TUN device or a network namespace.
 */
class TunConformanceTest extends LroDriverConformance {

    /** Per test, not per class, so that each is reported skipped with the cause (surefire drops a class-level one). */
    @BeforeEach
    void devicesCanBeMade() {
        Assumptions.assumeTrue(TunDevice.isAvailable(), () -> "no TUN device here: " + TunDevice.unavailabilityCause().orElseThrow());
        Assumptions.assumeTrue(IsolatedNetwork.unavailabilityCause().isEmpty(),
                () -> "no private network namespace here: " + IsolatedNetwork.unavailabilityCause().orElseThrow());
    }

    @Override
    protected LroDriverProvider provider() {
        return new TunDriverProvider();
    }
}
