/**
 * lro4j's example drivers: classic pcap I/O, the capture-file replay drivers (linear and page receive) and
 * the RealTek RTL8169 NIC model with its r8169 driver, and a real Linux TUN device (its system calls through the
 * Foreign Function & Memory API, compiled with release 22 when the JDK has it). Drivers are registered for
 * {@link java.util.ServiceLoader}.
 */
module io.lro4j.drivers {
    requires transitive io.lro4j.spi;
    requires static org.jspecify;

    exports io.lro4j.drivers.pcap;
    exports io.lro4j.drivers.rtl8169;
    exports io.lro4j.drivers.tun;

    provides io.lro4j.spi.LroDriverProvider with io.lro4j.drivers.pcap.PcapDriverProvider,
        io.lro4j.drivers.pcap.PcapPagesDriverProvider, io.lro4j.drivers.rtl8169.Rtl8169DriverProvider,
        io.lro4j.drivers.tun.TunDriverProvider;
}
