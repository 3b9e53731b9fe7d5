package io.lro4j.spi;

import io.lro4j.api.internal.ServiceDiscovery;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Discovery of {@link LroDriverProvider drivers} with {@link java.util.ServiceLoader}.
 *
 * <p>Providers are loaded once with this SPI's class loader and listed by name. A provider that fails to
 * load (a missing class, a constructor that throws, a bad services entry) is skipped, and its cause is kept
 * in {@link #failures()} for reports such as {@code lro drivers}; it never stops discovery.
 */
public final class Drivers {

    /** A provider that could not be loaded, with the reason. */
    public record Failure(String description, Throwable cause) {
    }

    private Drivers() {
    }

    private static final class Holder {
        static final ServiceDiscovery<LroDriverProvider> DISCOVERY = ServiceDiscovery.load(
                ServiceLoader.load(LroDriverProvider.class, LroDriverProvider.class.getClassLoader()),
                LroDriverProvider::name);
    }

    /** @return every driver provider that loaded, in name order */
    public static List<LroDriverProvider> all() {
        return Holder.DISCOVERY.providers();
    }

    /** @return the providers that failed to load */
    public static List<Failure> failures() {
        return Holder.DISCOVERY.failures().stream().map(f -> new Failure(f.description(), f.cause())).toList();
    }

    /**
     * @param name a driver name
     * @return the provider of that name, if one loaded
     */
    public static Optional<LroDriverProvider> find(final String name) {
        return all().stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /**
     * The provider of that name, or a clear error.
     *
     * @param name a driver name
     * @return the provider
     * @throws IllegalArgumentException naming the drivers that exist and those that failed to load
     */
    public static LroDriverProvider require(final String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("driver '" + name + "' not found; available: "
                + all().stream().map(LroDriverProvider::name).collect(Collectors.joining(", ", "[", "]"))
                + (failures().isEmpty() ? "" : "; failed to load: "
                        + failures().stream().map(Failure::description).collect(Collectors.joining("; ")))));
    }
}
