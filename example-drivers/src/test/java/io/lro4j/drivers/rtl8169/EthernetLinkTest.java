package io.lro4j.drivers.rtl8169;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class EthernetLinkTest {

    @Test
    void backToBackFramesArriveAtLineRate() {
        final EthernetLink link = new EthernetLink(EthernetLink.GIGABIT);
        assertEquals(12_304, link.send(0, 1514), "(1514 + 4 FCS + 20 preamble and gap) bytes at 1 ns per bit");
        assertEquals(24_608, link.send(0, 1514), "the second waits for the first");
        assertEquals(24_608 + 672, link.send(0, 42), "a short frame takes the 60-byte minimum's time");
        assertEquals(1_000_000 + 12_304, link.send(1_000_000, 1514), "an idle link: sent time plus line time");
    }

    @Test
    void anUnlimitedLinkDeliversAtTheSendTime() {
        final EthernetLink link = new EthernetLink(0);
        assertEquals(5, link.send(5, 1514));
        assertEquals(5, link.send(5, 1514));
        assertThrows(IllegalArgumentException.class, () -> new EthernetLink(-1));
    }

    @Test
    void paddingAndFcs() {
        assertEquals(18, EthernetLink.padding(42));
        assertEquals(0, EthernetLink.padding(60));
        final byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0xCBF43926, EthernetLink.fcs(new CRC32(), ByteBuffer.wrap(check), 0, check.length),
                "the CRC-32 check value");
        final ByteBuffer direct = ByteBuffer.allocateDirect(12).put(3, check, 0, 9);
        assertEquals(0xCBF43926, EthernetLink.fcs(new CRC32(), direct, 3, 9));
    }
}
