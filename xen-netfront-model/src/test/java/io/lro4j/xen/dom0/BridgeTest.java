package io.lro4j.xen.dom0;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lro4j.api.packet.ChecksumState;
import io.lro4j.api.packet.GsoType;
import io.lro4j.api.packet.Packet;
import io.lro4j.api.packet.PacketPool;
import io.lro4j.conformance.Frames;
import io.lro4j.xen.accounting.Counter;
import io.lro4j.xen.accounting.Ledger;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The bridge: learning, flooding, and the transmit rules for each port's features and each mode. */
class BridgeTest {

    private static final long A = 0x0200_0000_0001L;
    private static final long B = 0x0200_0000_0002L;

    /** A port that records what it is given. */
    static final class Port implements BridgePort {
        final String name;
        final int features;
        final List<Packet> sent = new ArrayList<>();

        Port(final String name, final int features) {
            this.name = name;
            this.features = features;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int features() {
            return features;
        }

        @Override
        public int mtu() {
            return 1500;
        }

        @Override
        public void transmit(final Packet packet) {
            sent.add(packet);
        }
    }

    private final Ledger ledger = new Ledger();
    private final PacketPool pool = new PacketPool();

    private Packet frame(final long dst, final long src, final int seq, final int payload) {
        final byte[] b = Frames.segment(seq, payload).macs(dst, src).toBytes();
        final Packet p = pool.acquire(b.length);
        p.putHead(ByteBuffer.wrap(b), 0, b.length);
        return p;
    }

    /** A skb-mode aggregate: a linear first segment with the rest chained on its frag list. */
    private Packet aggregate(final int segments, final List<byte[]> originals) {
        final Packet parent = frame(B, A, 1000, 1448);
        originals.add(parent.toByteArray());
        for (int i = 1; i < segments; i++) {
            final Packet member = frame(B, A, 1000 + 1448 * i, 1448);
            final byte[] bytes = member.toByteArray();
            originals.add(bytes);
            member.pull(bytes.length - 1448); // the member keeps its payload only
            parent.appendToFragList(member);
        }
        parent.gso(GsoType.TCPV4, 1448, segments, Packet.GSO_LRO).checksumState(ChecksumState.UNNECESSARY);
        final int ip = parent.length() - 14;
        parent.headBuffer().putShort(parent.headOffset() + 16, (short) ip);
        return parent;
    }

    @Test
    @DisplayName("learns source addresses, forwards to a learnt port, floods unknown and group destinations, never back out of the ingress")
    void learningAndFlooding() {
        final Bridge bridge = new Bridge(ledger, BridgeMode.PAPER, pool);
        final Port p0 = new Port("p0", PortFeatures.SG);
        final Port p1 = new Port("p1", PortFeatures.SG);
        final Port p2 = new Port("p2", PortFeatures.SG);
        bridge.addPort(p0);
        bridge.addPort(p1);
        bridge.addPort(p2);
        bridge.receive(0, frame(B, A, 1, 10)); // B unknown: flood to p1 and p2
        assertEquals(1, p1.sent.size());
        assertEquals(1, p2.sent.size());
        assertEquals(0, p0.sent.size());
        assertArrayEquals(p1.sent.get(0).toByteArray(), p2.sent.get(0).toByteArray(), "the flooded copy is the same frame");
        assertEquals(0, bridge.lookup(A));
        bridge.receive(1, frame(A, B, 1, 10)); // A learnt on p0
        assertEquals(1, p0.sent.size());
        assertEquals(1, p2.sent.size(), "forwarded, not flooded");
        bridge.receive(0, frame(B, A, 2, 10)); // B now learnt on p1
        assertEquals(2, p1.sent.size());
        assertEquals(1, p2.sent.size());
        bridge.receive(1, frame(B, 0x0200_0000_0009L, 3, 10)); // B lives on p1 itself
        assertEquals(1, ledger.get(Counter.BRIDGE_FILTERED));
        bridge.receive(1, frame(0xFFFF_FFFF_FFFFL, B, 4, 10));
        assertEquals(2, p0.sent.size(), "broadcast floods");
        assertEquals(2, p2.sent.size());
        assertEquals(1, bridge.lookup(B));
    }

