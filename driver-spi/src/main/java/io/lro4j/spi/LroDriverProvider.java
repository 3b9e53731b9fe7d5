package io.lro4j.spi;

import io.lro4j.api.LroConfig;
import io.lro4j.api.PacketSink;
import java.util.Optional;

/**
 * A driver, found by name with {@link java.util.ServiceLoader} through {@link Drivers}. A provider module
 * declares it both in {@code module-info.java} ({@code provides io.lro4j.spi.LroDriverProvider with ...})
 * and in {@code META-INF/services/io.lro4j.spi.LroDriverProvider}, so class-path and module-path users
 * both find it.
 *
 * <p>Providers must be cheap and side-effect free to construct: discovery instantiates every one. Real
 * work (opening devices, allocating rings) happens in {@link #open}.
 */
public interface LroDriverProvider {

    /** @return a stable, unique name such as {@code "pcap"} or {@code "rtl8169"} */
    String name();

    /** @return one line saying what the driver is */
    String description();

    /** @return what the driver can do */
    DriverCapabilities capabilities();

    /**
     * Why the driver cannot run here (no device, no permission), as Netty's {@code Epoll.unavailabilityCause()}.
     *
     * @return empty if the driver is usable
     */
    default Optional<Throwable> unavailabilityCause() {
        return Optional.empty();
    }

    /**
     * Opens an instance of the driver's receive path.
     *
     * @param config the LRO configuration for its engine
     * @param stack where the driver delivers packets
     * @return a running driver
     * @throws IllegalStateException if the driver is unavailable
     */
    LroDriver open(LroConfig config, PacketSink stack);

    /**
     * Opens the driver for the conformance kit: its {@link LroDriver#receiveFrame} must put a frame where the
     * driver's hardware or source would receive it (a NIC model's wire, a device's queue), so that the kit
     * tests the whole receive path. The default is {@link #open}, which is right for drivers whose frames
     * arrive through {@code receiveFrame} anyway; a driver whose frames reach it another way overrides this.
     *
     * @param config the LRO configuration for its engine
     * @param stack where the driver delivers packets
     * @return a running driver, fed by the kit
     */
    default LroDriver conformanceHarness(final LroConfig config, final PacketSink stack) {
        return open(config, stack);
    }

    /**
     * Why {@link #conformanceHarness} cannot run here, for a harness that needs more than {@link #open} does
     * (a TUN driver's harness needs a network namespace of its own). {@code lro conform} checks it before the
     * first rule rather than failing every rule for the same reason.
     *
     * @return empty if the harness is usable; by default {@link #unavailabilityCause()}
     */
    default Optional<Throwable> conformanceHarnessUnavailabilityCause() {
        return unavailabilityCause();
    }
}
