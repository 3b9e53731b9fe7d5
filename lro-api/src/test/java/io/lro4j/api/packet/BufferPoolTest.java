package io.lro4j.api.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BufferPoolTest {

    @Test
    @DisplayName("power-of-two classes, reuse after recycle, counters")
    void classesAndReuse() {
        final BufferPool pool = new BufferPool();
        final ByteBuffer a = pool.acquire(1514);
        assertEquals(2048, a.capacity());
        assertEquals(ByteOrder.BIG_ENDIAN, a.order());
        assertEquals(64, pool.acquire(0).capacity());
        assertEquals(1, pool.acquire(1).capacity() / 64);
        pool.recycle(a);
        assertSame(a, pool.acquire(2000));
        assertEquals(3, pool.created());
        assertEquals(3, pool.outstanding());
    }

    @Test
    @DisplayName("foreign or out-of-range buffers are refused with a clear message")
    void refusals() {
        final BufferPool pool = new BufferPool();
        assertThrows(IllegalArgumentException.class, () -> pool.recycle(ByteBuffer.allocate(100)));
        assertThrows(IllegalArgumentException.class, () -> pool.recycle(ByteBuffer.allocateDirect(128)));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> pool.acquire(BufferPool.MAX_CAPACITY + 1));
        assertTrue(e.getMessage().contains("between 0 and"));
        assertTrue(new BufferPool(true).acquire(10).isDirect());
    }
}
