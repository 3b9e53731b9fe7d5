/**
 * lro4j's example drivers: classic pcap I/O and the capture-file replay drivers (linear and page receive).
 * Drivers are registered for {@link java.util.ServiceLoader}.
 */
module io.lro4j.drivers {
    requires transitive io.lro4j.spi;
    requires static org.jspecify;

    exports io.lro4j.drivers.pcap;

    provides io.lro4j.spi.LroDriverProvider with io.lro4j.drivers.pcap.PcapDriverProvider,
        io.lro4j.drivers.pcap.PcapPagesDriverProvider;
}
