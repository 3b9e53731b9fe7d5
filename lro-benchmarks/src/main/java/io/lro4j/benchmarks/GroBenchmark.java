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
 * The engine on frames.h's scenarios A-F, against DPDK's GRO measured in C on the same traffic
 * ({@code ../shared/perf/dpdk-gro}). Every invocation handles 64 packets: two bursts of 32 or one of 64, each
 * ending with {@code flushAll()}, so the score is ns per packet. {@code lro} is RX + LRO + TX; {@code reset}
 * (see {@link ResetBenchmark}) is RX + TX alone; LRO cost = lro - reset. Run {@code -prof gc} for
 * {@code gc.alloc.rate.norm} (bytes per packet).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GroBenchmark {

    /** Packets per invocation. */
    static final int PACKETS = 64;

    /** The frames.h scenario. */
    @Param({"A", "B", "C", "D", "E", "F"})
    public String scenario = "A";

    /** Packets per burst (flushAll after each). */
    @Param({"32", "64"})
    public int burst = 32;

    /** Aggregation mode. */
    @Param({"chain", "fragments"})
    public String mode = "chain";

    /** Merge policy. */
    @Param({"inet-lro", "gro"})
    public String policy = "inet-lro";

    private BurstHarness harness;

    /** Builds the ring, the pools and the engine. */
    @Setup
    public void setup() {
        final Scenario s = SyntheticStream.scenario(scenario);
        // Descriptors sized like DPDK's max_flow_num = min(flows, window); fragment slots to hold a burst.
        final int descriptors = Math.min(s.flows(), burst);
        harness = new BurstHarness(SyntheticStream.headerRing(s), SyntheticStream.RING, s.payload(),
                BurstHarness.config(mode, policy, descriptors), Math.max(17, burst), 4 * burst);
    }

    /**
     * RX + LRO + TX for 64 packets.
     *
     * @return bytes delivered (so that nothing is optimised away)
     */
    @Benchmark
    @OperationsPerInvocation(PACKETS)
    public long lro() {
        for (int done = 0; done < PACKETS; done += burst) {
            harness.burst(burst);
        }
        return harness.txBytes();
    }
}
