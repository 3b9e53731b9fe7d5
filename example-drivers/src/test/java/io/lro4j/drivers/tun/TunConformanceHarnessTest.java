package io.lro4j.drivers.tun;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lro4j.api.LroConfig;
import io.lro4j.api.header.EthernetHeader;
import io.lro4j.api.header.FrameBuilder;
import io.lro4j.api.header.TcpHeader;
import io.lro4j.api.packet.ChecksumState;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The TUN driver's conformance harness on a real device: frames go through the kernel and come back with their
 * Ethernet headers, the device lives in a private namespace, and frames a TUN cannot carry are refused.
 */
class TunConformanceHarnessTest {

    /** What the stack got: bytes and header offsets, copied before the packet is released. */
    private record Got(byte[] bytes, int mac, int network, int transport, int protocol, ChecksumState checksum, int segments) {
    }

    private final List<Got> delivered = new ArrayList<>();

    @BeforeEach
    void devicesCanBeMade() {
        Assumptions.assumeTrue(TunDevice.isAvailable(), () -> "no TUN device here: " + TunDevice.unavailabilityCause().orElseThrow());
        Assumptions.assumeTrue(IsolatedNetwork.unavailabilityCause().isEmpty(),
                () -> "no private network namespace here: " + IsolatedNetwork.unavailabilityCause().orElseThrow());
    }

    private TunConformanceHarness open() throws IOException {
        return TunConformanceHarness.open(LroConfig.defaults(), p -> {
            delivered.add(new Got(p.toByteArray(), p.macHeader(), p.networkHeader(), p.transportHeader(), p.protocol(),
                    p.checksumState(), p.gsoSegments()));
            p.release();
        });
    }

    private static FrameBuilder segment(final int seq) {
        return new FrameBuilder().macs(0x02_00_00_00_00_01L, 0x02_00_00_00_00_02L).ipv4(0x0A00_0001L, 0x0A00_0002L)
                .ports(40_000, 5001).seq(seq).ack(1).flags(TcpHeader.ACK).payloadLength(1000);
    }

    /** An ARP request: nothing LRO looks at, and nothing an IP stack would route. */
    private static byte[] arp() {
        final byte[] f = new byte[EthernetHeader.LENGTH + 28];
        final ByteBuffer b = ByteBuffer.wrap(f);
        b.putLong(0, 0xFFFF_FFFF_FFFF_0200L).putShort(EthernetHeader.ETHER_TYPE_OFFSET, (short) EthernetHeader.TYPE_ARP);
        b.putShort(14, (short) 1).putShort(16, (short) 0x0800).put(18, (byte) 6).put(19, (byte) 4).putShort(20, (short) 1);
        return f;
    }

    /** The interface's transmit packet counter, read inside its namespace. */
    private static long txPackets(final String device) throws IOException {
        final String dev = IsolatedNetwork.call(() -> Files.readString(Path.of("/proc/thread-self/net/dev")));
        for (final String line : dev.split("\n")) {
            final String[] f = line.trim().split("[:\\s]+");
            if (f[0].equals(device)) {
                return Long.parseLong(f[10]);
            }
        }
        throw new AssertionError(device + " not in its namespace's /proc/net/dev:\n" + dev);
    }

    @Test
    @DisplayName("frames go out of the TUN, come back through the receiver and reach the stack with their Ethernet headers")
    void throughTheKernel() throws IOException {
        final byte[] first = segment(1000).toBytes();
        final byte[] second = segment(2000).toBytes();
        final byte[] arp = arp();
        try (TunConformanceHarness h = open()) {
            h.receiveFrame(ByteBuffer.wrap(arp), 0, arp.length, 1);
            final byte[] framed = new byte[first.length + 7]; // at an offset, as a caller's buffer may hold it
            System.arraycopy(first, 0, framed, 7, first.length);
            h.receiveFrame(ByteBuffer.wrap(framed), 7, first.length, 2);
            h.receiveFrame(ByteBuffer.wrap(second), 0, second.length, 3);
            assertEquals(3, txPackets(h.deviceName()), "every frame left the device through the kernel");
            h.endPoll();
            assertEquals(2, delivered.size(), "the ARP packet and one aggregate: " + delivered);
            final Got a = delivered.get(0);
            assertArrayEquals(arp, a.bytes(), "the ARP packet, unchanged, its Ethernet header back");
            assertEquals(EthernetHeader.TYPE_ARP, a.protocol());
            final Got tcp = delivered.get(1);
            assertEquals(2, tcp.segments(), "merged after the kernel handed both over");
            assertEquals(0, tcp.mac());
            assertEquals(EthernetHeader.LENGTH, tcp.network(), "IP header after the restored Ethernet header");
            assertEquals(EthernetHeader.LENGTH + 20, tcp.transport());
            assertEquals(EthernetHeader.TYPE_IPV4, tcp.protocol());
            assertEquals(ChecksumState.UNNECESSARY, tcp.checksum(), "verified in software by the receiver");
            assertArrayEquals(Arrays.copyOf(first, 14), Arrays.copyOf(tcp.bytes(), 14));
            assertEquals(first.length + 1000, tcp.bytes().length);
        }
    }

