package io.lro4j.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lro4j.benchmarks.SyntheticStream.Scenario;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Java stream is frames.h's, byte for byte, and the engine aggregates it as DPDK's GRO does (the out/in
 * ratios of ../shared/perf/dpdk-gro/RESULTS.md), so that the benchmarks compare the same work.
 */
class SyntheticStreamTest {

    @TempDir
    Path dir;

    static Path dpdkGro() {
        return Path.of(System.getProperty("lro4j.root", "..")).resolve("../shared/perf/dpdk-gro").normalize();
    }

    @Test
    @DisplayName("the header rings equal those of frames.h compiled with gcc (when ../shared and gcc exist)")
    void sameBytesAsFramesH() throws Exception {
        final Path framesH = dpdkGro().resolve("frames.h");
        assumeTrue(Files.isRegularFile(framesH), "no " + framesH + " (a user's checkout has none)");
        final Path c = dir.resolve("dump.c");
        Files.writeString(c, """
                #include <stdio.h>
                #include "frames.h"
                int main(void) {
                    static uint8_t frame[HDR_LEN + 1500];
                    for (int s = 0; s < NSCEN; s++) {
                        const struct stream_cfg *cfg = &SCENARIOS[s].cfg;
                        for (uint64_t k = 0; k < 4096; k++) {
                            uint32_t f; uint64_t j;
                            stream_pos(cfg, k, &f, &j);
                            build_frame(frame, cfg, f, j);
                            fwrite(frame, 1, HDR_LEN, stdout);
                        }
                    }
                    return 0;
                }
                """);
        final Path exe = dir.resolve("dump");
        final Process cc;
        try {
            cc = new ProcessBuilder("gcc", "-O1", "-I", framesH.getParent().toString(), "-o", exe.toString(),
                    c.toString()).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            assumeTrue(false, "no gcc: " + e.getMessage());
            return;
        }
        final String ccOut = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(cc.waitFor(120, TimeUnit.SECONDS) && cc.exitValue() == 0, ccOut);
        final Process run = new ProcessBuilder(exe.toString()).start();
        final byte[] fromC = run.getInputStream().readAllBytes();
        assertTrue(run.waitFor(60, TimeUnit.SECONDS));
        int at = 0;
        for (final Scenario s : Scenario.values()) {
            final byte[] inJava = SyntheticStream.headerRing(s).array();
            final byte[] inC = java.util.Arrays.copyOfRange(fromC, at, at + inJava.length);
            assertArrayEquals(inC, inJava, "scenario " + s);
            at += inJava.length;
        }
        assertEquals(fromC.length, at);
    }

    @ParameterizedTest(name = "{0} burst {1} {2}: out/in {3}")
    @CsvSource({
        "A, 32, inet-lro, 0.03125", "A, 64, inet-lro, 0.03125", "B, 32, inet-lro, 0.125", "B, 64, inet-lro, 0.0625",
        "C, 32, inet-lro, 1.0", "D, 64, inet-lro, 1.0", "E, 32, inet-lro, 0.03125", "E, 64, inet-lro, 0.015625",
        "A, 32, gro, 0.03125", "B, 64, gro, 0.0625", "C, 32, gro, 1.0", "E, 64, gro, 0.015625",
        // F: a flush-on-discontinuity LRO makes 3 outputs per 8 segments (DPDK's reorder buffering makes 2)
        "F, 32, inet-lro, 0.375", "F, 32, gro, 0.375", "F, 64, inet-lro, 0.4375", "F, 64, gro, 0.375"})
    @DisplayName("aggregation over a whole ring equals DPDK's out/in (F: by the flush-on-discontinuity rule)")
    void aggregationMatchesDpdk(final String scenario, final int burst, final String policy, final double outPerIn) {
        for (final String mode : new String[] {"chain", "fragments"}) {
            final Scenario s = SyntheticStream.scenario(scenario);
            final BurstHarness h = new BurstHarness(SyntheticStream.headerRing(s), SyntheticStream.RING, s.payload(),
                    BurstHarness.config(mode, policy, Math.min(s.flows(), burst)), Math.max(17, burst), 4 * burst);
            for (int i = 0; i < SyntheticStream.RING / burst; i++) {
                h.burst(burst);
            }
            assertEquals(SyntheticStream.RING, h.txSegments(), "every segment delivered once");
            assertEquals(outPerIn, (double) h.txPackets() / SyntheticStream.RING, 1e-9, mode);
            assertEquals(SyntheticStream.RING, h.engine().stats().received());
        }
    }
}
