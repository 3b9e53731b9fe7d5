package io.lro4j.conformance;

import io.lro4j.spi.LroDriverProvider;

/**
 * The kit against the {@link ReferenceDriver} with the bug {@link BrokenDriversTest} plants before running it
 * through {@link ConformanceRunner}. Not named like a test, so the build does not run it on its own.
 */
public final class BrokenDriverKit extends LroDriverConformance {

    static volatile ReferenceDriver.Provider driver = new ReferenceDriver.Provider(Bug.NONE, false);

    /** Created by JUnit. */
    public BrokenDriverKit() {
    }

    @Override
    protected LroDriverProvider provider() {
        return driver;
    }
}
