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
 * Runs {@code lro drivers} as a named module in a child JVM: the engine and the pcap driver must be found
 * through the {@code provides} clauses of their {@code module-info.java} (the tests otherwise run on the
 * class path, where {@code META-INF/services} does the work).
 */
class ModulePathTest {

    @Test
    @DisplayName("on the module path, ServiceLoader finds the engine and the driver through 'provides'")
    void modulePathDiscovery() throws Exception {
        final List<String> modules = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> e.contains("lro-api") && !e.contains("test") || e.contains("driver-spi")
                        || e.contains("lro-impl") || e.contains("example-drivers") || e.contains("picocli")
                        || e.contains("gson") || e.endsWith(Path.of("lro-cli", "target", "classes").toString()))
                .filter(e -> !e.endsWith("test-classes") && !e.endsWith("-tests.jar"))
                .collect(Collectors.toList());
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final Process p = new ProcessBuilder(java, "--module-path", String.join(File.pathSeparator, modules),
                "--module", "io.lro4j.cli/io.lro4j.cli.Main", "drivers").redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("pcap") && out.contains("lro4j"), out);
        assertTrue(!out.contains("failed to load"), out);
    }
}
