/**
 * lro4j's driver SPI: what a driver adapter implements. The skb-mode and page-mode header seekers
 * (inet_lro's {@code get_skb_header} and {@code get_frag_header}), the {@link io.lro4j.spi.LroManager}
 * that binds them to an engine, capabilities, and driver providers found with {@link java.util.ServiceLoader}.
 */
module io.lro4j.spi {
    requires transitive io.lro4j.api;
    requires static transitive org.jspecify;

    exports io.lro4j.spi;

    uses io.lro4j.spi.LroDriverProvider;
}
