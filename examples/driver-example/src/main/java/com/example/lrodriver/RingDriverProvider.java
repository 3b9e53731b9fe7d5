package com.example.lrodriver;

import io.lro4j.api.LroConfig;
import io.lro4j.api.PacketSink;
import io.lro4j.spi.Capability;
import io.lro4j.spi.DriverCapabilities;
import io.lro4j.spi.LroDriver;
import io.lro4j.spi.LroDriverProvider;
import java.util.EnumSet;

/** Registers {@link RingDriver} as driver {@code ring}, found with {@link java.util.ServiceLoader}. */
public final class RingDriverProvider implements LroDriverProvider {

    /** Called by ServiceLoader. */
    public RingDriverProvider() {
    }

    @Override
    public String name() {
        return "ring";
    }

    @Override
    public String description() {
        return "example: a 256-slot receive ring polled NAPI-style";
    }

    @Override
    public DriverCapabilities capabilities() {
        return new DriverCapabilities(EnumSet.of(Capability.ETHERNET, Capability.RX_CHECKSUM, Capability.IPV6), 0, RingDriver.SLOT_SIZE);
    }

    @Override
    public LroDriver open(final LroConfig config, final PacketSink stack) {
        return new RingDriver(config, stack);
    }
}
