/**
 * lro4j's engine: the flow table, policies, chain and fragment aggregation, flushing, header rewrite,
 * checksums and re-segmentation. It exports nothing; {@link io.lro4j.api.Lro} finds it as an
 * {@link io.lro4j.api.EngineProvider}.
 */
module io.lro4j.impl {
    requires io.lro4j.api;
    requires static org.jspecify;

    provides io.lro4j.api.EngineProvider with io.lro4j.impl.Lro4jEngineProvider;
}
