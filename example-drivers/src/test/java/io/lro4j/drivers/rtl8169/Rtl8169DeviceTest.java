package io.lro4j.drivers.rtl8169;

import static io.lro4j.conformance.Frames.MSS;
import static io.lro4j.conformance.Frames.segment;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lro4j.api.header.FrameBuilder;
import io.lro4j.conformance.Frames;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The chip's invariants: descriptor ownership, RDU, EOR, FS/LS spanning, bad frames, offloads, mitigation, TX. */
class Rtl8169DeviceTest {

    private static final int FULL = 14 + 20 + 32 + MSS; // a 1514-byte frame

    @Test
    void theDeviceNeverWritesADescriptorTheDriverOwns() {
        final long seed = 0x8169_0001L;
        final SplittableRandom r = new SplittableRandom(seed);
        final Nic nic = new Nic(Rtl8169Options.defaults());
        final CRC32 crc = new CRC32();
        for (int step = 0; step < 5_000; step++) {
            if (r.nextInt(150) == 0) { // rarely enough that the ring sometimes runs out
                nic.interruptAndPoll();
                nic.delivered.forEach(p -> p.release());
                nic.delivered.clear();
                continue;
            }
            final byte[] before = bytes(nic.driver.rxRing());
            final byte[] f = r.nextInt(10) == 0 ? new byte[1600 + r.nextInt(900)] // spans descriptors
                    : segment(r.nextInt(), r.nextInt(MSS + 1)).toBytes();
            nic.device.receive(ByteBuffer.wrap(f), 0, f.length, EthernetLink.padding(f.length),
                    EthernetLink.fcs(crc, ByteBuffer.wrap(f), 0, f.length), step);
            final byte[] after = bytes(nic.driver.rxRing());
            for (int i = 0; i < Rtl8169Driver.NUM_RX_DESC; i++) {
                final int at = i * DescriptorRing.DESCRIPTOR_SIZE;
                final boolean changed = !Arrays.equals(before, at, at + 16, after, at, at + 16);
                final boolean nicOwned = (ByteBuffer.wrap(before, at, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                        .getInt(at) & DescriptorRing.OWN) != 0;
                assertTrue(!changed || nicOwned, "seed " + seed + " step " + step + ": the device wrote descriptor " + i
                        + " which the driver owned");
            }
        }
        assertTrue(nic.device.rxMissed() > 0, "the walk should also have exhausted the ring sometimes");
    }

    private static byte[] bytes(final DescriptorRing ring) {
        final ByteBuffer b = ring.bytes();
        final byte[] out = new byte[b.capacity()];
        b.get(0, out);
        return out;
    }

    @Test
    void anEmptyRingRaisesRduAndCountsMissedFramesUntilTheDriverRefills() {
        final Nic nic = new Nic(Rtl8169Options.defaults());
        for (int i = 0; i < Rtl8169Driver.NUM_RX_DESC; i++) {
            nic.frame(segment(i * MSS, MSS));
        }
        assertEquals(0, nic.device.rxMissed());
        nic.device.ackIntrStatus(0xFFFF);
        nic.frame(segment(0, MSS));
        assertEquals(1, nic.device.rxMissed(), "the 257th frame found no descriptor");
        assertTrue((nic.device.intrStatus() & Rtl8169Registers.RX_OVERFLOW) != 0, "RxOverflow (RDU) raised");
        nic.drain();
        assertEquals(Rtl8169Driver.NUM_RX_DESC, nic.stats().get("rx_packets"));
        assertEquals(1, nic.stats().get("rx_missed"));
        nic.frame(segment(0, MSS));
        assertEquals(1, nic.device.rxMissed(), "after the refill the ring takes frames again");
        assertEquals(Rtl8169Driver.NUM_RX_DESC + 1L, nic.device.rxFrames());
    }

    @Test
    void theLastDescriptorKeepsEorAndTheDeviceWrapsToZero() {
        final Nic nic = new Nic(Rtl8169Options.defaults());
        for (int i = 0; i < 300; i++) {
            nic.frame(segment(i * MSS, MSS));
            if (i % 50 == 49) {
                nic.drain();
            }
        }
        nic.drain();
        assertEquals(300 - Rtl8169Driver.NUM_RX_DESC, nic.device.rxIndex(), "the device wrapped after descriptor 255");
        final DescriptorRing ring = nic.driver.rxRing();
        assertTrue((ring.opts1(255) & DescriptorRing.EOR) != 0, "EOR survives the device's write-back and the re-arm");
        for (int i = 0; i < 255; i++) {
            assertEquals(0, ring.opts1(i) & DescriptorRing.EOR, "only the last descriptor has EOR");
        }
        assertEquals(300, nic.stats().get("rx_packets"));
    }

    @Test
    void aFrameLargerThanOneBufferSpansDescriptorsFirstToLastAndTheDriverDropsIt() {
        final Nic nic = new Nic(Rtl8169Options.defaults());
        final byte[] jumbo = segment(1, 2000).toBytes();
        nic.frame(jumbo);
        final DescriptorRing ring = nic.driver.rxRing();
        assertEquals(DescriptorRing.FS, ring.opts1(0) & (DescriptorRing.FS | DescriptorRing.LS | DescriptorRing.OWN));
        assertEquals(DescriptorRing.LS, ring.opts1(1) & (DescriptorRing.FS | DescriptorRing.LS | DescriptorRing.OWN));
        assertEquals(jumbo.length + 4, ring.opts1(1) & RxDescriptor.LENGTH_MASK, "the last descriptor has the whole length");
        nic.frame(segment(1, 100));
        nic.drain();
        assertEquals(2, nic.stats().get("rx_dropped"), "the driver drops both pieces (not FS|LS)");
        assertEquals(2, nic.stats().get("rx_length_errors"));
        assertEquals(1, nic.delivered.size(), "only the frame after it is delivered");
        assertEquals(0, nic.driver.lroStats().received() - 1, "nothing of the oversize frame reached LRO");
    }

    @Test
    void runtsCrcErrorsAndOverlongFramesAreDroppedCountedAndNeverReachLro() {
        final Nic nic = new Nic(Rtl8169Options.defaults());
        nic.device.rxMaxSize(1522);
        final byte[] good = segment(1, 500).toBytes();
        nic.fragment(Arrays.copyOf(good, 40)); // a collision fragment: 44 bytes with FCS
        nic.badFcs(good);
        nic.frame(segment(1, 1460).toBytes()); // 1530 bytes with FCS > RxMaxSize 1522: the watchdog trips
        nic.drain();
        final Rtl8169Stats s = nic.stats();
        assertEquals(3, s.get("rx_errors"));
        assertEquals(1, s.get("rx_runt"));
        assertEquals(1, s.get("rx_crc_errors"));
        assertEquals(1, s.get("rx_too_long"));
        assertEquals(2, s.get("rx_length_errors"), "runt and RWT count as length errors (2.6.18)");
        assertEquals(0, s.get("rx_packets"));
        assertEquals(0, nic.driver.lroStats().received(), "no bad frame reached LRO");
        assertTrue(nic.delivered.isEmpty());
    }

    @Test
    void withoutAcceptErrTheChipDropsBadFramesItself() {
        final Nic nic = new Nic(Rtl8169Options.defaults().withAcceptErrors(false));
        final byte[] good = segment(1, 500).toBytes();
        nic.fragment(Arrays.copyOf(good, 40));
        nic.badFcs(good);
        nic.drain();
        assertEquals(2, nic.stats().get("rx_hw_dropped_errors"));
        assertEquals(0, nic.stats().get("rx_errors"));
        assertEquals(0, nic.device.rxIndex(), "no descriptor used");
    }

    @Test
    void aShortFramePaddedBySenderIsNoRunt() {
        final Nic nic = new Nic(Rtl8169Options.defaults());
        final byte[] ack = segment(1, 0).noOptions().toBytes(); // 54 bytes, padded to 60 on the wire
        assertEquals(54, ack.length);
        nic.frame(ack).drain();
        assertEquals(0, nic.stats().get("rx_runt"));
        assertArrayEquals(ack, nic.deliveredBytes().get(0), "the frame as its sender gave it (padding is not modelled as bytes)");
    }

    @Test
    void checksumBitsComeFromVerifyingTheFrame() {
        final Nic nic = new Nic(Rtl8169Options.defaults().withOffloads(true, false));
        nic.frame(segment(1, 100));
        nic.frame(segment(1, 100).badTcpChecksum(true));
        nic.frame(segment(1, 100).badIpChecksum(true));
        nic.frame(Frames.udp(40));
        nic.frame(Frames.arp());
        nic.frame(segment(1, 100).vlan(7)); // extraction off: the chip still parses past one tag
        final DescriptorRing ring = nic.driver.rxRing();
        final int mask = RxDescriptor.PROTO_MASK | RxDescriptor.IP_FAIL | RxDescriptor.TCP_FAIL | RxDescriptor.UDP_FAIL;
        assertEquals(RxDescriptor.PROTO_TCP, ring.opts1(0) & mask);
        assertEquals(RxDescriptor.PROTO_TCP | RxDescriptor.TCP_FAIL, ring.opts1(1) & mask);
        assertEquals(RxDescriptor.PROTO_TCP | RxDescriptor.IP_FAIL, ring.opts1(2) & mask);
        assertEquals(RxDescriptor.PROTO_UDP, ring.opts1(3) & mask);
        assertEquals(0, ring.opts1(4) & mask, "ARP is not IP");
        assertEquals(RxDescriptor.PROTO_TCP, ring.opts1(5) & mask);
    }

    @Test
    void vlanExtractionStripsTheTagIntoOpts2() {
        final Nic nic = new Nic(Rtl8169Options.defaults());
        final FrameBuilder tagged = segment(1, 300).vlan(0x2123);
        final byte[] plain = segment(1, 300).toBytes();
        nic.frame(tagged);
        final int opts2 = nic.driver.rxRing().opts2(0);
        assertEquals(RxDescriptor.RX_VLAN_TAG | 0x2321, opts2, "tag present, TCI byte-swapped");
        assertEquals(plain.length + 4, nic.driver.rxRing().opts1(0) & RxDescriptor.LENGTH_MASK, "length without the tag");
        nic.drain();
        assertArrayEquals(plain, nic.deliveredBytes().get(0));
        assertTrue(nic.delivered.get(0).hasVlanTag());
        assertEquals(0x2123, nic.delivered.get(0).vlanTci());
    }

    @Test
    void mitigationByFrameCountWaitsForFourNFrames() {
        final Nic nic = new Nic(Rtl8169Options.defaults().withIntrMitigate(0x0001)); // RX frames field 1: 4 frames
        for (int i = 0; i < 3; i++) {
            nic.frame(segment(i * MSS, MSS));
            assertFalse(nic.device.irqAsserted(), "no interrupt after " + (i + 1) + " frames");
        }
        nic.frame(segment(3 * MSS, MSS));
        assertTrue(nic.device.irqAsserted(), "interrupt at the 4th frame");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void mitigationByTimerFiresAfterItsUnits(final int intt) {
        final Nic nic = new Nic(Rtl8169Options.defaults().withIntrMitigate(0x00F0)); // RX timer 15 units, no count
        nic.device.cplusCmd(nic.device.cplusCmd() | intt);
        final long unit = new long[] {320, 2_560, 5_120, 10_240}[intt];
        nic.frame(segment(1, MSS));
        final long arrived = nic.now;
        assertFalse(nic.device.irqAsserted());
        nic.device.advanceTo(arrived + 15 * unit - 1);
        assertFalse(nic.device.irqAsserted(), "not before 15 units");
        nic.device.advanceTo(arrived + 15 * unit);
        assertTrue(nic.device.irqAsserted(), "at 15 units");
    }

    @Test
    void withoutMitigationEveryFrameRaisesRxOk() {
        final Nic nic = new Nic(Rtl8169Options.defaults());
        nic.frame(segment(1, MSS));
        assertEquals(Rtl8169Registers.RX_OK, nic.device.intrStatus() & Rtl8169Registers.RX_OK);
        nic.device.ackIntrStatus(Rtl8169Registers.RX_OK);
        assertFalse(nic.device.irqAsserted(), "IntrStatus is write-1-to-clear");
    }

    @Test
    void transmittedFramesReachTheWireInOrderAndCompleteInThePoll() {
        final Nic nic = new Nic(Rtl8169Options.defaults());
        final byte[][] acks = new byte[70][];
        int accepted = 0;
        for (int i = 0; i < acks.length; i++) {
            acks[i] = segment(i, 0).toBytes();
            if (nic.driver.startXmit(ByteBuffer.wrap(acks[i]), 0, acks[i].length, nic.now)) {
                accepted++;
            }
            if (i == 63) {
                assertFalse(nic.driver.startXmit(ByteBuffer.wrap(acks[i]), 0, acks[i].length, nic.now),
                        "64 descriptors outstanding: the ring is full until completion");
                nic.driver.isr();
                nic.driver.poll(64); // transmit completion runs in the poll
            }
        }
        assertEquals(70, accepted);
        assertEquals(70, nic.sent.size());
        for (int i = 0; i < acks.length; i++) {
            assertArrayEquals(acks[i], nic.sent.get(i), "frame " + i);
        }
        nic.drain();
        nic.driver.isr();
        nic.driver.poll(64);
        assertEquals(70, nic.stats().get("tx_packets"));
        assertEquals(1, nic.stats().get("tx_busy"));
    }

    @Test
    void aVlanTagAskedForOnTransmitIsInserted() {
        final BusAddressSpace bus = new BusAddressSpace();
        final Rtl8169Device device = new Rtl8169Device(bus);
        final DescriptorRing tx = new DescriptorRing(4);
        final byte[][] out = new byte[1][];
        device.txRing(tx, (f, o, l, t) -> {
            out[0] = new byte[l];
            f.get(o, out[0]);
        });
        final byte[] frame = segment(1, 10).toBytes();
        tx.address(0, bus.map(ByteBuffer.wrap(frame)));
        tx.opts2(0, TxDescriptor.TX_VLAN_TAG | (Short.reverseBytes((short) 0x0123) & 0xFFFF));
        tx.opts1(0, DescriptorRing.OWN | DescriptorRing.FS | DescriptorRing.LS | frame.length);
        device.txPoll(0);
        assertArrayEquals(segment(1, 10).vlan(0x0123).toBytes(), out[0]);
        assertFalse(tx.ownedByNic(0), "handed back");
    }
}
