package io.lro4j.xen;

import io.lro4j.api.LroConfig;
import io.lro4j.api.PacketSink;
import io.lro4j.api.packet.Packet;
import io.lro4j.spi.Capability;
import io.lro4j.spi.DriverCapabilities;
import io.lro4j.spi.Drivers;
import io.lro4j.spi.LroDriver;
import io.lro4j.spi.LroDriverProvider;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;

/**
 * Registers the Xen split-driver path as driver {@value #NAME}: LRO in the guest's netfront, fed by frames on
 * the driver domain's physical wire (the paper's Guest-3). The physical NIC is another registered driver,
 * {@value XenOptions#DEFAULT_NIC} unless constructed otherwise, so the driver is unavailable without it.
 * Both {@link #open} and {@link #conformanceHarness} give an untimed {@link XenHost}.
 */
public class XenNetfrontDriverProvider implements LroDriverProvider {

    /** The driver's name. */
    public static final String NAME = "xen-netfront";
    /** The largest frame: a tagged 1500-byte-MTU frame, as the physical NIC takes. */
    public static final int MAX_FRAME = 1518;

    private final XenOptions options;

    /** Creates the provider (called by {@link java.util.ServiceLoader}) with {@link XenOptions#defaults()}. */
    public XenNetfrontDriverProvider() {
        this(XenOptions.defaults());
    }

    /**
     * Creates a provider whose hosts use {@code options}.
     *
     * @param options the set-up
     */
    public XenNetfrontDriverProvider(final XenOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Xen 3.1 split driver: physical NIC (" + options.nicDriver() + ") → bridge (" + options.bridgeMode().id()
                + ") → netback → shared ring → netfront, LRO at " + options.placement().id()
                + "; page mode takes multi-slot packets";
    }

    @Override
    public DriverCapabilities capabilities() {
        return new DriverCapabilities(EnumSet.of(Capability.ETHERNET, Capability.IPV6, Capability.RX_CHECKSUM,
                Capability.SCATTER_GATHER), 0, MAX_FRAME);
    }

    @Override
    public Optional<Throwable> unavailabilityCause() {
        if (Drivers.find(options.nicDriver()).isEmpty()) {
            return Optional.of(new IllegalStateException("the physical NIC driver '" + options.nicDriver()
                    + "' is not registered: put io.github.lro4j:example-drivers on the class or module path"));
        }
        return Optional.empty();
    }

    @Override
    public LroDriver open(final LroConfig config, final PacketSink stack) {
        final Optional<Throwable> cause = unavailabilityCause();
        if (cause.isPresent()) {
            throw new IllegalStateException(cause.get().getMessage(), cause.get());
        }
        return new XenHost(Drivers.require(options.nicDriver()), config, stack, options, Packet::release, Packet::release);
    }
}
