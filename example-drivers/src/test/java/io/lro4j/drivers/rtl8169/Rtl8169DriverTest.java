package io.lro4j.drivers.rtl8169;

import static io.lro4j.conformance.Frames.MSS;
import static io.lro4j.conformance.Frames.segment;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lro4j.api.packet.ChecksumState;
import io.lro4j.api.packet.Packet;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The r8169 driver's rules: copybreak, checksum mapping, budget, interrupt masking, refill, eras. */
class Rtl8169DriverTest {

    private static final int HEADERS = 14 + 20 + 32;

    @Test
    void framesBelowCopybreakAreCopiedAndTheBufferReArmedInPlace() {
        final Nic nic = new Nic(Rtl8169Options.defaults());
        final ByteBuffer ringBuffer = bufferOf(nic, 0);
        final long address = nic.driver.rxRing().address(0);
        nic.frame(segment(1, 199 - HEADERS)).drain(); // 199 bytes
        final Packet copied = nic.delivered.get(0);
        assertEquals(199, copied.length());
        assertNotSame(ringBuffer, copied.headBuffer(), "199 bytes: copied into a new packet");
        assertEquals(1, nic.stats().get("rx_copybreak"));
        assertEquals(address, nic.driver.rxRing().address(0), "the same buffer re-armed");
        assertSame(ringBuffer, bufferOf(nic, 0));
        assertTrue(nic.driver.rxRing().ownedByNic(0));
    }

    @Test
    void framesOfCopybreakOrMoreAreHandedUpInTheRingBufferAndTheSlotRefilled() {
        final Nic nic = new Nic(Rtl8169Options.defaults());
        final ByteBuffer ringBuffer = bufferOf(nic, 0);
        nic.frame(segment(1, 200 - HEADERS)).drain(); // 200 bytes
        final Packet handed = nic.delivered.get(0);
        assertEquals(200, handed.length());
        assertSame(ringBuffer, handed.headBuffer(), "200 bytes: the ring's own buffer goes up (zero copy)");
        assertEquals(Rtl8169Driver.NET_IP_ALIGN, handed.headOffset(), "after the 2-byte NET_IP_ALIGN reserve");
        assertEquals(0, nic.stats().get("rx_copybreak"));
        assertNotSame(ringBuffer, bufferOf(nic, 0), "the slot was refilled with a new buffer");
        assertTrue(nic.driver.rxRing().ownedByNic(0));
        assertEquals(1, nic.driver.dirtyRx());
    }

    @Test
    void theModernDriverCopiesEveryFrameAndReArmsAtOnce() {
        final Nic nic = new Nic(Rtl8169Options.defaults().withEra(DriverEra.MODERN));
        final ByteBuffer ringBuffer = bufferOf(nic, 0);
        assertEquals(DriverEra.MODERN.rxBufferSize(), nic.driver.rxRing().opts1(0) & RxDescriptor.LENGTH_MASK);
        nic.frame(segment(1, MSS)).drain();
        assertNotSame(ringBuffer, nic.delivered.get(0).headBuffer());
        assertSame(ringBuffer, bufferOf(nic, 0), "the persistent buffer is re-armed");
        assertTrue(nic.driver.rxRing().ownedByNic(0));
    }

    private static ByteBuffer bufferOf(final Nic nic, final int slot) {
        final ByteBuffer b = nic.bus.resolve(nic.driver.rxRing().address(slot));
        assertTrue(b != null, "slot " + slot + " has a mapped buffer");
        return b;
    }

    /** {@code rtl8169_rx_csum}: era, protocol id, IPFail, UDPFail, TCPFail, the checksum state. */
    @ParameterizedTest(name = "{0} proto={1} ipf={2} udpf={3} tcpf={4} -> {5}")
    @CsvSource({
        "LINUX_2_6_18, TCP,  false, false, false, UNNECESSARY",
        "LINUX_2_6_18, TCP,  false, false, true,  NONE",
        "LINUX_2_6_18, TCP,  true,  false, false, UNNECESSARY", // 2.6.18 ignores IPFail for TCP
        "LINUX_2_6_18, TCP,  false, true,  false, UNNECESSARY",
        "LINUX_2_6_18, UDP,  false, false, false, UNNECESSARY",
        "LINUX_2_6_18, UDP,  false, true,  false, NONE",
        "LINUX_2_6_18, UDP,  true,  false, false, UNNECESSARY",
        "LINUX_2_6_18, IP,   false, false, false, UNNECESSARY", // a plain IP frame whose header passed
        "LINUX_2_6_18, IP,   true,  false, false, NONE",
        "LINUX_2_6_18, NONE, false, false, false, NONE",
        "MODERN,       TCP,  false, false, false, UNNECESSARY",
        "MODERN,       TCP,  false, false, true,  NONE",
        "MODERN,       TCP,  true,  false, false, NONE", // any fail bit
        "MODERN,       TCP,  false, true,  false, NONE",
        "MODERN,       UDP,  false, false, false, UNNECESSARY",
        "MODERN,       UDP,  false, true,  false, NONE",
        "MODERN,       IP,   false, false, false, NONE", // only TCP and UDP count
        "MODERN,       NONE, false, false, false, NONE",
    })
    void checksumMapping(final DriverEra era, final String proto, final boolean ipFail, final boolean udpFail,
            final boolean tcpFail, final ChecksumState expected) {
        final Nic nic = new Nic(Rtl8169Options.defaults().withEra(era));
        nic.frame(segment(1, 300));
        final DescriptorRing ring = nic.driver.rxRing();
        final int bits = switch (proto) {
            case "TCP" -> RxDescriptor.PROTO_TCP;
            case "UDP" -> RxDescriptor.PROTO_UDP;
            case "IP" -> RxDescriptor.PROTO_IP;
            default -> 0;
        } | (ipFail ? RxDescriptor.IP_FAIL : 0) | (udpFail ? RxDescriptor.UDP_FAIL : 0) | (tcpFail ? RxDescriptor.TCP_FAIL : 0);
        final int keep = ring.opts1(0) & ~(RxDescriptor.PROTO_MASK | RxDescriptor.IP_FAIL | RxDescriptor.UDP_FAIL
                | RxDescriptor.TCP_FAIL);
        ring.opts1(0, keep | bits); // as the chip would have written them
        nic.drain();
        assertEquals(expected, nic.delivered.get(0).checksumState());
    }

