/**
 * lro4j's API: what a network stack sees. The packet model ({@code io.lro4j.api.packet}), reusable
 * header flyweights ({@code io.lro4j.api.header}) and the LRO engine with its configuration, policies,
 * modes and statistics ({@code io.lro4j.api}). The engine itself is found with {@link java.util.ServiceLoader}.
 */
@SuppressWarnings("module") // the qualified export names lro4j's driver-spi, compiled after this module
module io.lro4j.api {
    requires static transitive org.jspecify;

    exports io.lro4j.api;
    exports io.lro4j.api.packet;
    exports io.lro4j.api.header;
    exports io.lro4j.api.check;
    exports io.lro4j.api.internal to io.lro4j.spi;

    uses io.lro4j.api.EngineProvider;
}
