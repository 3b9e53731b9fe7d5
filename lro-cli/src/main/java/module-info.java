/**
 * The {@code lro} command line (picocli): {@code lro paper}, {@code lro replay}, {@code lro forward}, {@code lro drivers},
 * {@code lro conform}.
 */
module io.lro4j.cli {
    requires io.lro4j.drivers;
    requires io.lro4j.xen;
    requires io.lro4j.testbed;
    requires org.knowm.xchart;
    requires java.desktop;
    requires io.lro4j.conformance;
    requires info.picocli;
    requires com.google.gson;
    requires static org.jspecify;

    uses io.lro4j.api.EngineProvider;
    uses io.lro4j.spi.LroDriverProvider;

    opens io.lro4j.cli to info.picocli;
}
