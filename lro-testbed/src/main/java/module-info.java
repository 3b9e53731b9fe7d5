/**
 * lro4j's paper testbed (Hatori and Oi): a discrete-event simulation of a Linux 2.6 TCP sender, a gigabit
 * wire and switch, and the receiving machine built from the project's own models (the RTL8169, the Xen
 * split driver with one CPU per domain, the receiver's TCP), in the paper's configurations and beyond.
 */
module io.lro4j.testbed {
    requires transitive io.lro4j.xen;
    requires transitive io.lro4j.drivers;
    requires static org.jspecify;

    exports io.lro4j.testbed;
    exports io.lro4j.testbed.cpu;
    exports io.lro4j.testbed.net;
    exports io.lro4j.testbed.report;
    exports io.lro4j.testbed.tcp;

    opens io.lro4j.testbed.cpu; // costs.properties
}