    @Test
    @DisplayName("paper mode: a frag-list aggregate is linearized once for a port without FRAGLIST, every byte copied, then passes whole")
    void paperLinearizes() {
        final Bridge bridge = new Bridge(ledger, BridgeMode.PAPER, pool);
        final Port vif = new Port("vif1.0", PortFeatures.SG | PortFeatures.IP_CSUM | PortFeatures.TSO);
        final Port nic = new Port("peth0", PortFeatures.SG);
        bridge.addPort(nic);
        bridge.addPort(vif);
        bridge.receive(1, frame(A, B, 1, 10)); // learn B on the vif
        final List<byte[]> originals = new ArrayList<>();
        final Packet agg = aggregate(5, originals);
        final int length = agg.length();
        bridge.receive(0, agg);
        assertEquals(1, ledger.get(Counter.BRIDGE_LINEARIZE));
        assertEquals(length, ledger.get(Counter.BRIDGE_LINEARIZE_BYTES), "the head has no room: all of it, once");
        final Packet out = vif.sent.get(vif.sent.size() - 1);
        assertNull(out.fragList());
        assertEquals(0, out.fragmentCount());
        assertEquals(ChecksumState.PARTIAL, out.checksumState(), "gso_send_check made the checksum partial");
        final ByteArrayOutputStream payload = new ByteArrayOutputStream();
        for (final byte[] o : originals) {
            payload.write(o, o.length - 1448, 1448);
        }
        final byte[] got = out.toByteArray();
        assertArrayEquals(payload.toByteArray(), java.util.Arrays.copyOfRange(got, got.length - 5 * 1448, got.length));
    }

    @Test
    @DisplayName("2.6.18 literal: the frag-list aggregate takes the GSO path and hits the BUG, reported and dropped; 2.6.27 drops LRO packets")
    void literalAndModern() {
        for (final BridgeMode mode : new BridgeMode[] {BridgeMode.LINUX_2_6_18, BridgeMode.LINUX_2_6_27}) {
            final Ledger l = new Ledger();
            final Bridge bridge = new Bridge(l, mode, pool);
            final Port vif = new Port("vif1.0", PortFeatures.SG | PortFeatures.IP_CSUM | PortFeatures.TSO);
            bridge.addPort(new Port("peth0", PortFeatures.SG));
            bridge.addPort(vif);
            bridge.receive(1, frame(A, B, 1, 10));
            bridge.receive(0, aggregate(3, new ArrayList<>()));
            assertEquals(0, vif.sent.size(), "the aggregate never reaches the vif");
            assertEquals(mode == BridgeMode.LINUX_2_6_18 ? 1 : 0, l.get(Counter.BRIDGE_FRAG_LIST_BUG));
            assertEquals(mode == BridgeMode.LINUX_2_6_27 ? 1 : 0, l.get(Counter.BRIDGE_DROPPED_LRO));
        }
    }

    @Test
    @DisplayName("over-MTU packets without GSO are dropped; fragments for a port without SG are linearized; a port without checksum offload gets a complete checksum")
    void otherRules() {
        final Bridge bridge = new Bridge(ledger, BridgeMode.PAPER, pool);
        final Port plain = new Port("plain", 0);
        bridge.addPort(new Port("in", PortFeatures.SG));
        bridge.addPort(plain);
        bridge.receive(1, frame(A, B, 1, 10));
        final Packet big = frame(B, A, 1, 1448 + 60); // 1560-byte IP packet
        bridge.receive(0, big);
        assertEquals(1, ledger.get(Counter.BRIDGE_DROPPED_MTU));
        final Packet split = frame(B, A, 1, 1000);
        final byte[] whole = split.toByteArray();
        split.headLength(whole.length - 1000);
        split.addFragment(ByteBuffer.wrap(whole), whole.length - 1000, 1000, null);
        bridge.receive(0, split);
        final Packet out = plain.sent.get(0);
        assertEquals(0, out.fragmentCount());
        assertArrayEquals(whole, out.toByteArray());
        final Packet partial = frame(B, A, 1, 100);
        final byte[] good = partial.toByteArray();
        new io.lro4j.xen.skb.TcpLocator().makePartial(partial);
        bridge.receive(0, partial);
        assertEquals(1, ledger.get(Counter.BRIDGE_CHECKSUM_HELP));
        assertArrayEquals(good, plain.sent.get(1).toByteArray(), "the completed checksum is the original one");
        assertNotNull(plain.sent.get(1));
        assertTrue(ledger.get(Counter.BRIDGE_LINEARIZE) >= 1);
    }
}
