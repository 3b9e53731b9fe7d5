package io.lro4j.xen.dom0;

import io.lro4j.api.PacketSink;
import io.lro4j.api.packet.BufferPool;
import io.lro4j.api.packet.GsoType;
import io.lro4j.api.packet.Packet;
import io.lro4j.api.packet.PacketPool;
import io.lro4j.xen.accounting.Counter;
import io.lro4j.xen.accounting.Ledger;
import io.lro4j.xen.hypervisor.Hypervisor;
import io.lro4j.xen.skb.TcpLocator;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Netloop (Xen 3.1 {@code drivers/xen/netback/loopback.c}): the pair {@code veth0} ↔ {@code vif0.0} through which
 * the driver domain's own IP stack reaches the bridge, since Xen's {@code network-bridge} script moves the
 * stack off the physical NIC. Both ends have SG, TSO and IP_CSUM.
 *
 * <p>{@link #send} is the driver domain's stack transmitting a TCP segment as it does with those features:
 * the headers in the linear head, the payload in page fragments, the checksum partial
 * ({@code CHECKSUM_HW}), and optionally a TSO super-packet with GSO information. {@code loopback_start_xmit}
 * turns {@code CHECKSUM_HW} into {@code proto_csum_blank} and the bridge's {@code skb_checksum_setup} turns it
 * back; the model keeps the packet PARTIAL across that round trip, which reaches netback the same way. So a
 * guest receives it as a multi-slot packet: a header page and a data page.
 *
 * <p>As a bridge port ({@code vif0.0}), {@link #transmit} hands what the bridge sends to the driver domain's
 * stack.
 */
public final class Netloop implements BridgePort {

    private final Ledger ledger;
    private final PacketSink dom0Stack;
    private final PacketPool pool;
    private final BufferPool pages;
    private final int mtu;
    private @Nullable Bridge bridge;
    private int bridgePort = -1;
    private final TcpLocator headers = new TcpLocator();

    /**
     * Creates the pair.
     *
     * @param ledger where it counts
     * @param dom0Stack the driver domain's stack, for packets the bridge sends it
     * @param mtu the devices' MTU
     */
    public Netloop(final Ledger ledger, final PacketSink dom0Stack, final int mtu) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.dom0Stack = Objects.requireNonNull(dom0Stack, "dom0Stack");
        this.mtu = mtu;
        this.pages = new BufferPool();
        this.pool = new PacketPool(pages, 32);
    }

    /**
     * Tells netloop which bridge port {@code vif0.0} is.
     *
     * @param bridge the bridge
     * @param port its port number
     */
    public void attach(final Bridge bridge, final int port) {
        this.bridge = bridge;
        this.bridgePort = port;
    }

    @Override
    public String name() {
        return "vif0.0";
    }

    @Override
    public int features() {
        return PortFeatures.SG | PortFeatures.TSO | PortFeatures.IP_CSUM;
    }

    @Override
    public int mtu() {
        return mtu;
    }

    @Override
    public void transmit(final Packet packet) {
        ledger.increment(Counter.NETLOOP_RECEIVED);
        dom0Stack.deliver(packet);
    }

    /**
     * The driver domain's stack sends a frame through {@code veth0}. A TCP frame is laid out as its stack
     * builds it with SG and checksum offload: headers in the head, the payload in pages, checksum partial;
     * with {@code gsoSize} set and a payload longer than it, a TSO super-packet. Other frames go as they are.
     *
     * @param frame the frame, its TCP checksum complete or not (it is replaced)
     * @param offset absolute index of its first byte
     * @param length its length
     * @param gsoSize the MSS of a TSO super-packet, or 0
     */
    public void send(final ByteBuffer frame, final int offset, final int length, final int gsoSize) {
        final Bridge b = bridge;
        if (b == null) {
            throw new IllegalStateException("netloop is not attached to a bridge");
        }
        final Packet p;
        if (!headers.locate(frame, offset, length)) {
            p = pool.acquire(length);
            p.putHead(frame, offset, length);
        } else {
            final int tcp = headers.tcpOffset();
            final int headerLength = tcp + ((frame.get(offset + tcp + 12) & 0xF0) >>> 2);
            p = pool.acquire(headerLength);
            p.putHead(frame, offset, headerLength);
            for (int at = headerLength; at < length; at += Hypervisor.PAGE_SIZE) {
                final int chunk = Math.min(Hypervisor.PAGE_SIZE, length - at);
                final ByteBuffer page = pages.acquire(Hypervisor.PAGE_SIZE);
                page.put(0, frame, offset + at, chunk);
                p.addFragment(page, 0, chunk, pages);
            }
            headers.makePartial(p);
            p.headers(headers.etherType(), 0, headers.networkOffset(), tcp);
            final int payload = length - headerLength;
            if (gsoSize > 0 && payload > gsoSize) {
                p.gso(headers.ipv6() ? GsoType.TCPV6 : GsoType.TCPV4, gsoSize, (payload + gsoSize - 1) / gsoSize, 0);
            }
        }
        ledger.increment(Counter.NETLOOP_SENT);
        b.receive(bridgePort, p);
    }
}
