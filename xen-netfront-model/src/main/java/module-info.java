/**
 * lro4j's model of Xen 3.1's paravirtual network path (the system of Hatori and Oi): grant tables, event
 * channels, the shared rings, netback, the driver domain's bridge, netloop and netfront, with LRO at the
 * physical NIC or in netfront. Registered as driver {@code xen-netfront}; the physical NIC is another
 * registered driver.
 */
module io.lro4j.xen {
    requires transitive io.lro4j.spi;
    requires static org.jspecify;

    exports io.lro4j.xen;
    exports io.lro4j.xen.accounting;
    exports io.lro4j.xen.dom0;
    exports io.lro4j.xen.guest;
    exports io.lro4j.xen.hypervisor;
    exports io.lro4j.xen.ring;
    exports io.lro4j.xen.skb;

    provides io.lro4j.spi.LroDriverProvider with io.lro4j.xen.XenNetfrontDriverProvider;
}
