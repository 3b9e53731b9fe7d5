package io.lro4j.impl;

import io.lro4j.api.EngineProvider;
import io.lro4j.api.GsoSegmenter;
import io.lro4j.api.LroConfig;
import io.lro4j.api.LroEngine;
import io.lro4j.api.PacketSink;
import io.lro4j.api.packet.PacketPool;
import io.lro4j.impl.engine.Engine;
import io.lro4j.impl.gso.Segmenter;

/**
 * The provider {@link io.lro4j.api.Lro} finds with {@link java.util.ServiceLoader}: lro4j's own engine
 * and segmenter, named {@value #NAME}.
 */
public final class Lro4jEngineProvider implements EngineProvider {

    /** The provider's name. */
    public static final String NAME = "lro4j";

    /** Creates the provider (called by {@link java.util.ServiceLoader}). */
    public Lro4jEngineProvider() {
        // stateless
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public LroEngine newEngine(final LroConfig config, final PacketSink sink) {
        return new Engine(config, sink);
    }

    @Override
    public GsoSegmenter newSegmenter(final PacketPool pool) {
        return new Segmenter(pool);
    }
}
