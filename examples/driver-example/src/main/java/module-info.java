/** An example lro4j driver adapter: a receive ring polled NAPI-style, LRO through the driver SPI. */
module com.example.lrodriver {
    requires io.lro4j.spi;

    exports com.example.lrodriver;

    provides io.lro4j.spi.LroDriverProvider with com.example.lrodriver.RingDriverProvider;
}
