package io.lro4j.api.packet;

import java.nio.ByteBuffer;

/**
 * Takes back a buffer when the packet piece that owned it is released.
 *
 * <p>Every piece of a {@link Packet} (its head and each page fragment) may name the recycler that owns
 * its buffer; moving a piece from one packet to another moves that responsibility with it. A piece
 * without a recycler is simply dropped for the garbage collector.
 */
@FunctionalInterface
public interface BufferRecycler {

    /**
     * Returns a buffer to its owner. The caller must not touch the buffer afterwards.
     *
     * @param buffer a buffer previously handed out by this recycler
     */
    void recycle(ByteBuffer buffer);
}
