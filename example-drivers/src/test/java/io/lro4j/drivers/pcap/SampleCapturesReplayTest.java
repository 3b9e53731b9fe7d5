package io.lro4j.drivers.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lro4j.api.AggregationMode;
import io.lro4j.api.LroConfig;
import io.lro4j.api.MergePolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * End to end on the real captures the repository ships (samples/, cut from real Linux TCP transfers):
 * replayed through the pcap driver and the engine in both modes and both policies, the output must pass
 * the capture check, and the counters must match the files.
 */
class SampleCapturesReplayTest {

    static final String[] SAMPLES = {"bulk-1flow-ipv4", "bulk-1flow-ipv6", "interleaved-8flows-ipv4",
        "small-writes-psh-ipv4"};

    @TempDir
    Path dir;

    static Path sample(final String name) {
        final Path p = Path.of(System.getProperty("lro4j.root", "..")).resolve("samples").resolve(name + ".pcap");
        assertTrue(Files.isRegularFile(p), "sample capture missing: " + p);
        return p;
    }

    static Stream<Arguments> cases() {
        return Arrays.stream(SAMPLES).flatMap(s -> Stream.of(AggregationMode.values())
                .flatMap(m -> Stream.of(MergePolicy.values()).map(p -> Arguments.of(s, m, p))));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    @DisplayName("replayed samples pass the capture check in every mode and policy")
    void replay(final String name, final AggregationMode mode, final MergePolicy policy) throws IOException {
        final Path in = sample(name);
        final Path out = dir.resolve(name + ".out.pcap");
        final PcapReplay.Result r = PcapReplay.run(in, out, LroConfig.builder().mode(mode).policy(policy).build(),
                PcapReplay.DEFAULT_POLL, 0, n -> { });
        assertNull(r.inputError());
        assertEquals(r.framesRead(), r.stats().received());
        assertEquals(r.packetsWritten(), r.stats().delivered());
        final CaptureCheck check = CaptureCheck.of(in, out);
        assertNull(check.failure(), check.failure());
        assertEquals(r.packetsWritten(), check.outPackets());
        if (name.startsWith("bulk")) {
            assertTrue(check.rate() > 5, "bulk traffic aggregates: rate " + check.rate());
        }
    }

    @Test
    @DisplayName("a capture truncated mid-record: an error naming the offset, and everything before it written")
    void truncatedInput() throws IOException {
        final byte[] bytes = Files.readAllBytes(sample("bulk-1flow-ipv4"));
        final Path in = Files.write(dir.resolve("cut.pcap"), Arrays.copyOf(bytes, 100_000));
        final Path out = dir.resolve("cut.out.pcap");
        final PcapReplay.Result r = PcapReplay.run(in, out, LroConfig.defaults(), 64, 0, n -> { });
        assertNotNull(r.inputError());
        assertTrue(r.inputError().getMessage().contains("cut.pcap"), r.inputError().getMessage());
        assertTrue(r.inputError().offset() > 24 && r.inputError().offset() < 100_000);
        assertTrue(r.framesRead() > 50);
        assertEquals(r.framesRead(), r.stats().received(), "every frame read before the fault was processed");
        assertEquals(r.packetsWritten(), r.stats().delivered(), "and written");
    }
}