    @Test
    @DisplayName("the device is in a private namespace: the host's interfaces and its IPv6 setting are untouched")
    void isolated() throws IOException {
        final Path hostIpv6 = Path.of("/proc/sys/net/ipv6/conf/all/disable_ipv6");
        final String before = Files.exists(hostIpv6) ? Files.readString(hostIpv6) : "";
        final String hostDevicesBefore = Files.readString(Path.of("/proc/thread-self/net/dev"));
        try (TunConformanceHarness h = open()) {
            final String name = h.deviceName();
            assertTrue(txPackets(name) >= 0, "the device is in the private namespace");
            final String hostDevices = Files.readString(Path.of("/proc/thread-self/net/dev"));
            assertEquals(hostDevicesBefore.contains(" " + name + ":"), hostDevices.contains(" " + name + ":"),
                    "the host's interfaces did not gain " + name);
            assertEquals(before, Files.exists(hostIpv6) ? Files.readString(hostIpv6) : "", "the host's disable_ipv6");
            assertEquals("1", IsolatedNetwork.call(() -> Files.readString(hostIpv6)).strip(), "IPv6 off inside");
        }
    }

    @Test
    @DisplayName("misuse: a frame with only an Ethernet header, an 802.1Q tag, a repeated arrival time, use after close")
    void misuse() throws IOException {
        final TunConformanceHarness h = open();
        final byte[] tagged = segment(1000).vlan(5).toBytes();
        final IllegalArgumentException vlan = assertThrows(IllegalArgumentException.class,
                () -> h.receiveFrame(ByteBuffer.wrap(tagged), 0, tagged.length, 1));
        assertTrue(vlan.getMessage().contains("ETHERNET"), vlan.getMessage());
        assertThrows(IllegalArgumentException.class, () -> h.receiveFrame(ByteBuffer.wrap(tagged), 0, 14, 2));
        final byte[] frame = segment(1000).toBytes();
        h.receiveFrame(ByteBuffer.wrap(frame), 0, frame.length, 3);
        assertThrows(IllegalArgumentException.class, () -> h.receiveFrame(ByteBuffer.wrap(frame), 0, frame.length, 3));
        h.close();
        assertEquals(1, delivered.size(), "close delivered what LRO held");
        h.close();
        final IllegalStateException closed = assertThrows(IllegalStateException.class,
                () -> h.receiveFrame(ByteBuffer.wrap(frame), 0, frame.length, 4));
        assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
    }

    @Test
    @DisplayName("a packet the kernel delivers unmerged keeps its own Ethernet header")
    void headerPerFrame() throws IOException {
        final byte[] one = segment(1000).macs(0x02_00_00_00_00_0AL, 0x02_00_00_00_00_0BL).toBytes();
        final byte[] other = segment(1000).ports(40_001, 5001).macs(0x02_00_00_00_00_0CL, 0x02_00_00_00_00_0DL).toBytes();
        try (TunConformanceHarness h = open()) {
            h.receiveFrame(ByteBuffer.wrap(one), 0, one.length, 10);
            h.receiveFrame(ByteBuffer.wrap(other), 0, other.length, 11);
        }
        assertEquals(2, delivered.size());
        assertArrayEquals(one, delivered.get(0).bytes());
        assertArrayEquals(other, delivered.get(1).bytes());
    }
}
