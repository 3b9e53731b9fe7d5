package io.lro4j.drivers.pcap;

import io.lro4j.api.check.FlowComparison;
import io.lro4j.api.check.FrameView;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.jspecify.annotations.Nullable;

/**
 * Checks an LRO's output capture against its input in Java, with the rules of check_lro_output.py: per
 * flow the same payload bytes at the same sequence numbers in the same order (a, f), non-data packets
 * unchanged and in place (e), other packets unchanged and in order (g), no new flows (h), valid lengths and
 * IPv4 and TCP checksums (b, c), no IP payload above 65535 bytes (d).
 *
 * @param failure the first violation, or null
 * @param inDataSegments data segments in the input
 * @param outDataPackets data packets in the output
 * @param outPackets records in the output
 */
public record CaptureCheck(@Nullable String failure, long inDataSegments, long outDataPackets, long outPackets) {

    /**
     * What ../shared/tools/check_lro_output.py said.
     *
     * @param verdict PASS, FAIL, or why it was not run
     * @param output what it printed
     */
    public record PythonCheck(String verdict, String output) {
        /** @return true if it ran and failed */
        public boolean failed() {
            return verdict.equals("FAIL");
        }
    }

    /** @return the shared folder beside the checkout ({@code -Dlro4j.shared=DIR} overrides it) */
    public static Path shared() {
        final String override = System.getProperty("lro4j.shared");
        return (override != null ? Path.of(override)
                : Path.of(System.getProperty("lro4j.root", "..")).resolve("..").resolve("shared")).normalize();
    }

    /**
     * The shared wire captures as dynamic tests: one per capture and whatever variants {@code tests} makes of
     * it, or, when ../shared/pcaps is absent, a single test skipped with the reason (an assumption in the
     * factory itself would be reported as nothing).
     *
     * @param tests the tests for one capture
     * @return the tests
     * @throws IOException if the folder cannot be listed
     */
    public static Stream<DynamicTest> forEachSharedCapture(final Function<Path, Stream<DynamicTest>> tests)
            throws IOException {
        final Path pcaps = shared().resolve("pcaps");
        if (!Files.isDirectory(pcaps)) {
            return Stream.of(DynamicTest.dynamicTest("shared captures", () -> Assumptions.assumeTrue(false,
                    "no shared captures at " + pcaps + " (a user's checkout has none; samples/ covers replay); "
                            + "-Dlro4j.shared=DIR points at them")));
        }
        final List<Path> wires;
        try (Stream<Path> files = Files.list(pcaps)) {
            wires = files.filter(p -> p.getFileName().toString().endsWith(".wire.pcap")).sorted().toList();
        }
        Assertions.assertFalse(wires.isEmpty(), "no *.wire.pcap in " + pcaps);
        return wires.stream().flatMap(tests);
    }

    /**
     * Writes a Markdown table to target/NAME, unless it has no rows.
     *
     * @param name the file's name
     * @param header the header row
     * @param rows the rows, in order
     * @throws IOException if it cannot be written
     */
    public static void writeTable(final String name, final String header, final List<String> rows) throws IOException {
        if (rows.isEmpty()) {
            return;
        }
        final List<String> lines = new ArrayList<>();
        lines.add(header);
        lines.add(header.replaceAll("[^|]+", "---"));
        lines.addAll(rows);
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target", name), lines, StandardCharsets.UTF_8);
    }

    /**
     * Runs ../shared/tools/check_lro_output.py when it and python3 are there.
     *
     * @param in the input capture
     * @param out the LRO's output capture
     * @return its verdict and output
     * @throws IOException if it cannot be started
     * @throws InterruptedException if interrupted while waiting
     */
    public static PythonCheck python(final Path in, final Path out) throws IOException, InterruptedException {
        final Path checker = shared().resolve("tools").resolve("check_lro_output.py");
        if (!Files.isRegularFile(checker) || !python3Available()) {
            return new PythonCheck("not run (python3 or the checker missing)", "");
        }
        final Process p = new ProcessBuilder("python3", checker.toString(), in.toString(), out.toString())
                .redirectErrorStream(true).start();
        final String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new PythonCheck("FAIL", "checker timed out\n" + output);
        }
        return new PythonCheck(p.exitValue() == 0 && output.contains("RESULT: PASS") ? "PASS" : "FAIL", output);
    }

    private static boolean python3Available() {
        try {
            final Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** @return input data segments per output data packet: the checker's aggregation rate */
    public double rate() {
        return outDataPackets == 0 ? 0 : (double) inDataSegments / outDataPackets;
    }

    /**
     * Checks {@code out} against {@code in}.
     *
     * @param in the input capture
     * @param out the LRO's output capture
     * @return the result
     * @throws IOException if a capture cannot be read
     */
    public static CaptureCheck of(final Path in, final Path out) throws IOException {
        final List<byte[]> inBytes = new ArrayList<>();
        final List<FrameView> inViews = read(in, inBytes);
        final List<byte[]> outBytes = new ArrayList<>();
        final List<FrameView> outViews = read(out, outBytes);
        final long inData = inViews.stream().filter(v -> v.tcp() && v.payload().length > 0).count();
        final long outData = outViews.stream().filter(v -> v.tcp() && v.payload().length > 0).count();
        final Set<String> badInputs = new HashSet<>();
        for (int i = 0; i < inViews.size(); i++) {
            final FrameView v = inViews.get(i);
            if (v.tcp() && !(v.ipChecksumOk() && v.tcpChecksumOk())) {
                badInputs.add(Arrays.toString(inBytes.get(i)));
            }
        }
        String failure = null;
        for (int i = 0; i < outViews.size() && failure == null; i++) {
            final FrameView v = outViews.get(i);
            if (!v.tcp()) {
                continue;
            }
            if (!v.lengthsOk() && outBytes.get(i).length > 64) {
                failure = "output packet " + (i + 1) + ": IP length does not match the frame";
            } else if (!(v.ipChecksumOk() && v.tcpChecksumOk()) && !badInputs.contains(Arrays.toString(outBytes.get(i)))) {
                failure = "output packet " + (i + 1) + ": bad " + (v.ipChecksumOk() ? "TCP" : "IPv4") + " checksum";
            } else if (v.payload().length > 0xFFFF) {
                failure = "output packet " + (i + 1) + ": more than 65535 bytes of IP payload";
            }
        }
        if (failure == null) {
            failure = FlowComparison.compareFlows(inViews, inBytes, outViews, outBytes);
        }
        return new CaptureCheck(failure, inData, outData, outViews.size());
    }

    private static List<FrameView> read(final Path file, final List<byte[]> bytes) throws IOException {
        final List<FrameView> views = new ArrayList<>();
        try (PcapReader r = PcapReader.open(file)) {
            final boolean raw = !r.linkType().ethernet();
            while (r.next()) {
                final byte[] frame = Arrays.copyOf(r.data().array(), r.capturedLength());
                bytes.add(frame);
                views.add(FrameView.of(frame, raw, -1, 0));
            }
        }
        return views;
    }
}
