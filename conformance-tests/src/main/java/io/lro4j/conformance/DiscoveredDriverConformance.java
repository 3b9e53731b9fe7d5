package io.lro4j.conformance;

import io.lro4j.spi.Drivers;
import io.lro4j.spi.LroDriverProvider;

/**
 * The kit against a driver found by name with {@link java.util.ServiceLoader}: the name comes from the
 * system property {@value #DRIVER_PROPERTY}. {@link ConformanceRunner#runDriver} and {@code lro conform}
 * use it; a build can run it too ({@code -Dlro4j.conformance.driver=pcap}).
 */
public final class DiscoveredDriverConformance extends LroDriverConformance {

    /** System property naming the driver under test. */
    public static final String DRIVER_PROPERTY = "lro4j.conformance.driver";

    /** Creates the kit; JUnit calls this. */
    public DiscoveredDriverConformance() {
    }

    @Override
    protected LroDriverProvider provider() {
        final String name = System.getProperty(DRIVER_PROPERTY);
        if (name == null || name.isBlank()) {
            throw new IllegalStateException("set the system property " + DRIVER_PROPERTY + " to the driver's name");
        }
        return Drivers.require(name);
    }
}
