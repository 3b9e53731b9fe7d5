package io.lro4j.benchmarks;

import io.lro4j.api.LroConfig;
import io.lro4j.api.header.FrameBuilder;
import io.lro4j.drivers.rtl8169.HostTiming;
import io.lro4j.drivers.rtl8169.Rtl8169Host;
import io.lro4j.drivers.rtl8169.Rtl8169Options;
import java.nio.ByteBuffer;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost per frame of the RTL8169 model: the wire's FCS, the chip's checks, checksum verification and DMA, the
 * driver's poll with LRO, refill, and the stack releasing what it gets. One flow of full-sized segments in
 * polls of 64 frames. {@code harness}: frames go straight to the chip and a poll runs every 64;
 * {@code timed}: the host's virtual clock, a 1 Gbit/s link and the default CPU costs decide the polls. Run
 * with {@code -prof gc} to see that the path allocates nothing per frame.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class Rtl8169Benchmark {

    /** Frames per invocation. */
    static final int FRAMES = 4096;
    /** Frames per poll in the harness. */
    static final int POLL = 64;

    /** harness or timed. */
    @Param({"harness", "timed"})
    public String host = "harness";

    /** Driver era. */
    @Param({"LINUX_2_6_18", "MODERN"})
    public String era = "LINUX_2_6_18";

    private Rtl8169Host nic;
    private final ByteBuffer[] frames = new ByteBuffer[POLL];
    private long sent;

    /** Builds the host and 64 consecutive segments. */
    @Setup
    public void setup() {
        final Rtl8169Options options = Rtl8169Options.defaults()
                .withEra(io.lro4j.drivers.rtl8169.DriverEra.valueOf(era));
        nic = host.equals("timed")
                ? Rtl8169Host.timed(HostTiming.defaults(), LroConfig.defaults(), p -> p.release(), options, (f, o, l, t) -> { })
                : Rtl8169Host.harness(LroConfig.defaults(), p -> p.release(), options);
        for (int i = 0; i < POLL; i++) {
            frames[i] = ByteBuffer.wrap(new FrameBuilder().ipv4(0x0A00_0001L, 0x0A00_0002L).ports(40000, 80)
                    .seq(1000 + i * 1448).ack(1).window(501).timestamp(7, 9).payloadLength(1448).toBytes());
        }
    }

    /**
     * Receives {@value #FRAMES} frames.
     *
     * @return frames received so far
     */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public long receive() {
        for (int done = 0; done < FRAMES; done += POLL) {
            for (int i = 0; i < POLL; i++) {
                final ByteBuffer f = frames[i];
                sent += 13_000;
                nic.receiveFrame(f, 0, f.capacity(), sent);
            }
            if (!nic.isTimed()) {
                nic.endPoll();
            }
        }
        return nic.frames();
    }

    /** Closes the host. */
    @TearDown
    public void close() {
        nic.close();
    }
}
