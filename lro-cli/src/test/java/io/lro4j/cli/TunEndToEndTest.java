package io.lro4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.lro4j.drivers.tun.TunDevice;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * scripts/e2e-tun.sh through a real kernel: two network namespaces the script creates, routed only through
 * {@code lro forward} (run from this build's classes), a 64 MiB TCP transfer. Skipped, with the reason, where
 * this process may not create network namespaces and TUN devices.
 */
class TunEndToEndTest {

    private static final Path ROOT = Path.of(System.getProperty("lro4j.root", "..")).toAbsolutePath().normalize();

    private static boolean runs(final String... command) {
        try {
            final Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (final IOException e) {
            return false;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void assumeNamespacesAndTun() {
        Assumptions.assumeTrue(TunDevice.isAvailable(), () -> "no TUN device here: " + TunDevice.unavailabilityCause().orElseThrow().getMessage());
        Assumptions.assumeTrue(runs("python3", "-c", "pass"), "no python3 (the script's sender and receiver)");
        final String probe = "lro4j-probe-" + ProcessHandle.current().pid();
        Assumptions.assumeTrue(runs("ip", "netns", "add", probe), "this process may not create network namespaces (ip netns add)");
        runs("ip", "netns", "del", probe);
    }

    @Test
    @DisplayName("64 MiB through lro forward: the received stream's SHA-256 is the sent one's, aggregates went as GSO, no checksum errors")
    void transferThroughTheForwarder() throws IOException, InterruptedException {
        assumeNamespacesAndTun();
        final String java = ProcessHandle.current().info().command().orElse("java");
        final String lro = java + " --enable-native-access=ALL-UNNAMED -cp " + System.getProperty("java.class.path") + " io.lro4j.cli.Main";
        final ProcessBuilder pb = new ProcessBuilder("bash", ROOT.resolve("scripts/e2e-tun.sh").toString(), "--bytes", "64M",
                "--timeout", "60").directory(ROOT.toFile()).redirectErrorStream(true);
        pb.environment().put("LRO", lro);
        final Process p = pb.start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the script ran over its time");
        assertEquals(0, p.exitValue(), out);
        final List<String> lines = out.lines().filter(l -> l.startsWith("RESULT ")).toList();
        assertEquals(1, lines.size(), out);
        final JsonObject result = JsonParser.parseString(lines.get(0).substring(7)).getAsJsonObject();
        assertTrue(result.get("ok").getAsBoolean(), out);
        final JsonObject run = result.getAsJsonArray("runs").get(0).getAsJsonObject();
        assertTrue(run.get("intact").getAsBoolean(), "the received stream differs: " + out);
        assertEquals(64L << 20, run.get("bytes").getAsLong());
        assertEquals(0, run.getAsJsonObject("checksumErrors").size(), out);
        for (final String side : new String[] {"a", "b"}) {
            final JsonObject c = run.getAsJsonObject("counters").getAsJsonObject(side);
            assertEquals(0, c.get("TcpInCsumErrors").getAsLong(), side + ": " + out);
            assertEquals(0, c.get("IpInHdrErrors").getAsLong(), side + ": " + out);
        }
        // the forwarder's own account: it wrote GSO packets carrying many segments each
        final String forward = out.lines().filter(l -> l.contains("forward:") && l.contains("GSO carrying")).findFirst().orElseThrow();
        final long gso = Long.parseLong(forward.replaceAll(".*, (\\d+) of them GSO.*", "$1"));
        assertTrue(gso > 0, "no aggregate crossed as GSO: " + forward);
        final List<String> left = new ProcessBuilder("ip", "netns", "list").start().inputReader().lines()
                .filter(l -> l.startsWith("lro4j-")).toList();
        assertTrue(left.isEmpty(), "the script left namespaces behind: " + left);
        assertTrue(Files.isRegularFile(ROOT.resolve("scripts/e2e-tun.sh")));
    }
}
