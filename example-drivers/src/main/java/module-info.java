/**
 * lro4j's example drivers: classic pcap I/O and the capture-file replay driver, with a software header
 * seeker other drivers can reuse. Drivers are registered for {@link java.util.ServiceLoader}.
 */
module io.lro4j.drivers {
    requires transitive io.lro4j.spi;
    requires static org.jspecify;

    exports io.lro4j.drivers.pcap;
    exports io.lro4j.drivers.seeker;

    provides io.lro4j.spi.LroDriverProvider with io.lro4j.drivers.pcap.PcapDriverProvider,
        io.lro4j.drivers.pcap.PcapPagesDriverProvider;
}
