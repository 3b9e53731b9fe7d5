/**
 * lro4j's conformance kit: {@link io.lro4j.conformance.LroDriverConformance}, the abstract JUnit 5 class a
 * driver author subclasses to prove an adapter, its {@link io.lro4j.conformance.Rule rules} and the
 * {@link io.lro4j.conformance.DriverUnderTest} harness that feeds a driver and records what it delivers, the
 * public {@link io.lro4j.conformance.TrafficGenerator}, golden vectors, and the
 * {@link io.lro4j.conformance.ConformanceRunner} that runs the kit outside a build.
 */
module io.lro4j.conformance {
    requires transitive io.lro4j.spi;
    requires transitive org.junit.jupiter.api;
    requires org.junit.platform.launcher;
    requires static transitive org.jspecify;

    exports io.lro4j.conformance;

    opens io.lro4j.conformance to org.junit.platform.commons;
}
