package io.lro4j.api;

import io.lro4j.api.packet.PacketPool;

/**
 * An implementation of the LRO engine, found with {@link java.util.ServiceLoader} (like an SLF4J
 * provider): {@code lro-impl} provides one. Applications use {@link Lro}; they rarely see this type.
 *
 * <p>Implementations must be cheap to construct: discovery instantiates every provider on the path.
 */
public interface EngineProvider {

    /** @return a stable name, for example {@code "lro4j"} */
    String name();

    /** @return higher wins when no provider is named explicitly */
    default int priority() {
        return 0;
    }

    /**
     * Creates an engine.
     *
     * @param config its configuration
     * @param sink where it delivers packets
     * @return a new engine
     */
    LroEngine newEngine(LroConfig config, PacketSink sink);

    /**
     * Creates a segmenter.
     *
     * @param pool where segment packets come from
     * @return a new segmenter
     */
    GsoSegmenter newSegmenter(PacketPool pool);
}
