package io.lro4j.api;

import io.lro4j.api.internal.ServiceDiscovery;
import io.lro4j.api.packet.PacketPool;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The entry point: creates engines and segmenters from the {@link EngineProvider} found on the class
 * path or module path (add {@code io.github.lro4j:lro-impl} at runtime).
 *
 * <pre>{@code
 * LroEngine lro = Lro.newEngine(LroConfig.builder().maxDescriptors(64).build(), stack::receive);
 * }</pre>
 *
 * <p>The provider is chosen by {@link LroConfig#engine()}, else by the system property
 * {@value #ENGINE_PROPERTY}, else by the highest {@link EngineProvider#priority()} (ties: by name).
 * Providers that fail to load are skipped and reported in the error when no usable provider remains.
 */
public final class Lro {

    /** System property naming the engine provider to use. */
    public static final String ENGINE_PROPERTY = "lro4j.engine";

    private Lro() {
    }

    private static final class Holder {
        static final ServiceDiscovery<EngineProvider> DISCOVERY = ServiceDiscovery.load(
                ServiceLoader.load(EngineProvider.class, EngineProvider.class.getClassLoader()), EngineProvider::name);
    }

    /**
     * Creates an engine.
     *
     * @param config the configuration
     * @param sink where delivered packets go
     * @return a new engine from the chosen provider
     * @throws IllegalStateException if no provider is found, or the named one is not
     */
    public static LroEngine newEngine(final LroConfig config, final PacketSink sink) {
        return provider(config.engine()).newEngine(config, sink);
    }

    /**
     * Creates a segmenter ({@link GsoSegmenter}).
     *
     * @param pool where segment packets come from
     * @return a new segmenter from the default provider
     */
    public static GsoSegmenter newSegmenter(final PacketPool pool) {
        return provider(null).newSegmenter(pool);
    }

    /** @return every engine provider that loaded, in name order */
    public static List<EngineProvider> providers() {
        return Holder.DISCOVERY.providers();
    }

    /**
     * The provider to use.
     *
     * @param name a provider name, or null for the system property or the highest priority
     * @return the provider
     * @throws IllegalStateException if none is usable, naming what was found and what failed
     */
    public static EngineProvider provider(final @Nullable String name) {
        final String wanted = name != null ? name : System.getProperty(ENGINE_PROPERTY);
        final List<EngineProvider> all = Holder.DISCOVERY.providers();
        if (wanted != null) {
            return all.stream().filter(p -> p.name().equals(wanted)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("engine '" + wanted + "' not found; " + found()));
        }
        return all.stream().max(Comparator.comparingInt(EngineProvider::priority)
                        .thenComparing(EngineProvider::name, Comparator.reverseOrder()))
                .orElseThrow(() -> new IllegalStateException("no lro4j engine on the class path or module path: "
                        + "add io.github.lro4j:lro-impl as a runtime dependency; " + found()));
    }

    private static String found() {
        final String names = Holder.DISCOVERY.providers().stream().map(EngineProvider::name)
                .collect(Collectors.joining(", ", "[", "]"));
        final String broken = Holder.DISCOVERY.failures().stream().map(ServiceDiscovery.Failure::description)
                .collect(Collectors.joining("; "));
        return "available engines: " + names + (broken.isEmpty() ? "" : "; providers that failed to load: " + broken);
    }
}
