package io.lro4j.drivers.rtl8169;

import io.lro4j.api.LroConfig;
import io.lro4j.api.PacketSink;
import io.lro4j.spi.Capability;
import io.lro4j.spi.DriverCapabilities;
import io.lro4j.spi.LroDriver;
import io.lro4j.spi.LroDriverProvider;
import java.util.EnumSet;
import java.util.Objects;

/**
 * Registers the RTL8169 model as driver {@value #NAME}: {@link #open} gives a {@link Rtl8169Host#timed timed}
 * host (frames cross a 1 Gbit/s link at their timestamps, polls follow the chip's interrupts), and the
 * conformance harness an {@link Rtl8169Host#harness untimed} one whose frames go on the wire and whose polls
 * run when the kit ends one. Both use Linux 2.6.18's driver unless constructed with other options.
 */
public class Rtl8169DriverProvider implements LroDriverProvider {

    /** The driver's name. */
    public static final String NAME = "rtl8169";
    /** The largest frame without FCS: a tagged 1500-byte-MTU frame. */
    public static final int MAX_FRAME = 1518;

    private final Rtl8169Options options;

    /** Creates the provider (called by {@link java.util.ServiceLoader}) for Linux 2.6.18's driver. */
    public Rtl8169DriverProvider() {
        this(Rtl8169Options.defaults());
    }

    /**
     * Creates a provider whose drivers use {@code options}.
     *
     * @param options the driver's set-up
     */
    public Rtl8169DriverProvider(final Rtl8169Options options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "RealTek RTL8169 model: 256-descriptor RX ring, NAPI poll (weight 64), rx_copybreak, hardware checksum "
                + "and VLAN extraction, interrupt mitigation; Linux " + options.era().id() + " driver";
    }

    @Override
    public DriverCapabilities capabilities() {
        final EnumSet<Capability> features = EnumSet.of(Capability.ETHERNET, Capability.IPV6);
        if (options.rxChecksum()) {
            features.add(Capability.RX_CHECKSUM);
        }
        if (options.vlanExtraction()) {
            features.add(Capability.VLAN_EXTRACTION);
        }
        return new DriverCapabilities(features, 0, MAX_FRAME);
    }

    @Override
    public LroDriver open(final LroConfig config, final PacketSink stack) {
        return Rtl8169Host.timed(HostTiming.defaults(), config, stack, options, (frame, offset, length, nanos) -> { });
    }

    @Override
    public LroDriver conformanceHarness(final LroConfig config, final PacketSink stack) {
        return Rtl8169Host.harness(config, stack, options);
    }
}
