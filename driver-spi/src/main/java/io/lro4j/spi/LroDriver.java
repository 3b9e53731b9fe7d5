package io.lro4j.spi;

import io.lro4j.api.LroStats;
import java.nio.ByteBuffer;

/**
 * One running instance of a driver's receive path, fed with raw frames: a frame arrives "on the wire"
 * (or is read from its source) with {@link #receiveFrame}, a poll ends with {@link #endPoll()}, and the
 * driver delivers what it received, aggregated by its LRO engine, to the packet sink it was opened with.
 *
 * <p>This is how tools ({@code lro replay}) and tests drive any driver the same way. Not thread-safe.
 */
public interface LroDriver extends AutoCloseable {

    /**
     * Receives one frame, copying it: the driver treats it exactly as its hardware or source would.
     *
     * @param frame buffer holding the frame
     * @param offset absolute index of the frame's first byte
     * @param length the frame's length in bytes
     * @param timestampNanos its arrival time in nanoseconds
     */
    void receiveFrame(ByteBuffer frame, int offset, int length, long timestampNanos);

    /** Ends a poll: whatever the driver does at the end of one (for NAPI drivers, LRO's flushAll). */
    void endPoll();

    /** @return the LRO engine's counters */
    LroStats lroStats();

    /** Ends the last poll, delivers everything still held and frees the driver's resources. */
    @Override
    void close();
}
