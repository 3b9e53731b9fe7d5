package io.lro4j.benchmarks;

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
 * Cost per packet against the number of concurrent flows. F flows send round-robin, two 64-byte segments
 * each per poll (2F packets, then {@code flushAll()}), so every flow is held while all the others arrive and
 * every packet does the same work whatever F is: half start an aggregate, half merge, one flush per two.
 * With {@code descriptors=fit} the table holds all F flows; with {@code descriptors=8} it is too small and
 * the inet-lro policy passes the excess through ({@code noDesc}). {@code reset} is the harness alone, holding
 * a whole poll before releasing it, so {@code lro - reset} is the engine's own cost.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
public class ScalingBenchmark {

    /** Packets per invocation: two per flow at the largest flow count. */
    static final int PACKETS = 131_072;
    /** Payload bytes per segment. */
    static final int PAYLOAD = 64;

    /** Concurrent flows. */
    @Param({"1", "16", "256", "4096", "65536"})
    public int flows = 1;

    /** "fit" sizes the table to the flow count; a number fixes it. */
    @Param({"fit", "8"})
    public String descriptors = "fit";

    /** Merge policy. */
    @Param({"inet-lro"})
    public String policy = "inet-lro";

    private BurstHarness lro;
    private BurstHarness reset;

    /** Builds the ring, the pools and the engine. */
    @Setup
    public void setup() {
        final int positions = 2 * flows;
        final java.nio.ByteBuffer ring = SyntheticStream.headerRing(flows, PAYLOAD, false, positions);
        final int size = descriptors.equals("fit") ? flows : Integer.parseInt(descriptors);
        lro = new BurstHarness(ring, positions, PAYLOAD, BurstHarness.config("chain", policy, size), 17,
                positions + 64);
        reset = new BurstHarness(ring, positions, PAYLOAD, null, 17, positions + 64);
    }

    /**
     * RX + LRO + TX, polls of 2F packets.
     *
     * @return bytes delivered
     */
    @Benchmark
    @OperationsPerInvocation(PACKETS)
    public long lro() {
        for (int done = 0; done < PACKETS; done += 2 * flows) {
            lro.burst(2 * flows);
        }
        return lro.txBytes();
    }

    /**
     * RX + TX alone, the same polls: a whole poll received and held, then released. This is the memory
     * traffic of holding 2F packets without any LRO, so {@code lro - reset} is the engine's own cost with the
     * harness's working-set (cache-miss) effect taken out.
     *
     * @return bytes delivered
     */
    @Benchmark
    @OperationsPerInvocation(PACKETS)
    public long reset() {
        for (int done = 0; done < PACKETS; done += 2 * flows) {
            reset.burst(2 * flows);
        }
        return reset.txBytes();
    }
}
