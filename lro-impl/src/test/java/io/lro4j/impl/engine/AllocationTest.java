package io.lro4j.impl.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lro4j.api.AggregationMode;
import io.lro4j.api.Lro;
import io.lro4j.api.LroConfig;
import io.lro4j.api.LroEngine;
import io.lro4j.api.MergePolicy;
import io.lro4j.api.header.EthernetHeader;
import io.lro4j.api.header.FrameBuilder;
import io.lro4j.api.packet.ChecksumState;
import io.lro4j.api.packet.Packet;
import io.lro4j.api.packet.PacketPool;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The per-packet path allocates nothing at steady state: after a warm-up, bursts of 32 packets of 4
 * interleaved flows go through receive and flushAll, and the sink releases them, with the thread's
 * allocated-byte counter (not a timer) read around the loop. Speed is JMH's business, not this test's.
 */
class AllocationTest {

    static Stream<Arguments> configurations() {
        return Stream.of(AggregationMode.values())
                .flatMap(m -> Stream.of(MergePolicy.values()).map(p -> Arguments.of(m, p)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("configurations")
    @DisplayName("no allocation per packet at steady state")
    void steadyStateAllocatesNothing(final AggregationMode mode, final MergePolicy policy) {
        final java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "this JVM cannot count allocated bytes");
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        final PacketPool pool = new PacketPool();
        final LroEngine engine = Lro.newEngine(LroConfig.builder().mode(mode).policy(policy).build(), Packet::release);
        final ByteBuffer[] frames = new ByteBuffer[32];
        final FrameBuilder f = new FrameBuilder().timestamp(1, 2).ack(5);
        for (int i = 0; i < frames.length; i++) {
            f.ports(40000 + i % 4, 80).seq((i / 4) * 1448).ipId(i / 4).payloadLength(1448);
            frames[i] = ByteBuffer.wrap(f.toBytes());
        }
        final Runnable burst = () -> {
            for (final ByteBuffer frame : frames) {
                final Packet p = pool.acquire(frame.capacity());
                p.putHead(frame, 0, frame.capacity()).headers(EthernetHeader.TYPE_IPV4, 0, 14, 34)
                        .checksumState(ChecksumState.UNNECESSARY);
                engine.receive(p);
            }
            engine.flushAll();
        };
        for (int i = 0; i < 20_000; i++) {
            burst.run();
        }
        final long bursts = 10_000;
        final long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < bursts; i++) {
            burst.run();
        }
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        final double perPacket = (double) allocated / (bursts * frames.length);
        assertTrue(perPacket < 0.01, "allocated " + allocated + " bytes over " + bursts * frames.length
                + " packets (" + perPacket + " per packet)");
        assertEquals(0, pool.outstanding());
        assertEquals(4.0 * (bursts + 20_000) * 8 / (4.0 * (bursts + 20_000)), engine.stats().lroRate(), 1e-9);
    }
}
