package io.lro4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code lro drivers} and {@code lro conform} as named modules in a child JVM: the engine, the drivers
 * and the JUnit engine the kit runs on must be found through the {@code provides} clauses of their
 * {@code module-info.java} (the tests otherwise run on the class path, where {@code META-INF/services} does
 * the work).
 */
class ModulePathTest {

    @Test
    @DisplayName("on the module path, ServiceLoader finds the engine, the drivers and the kit's JUnit engine")
    void modulePathDiscovery() throws Exception {
        final List<String> modules = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> e.contains("lro-api") && !e.contains("test") || e.contains("driver-spi")
                        || e.contains("lro-impl") || e.contains("example-drivers") || e.contains("xen-netfront-model") || e.contains("lro-testbed") || e.contains("picocli")
                        || e.contains("xchart") || e.contains("VectorGraphics2D")
                        || e.contains("gson") || e.contains("conformance-tests") || e.contains("junit")
                        || e.contains("opentest4j") || e.contains("apiguardian") || e.contains("jspecify")
                        || e.endsWith(Path.of("lro-cli", "target", "classes").toString()))
                .filter(e -> !e.endsWith("test-classes") && !e.endsWith("-tests.jar"))
                .collect(Collectors.toList());
        final String out = lro(modules, "drivers");
        assertTrue(out.contains("pcap") && out.contains("xen-netfront") && out.contains("lro4j"), out);
        assertTrue(!out.contains("failed to load"), out);
        final String conform = lro(modules, "conform", "--driver", "pcap-pages", "--scenarios", "3", "--quiet");
        assertTrue(conform.contains("CONFORMS") && conform.contains("merge"), conform);
        // the Xen path finds its physical NIC (rtl8169) through the SPI on the module path too
        final String xen = lro(modules, "conform", "--driver", "xen-netfront", "--scenarios", "3", "--quiet");
        assertTrue(xen.contains("CONFORMS"), xen);
        // the paper testbed, with its charts (XChart as an automatic module)
        final Path dir = java.nio.file.Files.createTempDirectory("lro-paper");
        final String paper = lro(modules, "paper", "--configs", "guest-3", "--bytes", "1M", "--no-progress", "--out", dir.toString());
        assertTrue(paper.contains("Table II") && paper.contains("identical"), paper);
        assertTrue(java.nio.file.Files.size(dir.resolve("paper-throughput.svg")) > 0, "no SVG chart");
    }

    /** Runs {@code lro} in a child JVM on the module path; asserts exit 0 and returns its output. */
    private static String lro(final List<String> modules, final String... args) throws Exception {
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final List<String> command = new java.util.ArrayList<>(List.of(java, "--module-path",
                String.join(File.pathSeparator, modules), "--module", "io.lro4j.cli/io.lro4j.cli.Main"));
        command.addAll(List.of(args));
        final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
