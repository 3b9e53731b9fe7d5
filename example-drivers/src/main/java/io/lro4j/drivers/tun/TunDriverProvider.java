package io.lro4j.drivers.tun;

import io.lro4j.api.LroConfig;
import io.lro4j.api.PacketSink;
import io.lro4j.spi.Capability;
import io.lro4j.spi.DriverCapabilities;
import io.lro4j.spi.LroDriver;
import io.lro4j.spi.LroDriverProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.Optional;

/**
 * Registers the TUN driver as {@value #NAME}: {@link #open} creates a kernel-named TUN interface
 * ({@code tun%d}) and returns its {@link TunReceiver}, which owns it ({@link TunReceiver#poll} reads it; closing
 * the driver closes the interface). {@link #unavailabilityCause} is {@link TunDevice#unavailabilityCause}.
 *
 * <p>The {@link #conformanceHarness conformance harness} puts the kit's frames through the kernel: each one leaves
 * a TUN device made in a private network namespace through a raw socket and is read back from the device by the
 * same receiver {@link #open} returns ({@link TunConformanceHarness}). The driver receives raw IP, so it does not
 * claim {@link Capability#ETHERNET} and the kit's 802.1Q rules do not apply to it.
 */
public final class TunDriverProvider implements LroDriverProvider {

    /** The driver's name. */
    public static final String NAME = "tun";

    /** Creates the provider (called by {@link java.util.ServiceLoader}); opens nothing. */
    public TunDriverProvider() {
        // devices are opened by open()
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "a real Linux TUN device (FFM, virtio_net_hdr): raw IP packets read from the kernel, software checksum "
                + "verification, aggregates written back as GSO packets";
    }

    @Override
    public DriverCapabilities capabilities() {
        return new DriverCapabilities(EnumSet.of(Capability.RX_CHECKSUM, Capability.IPV6, Capability.JUMBO_FRAMES), 0,
                TunDevice.MAX_PACKET - VirtioNetHdr.LENGTH);
    }

    @Override
    public Optional<Throwable> unavailabilityCause() {
        return TunDevice.unavailabilityCause();
    }

    @Override
    public LroDriver open(final LroConfig config, final PacketSink stack) {
        requireAvailable(unavailabilityCause(), "the tun driver is unavailable");
        try {
            return TunReceiver.owning(TunDevice.open(""), config, stack);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException if the harness is unavailable ({@link #conformanceHarnessUnavailabilityCause})
     * @throws UncheckedIOException if making the device, its socket or bringing it up failed
     */
    @Override
    public LroDriver conformanceHarness(final LroConfig config, final PacketSink stack) {
        requireAvailable(conformanceHarnessUnavailabilityCause(), "the tun driver's conformance harness is unavailable");
        try {
            return TunConformanceHarness.open(config, stack);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@inheritDoc} Besides a TUN device, the harness needs a private network namespace
     * ({@code unshare(CLONE_NEWNET)}, which needs {@code CAP_SYS_ADMIN}); the first call makes it.
     */
    @Override
    public Optional<Throwable> conformanceHarnessUnavailabilityCause() {
        return unavailabilityCause().or(IsolatedNetwork::unavailabilityCause);
    }

    private static void requireAvailable(final Optional<Throwable> cause, final String what) {
        if (cause.isPresent()) {
            throw new IllegalStateException(what + ": " + cause.get().getMessage(), cause.get());
        }
    }
}
