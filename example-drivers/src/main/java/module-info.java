/**
 * lro4j's example drivers: classic pcap I/O, the capture-file replay drivers (linear and page receive) and
 * the RealTek RTL8169 NIC model with its r8169 driver. Drivers are registered for
 * {@link java.util.ServiceLoader}.
 */
module io.lro4j.drivers {
    requires transitive io.lro4j.spi;
    requires static org.jspecify;

    exports io.lro4j.drivers.pcap;
    exports io.lro4j.drivers.rtl8169;

    provides io.lro4j.spi.LroDriverProvider with io.lro4j.drivers.pcap.PcapDriverProvider,
        io.lro4j.drivers.pcap.PcapPagesDriverProvider, io.lro4j.drivers.rtl8169.Rtl8169DriverProvider;
}
