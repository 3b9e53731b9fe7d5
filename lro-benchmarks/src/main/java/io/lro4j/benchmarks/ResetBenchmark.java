package io.lro4j.benchmarks;

import io.lro4j.benchmarks.SyntheticStream.Scenario;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The harness alone (RX + TX, no LRO) for each scenario and burst: what {@link GroBenchmark} subtracts, as
 * gro_bench.c's {@code reset} mode. It does not depend on mode or policy.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ResetBenchmark {

    /** The frames.h scenario. */
    @Param({"A", "B", "C", "D", "E", "F"})
    public String scenario = "A";

    /** Packets per burst. */
    @Param({"32", "64"})
    public int burst = 32;

    private BurstHarness harness;

    /** Builds the ring and the pools. */
    @Setup
    public void setup() {
        final Scenario s = SyntheticStream.scenario(scenario);
        harness = new BurstHarness(SyntheticStream.headerRing(s), SyntheticStream.RING, s.payload(), null,
                Math.max(17, burst), 4 * burst);
    }

    /**
     * RX + TX for 64 packets.
     *
     * @return bytes delivered
     */
    @Benchmark
    @OperationsPerInvocation(GroBenchmark.PACKETS)
    public long reset() {
        for (int done = 0; done < GroBenchmark.PACKETS; done += burst) {
            harness.burst(burst);
        }
        return harness.txBytes();
    }
}
