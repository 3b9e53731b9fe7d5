package io.lro4j.drivers.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lro4j.api.AggregationMode;
import io.lro4j.api.LroConfig;
import io.lro4j.api.MergePolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every wire capture in ../shared/pcaps (when that folder exists beside the checkout; skipped with the
 * reason otherwise), replayed in both modes and both policies: the output must pass the Java capture check
 * and, when python3 is present, ../shared/tools/check_lro_output.py; with the inet_lro policy the
 * aggregation rate must be at least the Linux GRO rate in ../shared/pcaps/README.md. The table of rates is
 * written to target/lro-rates.md.
 */
class SharedCapturesReplayTest {

    static final List<String> TABLE = new ArrayList<>();

    @TempDir
    static Path dir;

    /** Linux GRO rates per capture name, from the README's table. */
    static Map<String, Double> groRates(final Path readme) throws IOException {
        final Map<String, Double> rates = new TreeMap<>();
        final Pattern row = Pattern.compile("^\\|\\s*([\\w-]+)\\s*\\|([^|]*\\|){4}\\s*([0-9.]+)\\s*\\|");
        for (final String line : Files.readAllLines(readme, StandardCharsets.UTF_8)) {
            final Matcher m = row.matcher(line);
            if (m.find()) {
                rates.put(m.group(1), Double.parseDouble(m.group(3)));
            }
        }
        return rates;
    }

    @TestFactory
    Stream<DynamicTest> everySharedCapture() throws IOException {
        final Path readme = CaptureCheck.shared().resolve("pcaps").resolve("README.md");
        final Map<String, Double> gro = Files.isRegularFile(readme) ? groRates(readme) : Map.of();
        return CaptureCheck.forEachSharedCapture(in -> Stream.of(AggregationMode.values()).flatMap(mode -> Stream.of(
                MergePolicy.values()).map(policy -> DynamicTest.dynamicTest(
                in.getFileName() + " " + mode.id() + " " + policy.id(), () -> replay(in, mode, policy, gro)))));
    }

    private static void replay(final Path in, final AggregationMode mode, final MergePolicy policy,
            final Map<String, Double> gro) throws Exception {
        final String name = in.getFileName().toString().replace(".wire.pcap", "");
        final Path out = dir.resolve(name + "." + mode.id() + "." + policy.id() + ".pcap");
        final PcapReplay.Result r = PcapReplay.run(in, out, LroConfig.builder().mode(mode).policy(policy).build(),
                PcapReplay.DEFAULT_POLL, 0, n -> { });
        assertNull(r.inputError());
        assertEquals(r.packetsWritten(), r.stats().delivered());
        final CaptureCheck check = CaptureCheck.of(in, out);
        final CaptureCheck.PythonCheck python = CaptureCheck.python(in, out);
        final Double linux = gro.get(name);
        synchronized (TABLE) {
            TABLE.add(String.format(Locale.ROOT, "| %s | %s | %s | %d | %d | %.2f | %.2f | %s | %s |", name, mode.id(),
                    policy.id(), check.inDataSegments(), check.outDataPackets(), check.rate(), r.stats().lroRate(),
                    linux == null ? "-" : String.format(Locale.ROOT, "%.2f", linux), python.verdict()));
        }
        assertNull(check.failure(), check.failure());
        assertTrue(!python.failed(), "check_lro_output.py says:\n" + python.output());
        if (policy == MergePolicy.INET_LRO && linux != null) {
            assertTrue(check.rate() >= linux, String.format(Locale.ROOT,
                    "%s %s: aggregation rate %.2f below Linux GRO's %.2f", name, mode.id(), check.rate(), linux));
        }
    }

    @AfterAll
    static void writeTable() throws IOException {
        CaptureCheck.writeTable("lro-rates.md", "| capture | mode | policy | data segments in | data packets out "
                + "| rate (checker) | LRO rate (engine) | Linux GRO rate | check_lro_output.py |", TABLE);
    }
}