    @Test
    void aPollProcessesAtMostItsBudgetAndInterruptsStayMaskedUntilItCompletes() {
        final Nic nic = new Nic(Rtl8169Options.defaults());
        for (int i = 0; i < 100; i++) {
            nic.frame(segment(i * MSS, MSS));
        }
        assertTrue(nic.device.irqAsserted());
        assertTrue(nic.driver.isr());
        assertEquals(0, nic.device.intrMask() & Rtl8169Registers.NAPI_EVENTS, "the handler masks the NAPI events");
        assertEquals(64, nic.driver.poll(64));
        assertTrue(nic.driver.napiScheduled(), "a poll that used its budget runs again");
        nic.frame(segment(100 * MSS, MSS));
        assertFalse(nic.device.irqAsserted(), "no interrupt while the poll is scheduled");
        assertEquals(37, nic.driver.poll(64));
        assertFalse(nic.driver.napiScheduled());
        assertEquals(Rtl8169Registers.INTR_MASK_DEFAULT, nic.device.intrMask(), "unmasked on completion");
        assertTrue(nic.device.irqAsserted(), "the frame that came during the poll raised RxOK, now visible");
        final long[] perPoll = nic.stats().packetsPerPoll();
        assertEquals(1, perPoll[64]);
        assertEquals(1, perPoll[37]);
        assertEquals(1, nic.stats().get("polls_at_budget"));
        assertThrows(IllegalArgumentException.class, () -> nic.driver.poll(65), "budget above the weight");
    }

    @Test
    void lroFlushesAtTheEndOfEveryPoll() {
        final Nic nic = new Nic(Rtl8169Options.defaults());
        for (int i = 0; i < 10; i++) {
            nic.frame(segment(1000 + i * MSS, MSS));
        }
        nic.drain();
        assertEquals(1, nic.delivered.size(), "ten in-order segments, one aggregate");
        assertEquals(10, nic.delivered.get(0).gsoSegments());
        assertEquals(10 * MSS + HEADERS, nic.delivered.get(0).length());
    }

    @Test
    void deadSlotsAfterFailedAllocationsRunTheRingDryAndARefillRecoversIt() {
        final Nic nic = new Nic(Rtl8169Options.defaults());
        nic.driver.failAllocations(Integer.MAX_VALUE);
        for (int i = 0; i < Rtl8169Driver.NUM_RX_DESC + 10; i++) {
            nic.frame(segment(i * MSS, MSS));
            if (i % 64 == 63) {
                nic.drain();
            }
        }
        nic.drain();
        assertEquals(Rtl8169Driver.NUM_RX_DESC, nic.stats().get("rx_packets"), "every armed slot received once");
        assertEquals(10, nic.stats().get("rx_missed"), "then the ring was dry");
        assertTrue(nic.stats().get("rx_buffers_exhausted") > 0, "\"Rx buffers exhausted\"");
        assertEquals(0, nic.driver.dirtyRx(), "no slot refilled");
        nic.driver.failAllocations(0);
        nic.frame(segment(0, MSS)); // RDU again raises the interrupt whose poll refills
        nic.drain();
        assertEquals(Rtl8169Driver.NUM_RX_DESC, nic.driver.dirtyRx(), "all refilled");
        nic.frame(segment(0, MSS)).drain();
        assertEquals(Rtl8169Driver.NUM_RX_DESC + 1L, nic.stats().get("rx_packets"), "receiving again");
    }

    @Test
    void withoutVlanExtractionTheTagStaysInTheFrame() {
        final Nic nic = new Nic(Rtl8169Options.defaults().withOffloads(true, false));
        final byte[] tagged = segment(1, 300).vlan(9).toBytes();
        nic.frame(tagged).drain();
        assertArrayEquals(tagged, nic.deliveredBytes().get(0));
        assertFalse(nic.delivered.get(0).hasVlanTag());
    }

    @Test
    void optionsNameTheSettingTheyReject() {
        final Rtl8169Options d = Rtl8169Options.defaults();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withWeight(0)).getMessage().contains("weight"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withRxCopybreak(-1)).getMessage()
                .contains("rxCopybreak"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withIntrMitigate(0x10000)).getMessage()
                .contains("intrMitigate"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DriverEra.parse("2.4")).getMessage().contains("era"));
    }
}
