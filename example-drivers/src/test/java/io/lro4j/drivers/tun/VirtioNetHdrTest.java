package io.lro4j.drivers.tun;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class VirtioNetHdrTest {

    @Test
    @DisplayName("the 10-byte layout, little-endian whatever the buffer's order")
    void layout() {
        for (final ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
            final ByteBuffer b = ByteBuffer.allocate(14).order(order);
            final VirtioNetHdr h = new VirtioNetHdr().wrap(b, 2);
            h.set(VirtioNetHdr.F_NEEDS_CSUM, VirtioNetHdr.GSO_TCPV4 | VirtioNetHdr.GSO_ECN, 52, 1448, 20, 16);
            final byte[] bytes = new byte[14];
            b.get(0, bytes);
            assertArrayEquals(new byte[] {0, 0, 1, (byte) 0x81, 52, 0, (byte) 0xA8, 0x05, 20, 0, 16, 0, 0, 0}, bytes, order.toString());
            assertEquals(1, h.flags());
            assertEquals(0x81, h.gsoType());
            assertEquals(52, h.hdrLen());
            assertEquals(1448, h.gsoSize());
            assertEquals(20, h.csumStart());
            assertEquals(16, h.csumOffset());
            h.clear();
            b.get(0, bytes);
            assertArrayEquals(new byte[14], bytes);
        }
    }

    @Test
    @DisplayName("misuse: a header that does not fit, or no buffer")
    void misuse() {
        assertThrows(IndexOutOfBoundsException.class, () -> new VirtioNetHdr().wrap(ByteBuffer.allocate(9), 0));
        assertThrows(IndexOutOfBoundsException.class, () -> new VirtioNetHdr().wrap(ByteBuffer.allocate(20), 11));
        assertThrows(IllegalStateException.class, () -> new VirtioNetHdr().flags());
    }
}
