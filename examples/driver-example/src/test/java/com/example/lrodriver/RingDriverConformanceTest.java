package com.example.lrodriver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lro4j.conformance.LroDriverConformance;
import io.lro4j.spi.Drivers;
import io.lro4j.spi.LroDriverProvider;
import org.junit.jupiter.api.Test;

/** The lro4j conformance kit against the ring driver; one extra test that ServiceLoader finds it. */
class RingDriverConformanceTest extends LroDriverConformance {

    @Override
    protected LroDriverProvider provider() {
        return new RingDriverProvider();
    }

    @Test
    void foundByName() {
        assertEquals(RingDriverProvider.class, Drivers.require("ring").getClass());
    }
}
