package io.lro4j.drivers.tun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The device itself, where this process may create one (root, /dev/net/tun); skipped with the cause otherwise. */
class TunDeviceTest {

    @Test
    @DisplayName("availability: either a device opens, or the cause says why")
    void availability() {
        if (TunDevice.isAvailable()) {
            assertTrue(TunDevice.unavailabilityCause().isEmpty());
        } else {
            final String why = TunDevice.unavailabilityCause().orElseThrow().getMessage();
            assertTrue(why != null && !why.isBlank(), "a cause with a message");
        }
    }

    @Test
    @DisplayName("open: the kernel keeps the name; nothing to read on a fresh device; a write to a down interface is dropped, not an error")
    void openReadWrite() throws IOException {
        Assumptions.assumeTrue(TunDevice.isAvailable(), () -> "no TUN device here: " + TunDevice.unavailabilityCause().orElseThrow());
        final String name = "lro4jt" + (ProcessHandle.current().pid() % 100_000);
        final ByteBuffer b = ByteBuffer.allocateDirect(TunDevice.MAX_PACKET);
        try (TunDevice t = TunDevice.open(name)) {
            assertEquals(name, t.name());
            assertEquals(0, t.read(b, 0, b.capacity()), "non-blocking: nothing waits");
            b.put(VirtioNetHdr.LENGTH, (byte) 0x45).putShort(VirtioNetHdr.LENGTH + 2, (short) 20);
            assertFalse(t.write(b, 0, VirtioNetHdr.LENGTH + 20), "the interface is down: EIO, dropped");
            assertEquals(0, new TunPoller(t).await(0), "nothing to poll");
            t.close();
            assertThrows(IllegalStateException.class, () -> t.read(b, 0, 100));
        }
        try (TunDevice t = TunDevice.open("")) {
            assertTrue(t.name().startsWith("tun"), "a kernel-chosen name: " + t.name());
        }
    }

    @Test
    @DisplayName("misuse: a name the kernel cannot take, a heap buffer, an out-of-range index")
    void misuse() throws IOException {
        assertThrows(IllegalArgumentException.class, () -> TunDevice.open("a-name-that-is-too-long"));
        assertThrows(IllegalArgumentException.class, () -> TunDevice.open("a/b"));
        Assumptions.assumeTrue(TunDevice.isAvailable(), () -> "no TUN device here: " + TunDevice.unavailabilityCause().orElseThrow());
        try (TunDevice t = TunDevice.open("")) {
            assertThrows(IllegalArgumentException.class, () -> t.read(ByteBuffer.allocate(100), 0, 100));
            assertThrows(IndexOutOfBoundsException.class, () -> t.read(ByteBuffer.allocateDirect(100), 50, 100));
        }
    }
}
