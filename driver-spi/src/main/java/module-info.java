/**
 * lro4j's driver SPI: what a driver adapter implements. The skb-mode and page-mode header seekers
 * (inet_lro's {@code get_skb_header} and {@code get_frag_header}), the {@link io.lro4j.spi.LroManager}
 * that binds them to an engine, capabilities, driver providers found with {@link java.util.ServiceLoader},
 * and a software header seeker drivers can reuse.
 */
module io.lro4j.spi {
    requires transitive io.lro4j.api;
    requires static transitive org.jspecify;

    exports io.lro4j.spi;
    exports io.lro4j.spi.seeker;

    uses io.lro4j.spi.LroDriverProvider;
}
