package io.lro4j.conformance;

import io.lro4j.api.LroConfig;
import io.lro4j.api.LroStats;
import io.lro4j.api.PacketSink;
import io.lro4j.api.header.FrameBuilder;
import io.lro4j.api.packet.BufferPool;
import io.lro4j.api.packet.Packet;
import io.lro4j.spi.LroDriver;
import io.lro4j.spi.LroDriverProvider;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The kit's harness around one running driver: it (a) injects raw frames through the provider's
 * {@link LroDriverProvider#conformanceHarness conformance harness}, where the driver's hardware or source
 * would receive them, (b) ends polls, and (c) shows what the stack received, as {@link Delivery} copies, and
 * the engine's statistics. Frames get arrival times one microsecond apart. Each delivered packet is copied,
 * then linearized (as a stack or a bridge without scatter-gather would) and released.
 */
public final class DriverUnderTest implements AutoCloseable {

    private static final long FRAME_SPACING_NANOS = 1_000;

    private final LroDriver driver;
    private final List<byte[]> injected = new ArrayList<>();
    private final List<Delivery> delivered = new ArrayList<>();
    private final BufferPool linearBuffers = new BufferPool();
    private long clock = 1_000_000_000L;
    private boolean closed;

    /**
     * Opens the provider's conformance harness with {@code config}.
     *
     * @param provider the driver
     * @param config the engine configuration
     */
    public DriverUnderTest(final LroDriverProvider provider, final LroConfig config) {
        final PacketSink stack = this::record;
        this.driver = provider.conformanceHarness(config, stack);
    }

    private void record(final Packet packet) {
        delivered.add(Delivery.of(packet, linearBuffers));
        packet.release();
    }

    /**
     * Injects one frame.
     *
     * @param frame the frame's bytes, link-layer header first
     * @return this harness
     */
    public DriverUnderTest frame(final byte[] frame) {
        injected.add(frame.clone());
        clock += FRAME_SPACING_NANOS;
        driver.receiveFrame(ByteBuffer.wrap(frame), 0, frame.length, clock);
        return this;
    }

    /**
     * Injects the frame a builder describes.
     *
     * @param frame a frame builder
     * @return this harness
     */
    public DriverUnderTest frame(final FrameBuilder frame) {
        return frame(frame.toBytes());
    }

    /**
     * Injects several frames.
     *
     * @param frames frame builders, in arrival order
     * @return this harness
     */
    public DriverUnderTest frames(final FrameBuilder... frames) {
        for (final FrameBuilder f : frames) {
            frame(f);
        }
        return this;
    }

    /**
     * Ends the current poll.
     *
     * @return this harness
     */
    public DriverUnderTest poll() {
        driver.endPoll();
        return this;
    }

    /** @return the frames injected so far, in order */
    public List<byte[]> injected() {
        return Collections.unmodifiableList(injected);
    }

    /** @return what the stack received so far, in order */
    public List<Delivery> deliveries() {
        return Collections.unmodifiableList(delivered);
    }

    /** @return the driver's LRO statistics */
    public LroStats stats() {
        return driver.lroStats();
    }

    /** Closes the driver (which delivers anything it still holds). Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            driver.close();
        }
    }
}
