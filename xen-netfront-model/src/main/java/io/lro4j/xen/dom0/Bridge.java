package io.lro4j.xen.dom0;

import io.lro4j.api.Lro;
import io.lro4j.api.GsoSegmenter;
import io.lro4j.api.PacketSink;
import io.lro4j.api.packet.ChecksumState;
import io.lro4j.api.packet.GsoType;
import io.lro4j.api.packet.Packet;
import io.lro4j.api.packet.PacketPool;
import io.lro4j.xen.accounting.Counter;
import io.lro4j.xen.accounting.Ledger;
import io.lro4j.xen.skb.Skbs;
import io.lro4j.xen.skb.TcpLocator;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The driver domain's learning bridge ({@code xenbr0}) and the transmit path of its ports. A packet entering
 * on one port teaches the bridge where its source MAC lives, then goes out of the port its destination was
 * learnt on, or out of every other port when the destination is a group address or unknown.
 *
 * <p>On the way out it follows Linux 2.6.18 ({@code br_dev_queue_push_xmit}, then Xen's
 * {@code dev_queue_xmit}), in order:
 * <ol>
 *   <li>an IP packet over the port's MTU without GSO information is dropped ({@link Counter#BRIDGE_DROPPED_MTU});</li>
 *   <li>with {@link BridgeMode#LINUX_2_6_27}, an LRO packet is dropped ({@code skb_warn_if_lro});</li>
 *   <li>with {@link BridgeMode#PAPER}, a frag-list packet for a port without FRAGLIST is linearized first;</li>
 *   <li>a GSO packet the port cannot take as it is goes the GSO path: with {@link BridgeMode#LINUX_2_6_18} a frag
 *       list there is the {@code BUG_ON} in {@code skb_gso_segment} (reported in {@link Counter#BRIDGE_FRAG_LIST_BUG},
 *       the packet dropped); otherwise {@code gso_send_check} makes its checksum partial, and if the port lacks
 *       the GSO type the packet is segmented in software;</li>
 *   <li>a frag list for a port without FRAGLIST, or fragments for one without SG, are linearized
 *       ({@link Counter#BRIDGE_LINEARIZE}, bytes in {@link Counter#BRIDGE_LINEARIZE_BYTES});</li>
 *   <li>a partial checksum the port cannot complete is completed in software ({@code skb_checksum_help}).</li>
 * </ol>
 *
 * <p>Simplified: no spanning tree and no ageing of learnt addresses; flooding gives each extra port a copy
 * (Linux clones share the data), counted apart in {@link Counter#BRIDGE_FLOOD_COPY_BYTES}.
 */
public final class Bridge {

    private final Ledger ledger;
    private final BridgeMode mode;
    private final PacketPool pool;
    private final List<BridgePort> ports = new ArrayList<>();
    private @Nullable GsoSegmenter segmenter;
    private long[] fdbMac = new long[16];
    private int[] fdbPort = new int[16];
    private int fdbSize;
    private int segmentPort;
    private final PacketSink segmentOut = this::transmitSegment;
    private final TcpLocator headers = new TcpLocator();

    /**
     * Creates a bridge with no ports.
     *
     * @param ledger where it counts
     * @param mode how LRO aggregates are treated
     * @param pool where copies and segments come from
     */
    public Bridge(final Ledger ledger, final BridgeMode mode, final PacketPool pool) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.pool = Objects.requireNonNull(pool, "pool");
    }

    /**
     * Enslaves a device ({@code brctl addif}).
     *
     * @param port the device
     * @return its port number, used with {@link #receive}
     */
    public int addPort(final BridgePort port) {
        ports.add(Objects.requireNonNull(port, "port"));
        return ports.size() - 1;
    }

    /** @return the mode */
    public BridgeMode mode() {
        return mode;
    }

    /**
     * @param port a port number
     * @return the device
     */
    public BridgePort port(final int port) {
        return ports.get(port);
    }

    /**
     * A packet received on a port ({@code br_handle_frame}): learn, then forward or flood. The bridge takes
     * ownership.
     *
     * @param ingress the port it arrived on
     * @param p the packet, its data starting with the Ethernet header
     */
    public void receive(final int ingress, final Packet p) {
        ledger.increment(Counter.BRIDGE_PACKETS);
        if (p.hasVlanTag()) {
            ledger.increment(Counter.BRIDGE_VLAN_INSERT);
            Skbs.insertVlanTag(p, pool.buffers());
        }
        if (p.headLength() < 12) {
            flood(ingress, p); // cannot learn or look up without both addresses in the head
            return;
        }
        final ByteBuffer b = p.headBuffer();
        final long dst = mac(b, p.headOffset());
        final long src = mac(b, p.headOffset() + 6);
        if ((src & 1L << 40) == 0) {
            learn(src, ingress);
        }
        final int out = (dst & 1L << 40) != 0 ? -1 : lookup(dst);
        if (out < 0) {
            flood(ingress, p);
        } else if (out == ingress) {
            ledger.increment(Counter.BRIDGE_FILTERED);
            p.release();
        } else {
            ledger.increment(Counter.BRIDGE_FORWARDED);
            transmit(out, p);
        }
    }

    private static long mac(final ByteBuffer b, final int at) {
        return ((b.getShort(at) & 0xFFFFL) << 32) | (b.getInt(at + 2) & 0xFFFFFFFFL);
    }

    private void learn(final long mac, final int port) {
        for (int i = 0; i < fdbSize; i++) {
            if (fdbMac[i] == mac) {
                fdbPort[i] = port;
                return;
            }
        }
        if (fdbSize == fdbMac.length) {
            fdbMac = Arrays.copyOf(fdbMac, fdbSize * 2);
            fdbPort = Arrays.copyOf(fdbPort, fdbSize * 2);
        }
        fdbMac[fdbSize] = mac;
        fdbPort[fdbSize++] = port;
    }

    /**
     * @param mac a MAC address in the low 48 bits
     * @return the port it was learnt on, or -1
     */
    public int lookup(final long mac) {
        for (int i = 0; i < fdbSize; i++) {
            if (fdbMac[i] == mac) {
                return fdbPort[i];
            }
        }
        return -1;
    }

    private void flood(final int ingress, final Packet p) {
        ledger.increment(Counter.BRIDGE_FLOODED);
        int last = -1;
        for (int i = 0; i < ports.size(); i++) {
            if (i == ingress) {
                continue;
            }
            if (last >= 0) {
                final int length = p.length();
                final Packet copy = pool.acquire(length);
                p.copyTo(copy.headBuffer(), copy.headOffset());
                copy.headLength(length).copyMetadataFrom(p)
                        .headers(p.protocol(), p.macHeader(), p.networkHeader(), p.transportHeader());
                ledger.add(Counter.BRIDGE_FLOOD_COPY_BYTES, length);
                transmit(last, copy);
            }
            last = i;
        }
        if (last >= 0) {
            transmit(last, p);
        } else {
            p.release();
        }
    }

    /** {@code br_dev_queue_push_xmit} and {@code dev_queue_xmit} for one port. */
    private void transmit(final int out, final Packet p) {
        final BridgePort port = ports.get(out);
        final int features = port.features();
        final boolean tcp = headers.locate(p);
        if (p.gsoSize() == 0 && p.length() - Math.max(0, headers.networkOffset()) > port.mtu()) { // packet_length
            ledger.increment(Counter.BRIDGE_DROPPED_MTU);
            p.release();
            return;
        }
        if (mode == BridgeMode.LINUX_2_6_27 && lroMade(p)) {
            ledger.increment(Counter.BRIDGE_DROPPED_LRO);
            p.release();
            return;
        }
        if (mode == BridgeMode.PAPER && p.fragList() != null && (features & PortFeatures.FRAGLIST) == 0) {
            linearize(p);
        }
        if (p.gsoSize() != 0 && (!gsoOk(features, p) || p.checksumState() != ChecksumState.PARTIAL)) {
            if (p.fragList() != null && mode == BridgeMode.LINUX_2_6_18) {
                ledger.increment(Counter.BRIDGE_FRAG_LIST_BUG);
                p.release();
                return;
            }
            if (tcp && p.checksumState() != ChecksumState.PARTIAL) {
                headers.makePartial(p); // gso_send_check
            }
            if (!gsoOk(features, p)) {
                ledger.increment(Counter.BRIDGE_GSO_SEGMENTED);
                segmentPort = out;
                final int segments = segmenter().segment(p, segmentOut);
                ledger.add(Counter.BRIDGE_GSO_SEGMENTS, segments);
                return;
            }
        }
        finish(port, p);
    }

    private void transmitSegment(final Packet segment) {
        finish(ports.get(segmentPort), segment);
    }

    /** The last rules of {@code dev_queue_xmit}, then the device. */
    private void finish(final BridgePort port, final Packet p) {
        final int features = port.features();
        if ((p.fragList() != null && (features & PortFeatures.FRAGLIST) == 0)
                || (p.fragmentCount() > 0 && (features & PortFeatures.SG) == 0)) {
            linearize(p);
        }
        if (p.checksumState() == ChecksumState.PARTIAL && !checksumOk(features, p)) {
            ledger.increment(Counter.BRIDGE_CHECKSUM_HELP);
            Skbs.completeChecksum(p);
        }
        port.transmit(p);
    }

    private void linearize(final Packet p) {
        ledger.increment(Counter.BRIDGE_LINEARIZE);
        ledger.add(Counter.BRIDGE_LINEARIZE_BYTES, p.linearize(pool.buffers()));
    }

    private GsoSegmenter segmenter() {
        GsoSegmenter s = segmenter;
        if (s == null) {
            s = Lro.newSegmenter(pool);
            segmenter = s;
        }
        return s;
    }

    /**
     * Linux's signature of an LRO packet ({@code skb_warn_if_lro}): GSO size set and GSO type 0. lro4j's
     * inet_lro-policy aggregates carry {@link Packet#GSO_LRO} for it.
     */
    static boolean lroMade(final Packet p) {
        return p.gsoSize() != 0 && (p.gsoFlags() & Packet.GSO_LRO) != 0;
    }

    /** {@code skb_gso_ok}: an LRO packet's GSO type 0 is trivially fine; TCP needs TSO or TSO6. */
    private static boolean gsoOk(final int features, final Packet p) {
        if (lroMade(p) || p.gsoType() == GsoType.NONE) {
            return true;
        }
        return p.gsoType() == GsoType.TCPV4 ? (features & PortFeatures.TSO) != 0 : (features & PortFeatures.TSO6) != 0;
    }

    private boolean checksumOk(final int features, final Packet p) {
        return headers.locate(p) && (features & (headers.ipv6() ? PortFeatures.IPV6_CSUM : PortFeatures.IP_CSUM)) != 0;
    }
}

