package io.lro4j.drivers.tun;

import io.lro4j.api.LroConfig;
import io.lro4j.api.LroStats;
import io.lro4j.api.PacketSink;
import io.lro4j.api.packet.BufferPool;
import io.lro4j.api.packet.ChecksumState;
import io.lro4j.api.packet.GsoType;
import io.lro4j.api.packet.Packet;
import io.lro4j.api.packet.PacketPool;
import io.lro4j.spi.LroDriver;
import io.lro4j.spi.LroManager;
import io.lro4j.spi.seeker.SoftwareHeaderSeeker;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The TUN driver's receive path: {@link #poll} reads up to a budget of packets from a {@link TunDevice}, copies
 * each into a pooled packet (as a NIC's DMA would), locates its headers and verifies its checksums in software
 * ({@link SoftwareHeaderSeeker} on raw IP), hands it to LRO in skb mode and ends with {@code flushAll}, as a
 * NAPI poll does. A packet the kernel marked in its {@link VirtioNetHdr} (never with the device's offloads off,
 * as {@link TunDevice} leaves them) keeps that information: {@code NEEDS_CSUM} becomes a partial checksum, GSO
 * becomes the packet's GSO information, and LRO passes it up unmerged. {@link #receiveFrame} takes an IP
 * packet from the caller as if the device had delivered it.
 *
 * <p>Delivered packets come from this driver's pool; the stack releases them. Not thread-safe.
 */
public final class TunReceiver implements LroDriver {

    private final TunDevice device;
    private final BufferPool buffers = new BufferPool();
    private final PacketPool pool;
    private final LroManager lro;
    private final ByteBuffer in = ByteBuffer.allocateDirect(TunDevice.MAX_PACKET);
    private final VirtioNetHdr hdr = new VirtioNetHdr();
    private final int ingressDevice;
    private final boolean ownsDevice;
    private long packets;
    private long bytes;
    private long offloaded;
    private long polls;
    private boolean closed;

    /**
     * @param device the device to read
     * @param config the LRO configuration
     * @param stack where packets go
     * @param ingressDevice the device id stamped on every packet
     */
    public TunReceiver(final TunDevice device, final LroConfig config, final PacketSink stack, final int ingressDevice) {
        this(device, config, stack, ingressDevice, false);
    }

    private TunReceiver(final TunDevice device, final LroConfig config, final PacketSink stack, final int ingressDevice,
            final boolean ownsDevice) {
        this.ownsDevice = ownsDevice;
        this.device = Objects.requireNonNull(device, "device");
        this.pool = new PacketPool(buffers, Math.max(Packet.DEFAULT_MAX_FRAGMENTS, config.maxAggregated()));
        final SoftwareHeaderSeeker seeker = new SoftwareHeaderSeeker(false, true);
        this.lro = LroManager.create(config, stack, seeker, seeker);
        this.ingressDevice = ingressDevice;
    }

    /**
     * A receiver that closes its device when it is closed.
     *
     * @param device the device to read
     * @param config the LRO configuration
     * @param stack where packets go
     * @return the receiver
     */
    public static TunReceiver owning(final TunDevice device, final LroConfig config, final PacketSink stack) {
        return new TunReceiver(device, config, stack, 0, true);
    }

    /**
     * One poll: reads packets until none waits or {@code budget} were read, then flushes LRO.
     *
     * @param budget most packets to read
     * @return packets read
     * @throws IOException if reading fails
     */
    public int poll(final int budget) throws IOException {
        checkOpen();
        int n = 0;
        while (n < budget && receiveNext(System.nanoTime()) >= 0) {
            n++;
        }
        endPoll();
        return n;
    }

    /**
     * Reads one packet, if one waits, and hands it to LRO with this arrival time; the poll goes on.
     *
     * @param timestampNanos its arrival time
     * @return its IP length (0 for a header without a packet, which is dropped), or -1 if none waits
     * @throws IOException if reading fails
     */
    int receiveNext(final long timestampNanos) throws IOException {
        checkOpen();
        final int length = device.read(in, 0, in.capacity());
        if (length == 0) {
            return -1;
        }
        if (length <= VirtioNetHdr.LENGTH) {
            return 0; // a header without a packet: nothing to pass on
        }
        receive(in, VirtioNetHdr.LENGTH, length - VirtioNetHdr.LENGTH, hdr.wrap(in, 0), timestampNanos);
        return length - VirtioNetHdr.LENGTH;
    }

    private void receive(final ByteBuffer b, final int offset, final int length, final VirtioNetHdr h,
            final long timestampNanos) {
        final Packet p = copy(b, offset, length, timestampNanos);
        if (h.flags() != 0 || h.gsoType() != VirtioNetHdr.GSO_NONE) {
            offloaded++;
            if ((h.flags() & VirtioNetHdr.F_NEEDS_CSUM) != 0) {
                p.checksumState(ChecksumState.PARTIAL);
            }
            final int type = h.gsoType() & ~VirtioNetHdr.GSO_ECN;
            if ((type == VirtioNetHdr.GSO_TCPV4 || type == VirtioNetHdr.GSO_TCPV6) && h.gsoSize() > 0) {
                final int segments = Math.max(1, (length - h.hdrLen() + h.gsoSize() - 1) / h.gsoSize());
                p.gso(type == VirtioNetHdr.GSO_TCPV4 ? GsoType.TCPV4 : GsoType.TCPV6, h.gsoSize(), segments,
                        (h.gsoType() & VirtioNetHdr.GSO_ECN) != 0 ? Packet.GSO_ECN : 0);
            }
        }
        lro.receiveSkb(p);
    }

    /**
     * Receives an IP packet as if the device had delivered it with a zero header.
     *
     * @param frame buffer holding the IP packet
     * @param offset absolute index of its first byte
     * @param length its length
     * @param timestampNanos its arrival time
     */
    @Override
    public void receiveFrame(final ByteBuffer frame, final int offset, final int length, final long timestampNanos) {
        checkOpen();
        lro.receiveSkb(copy(frame, offset, length, timestampNanos));
    }

    /** The packet's bytes into a pooled packet, as a NIC's DMA would put them, counted. */
    private Packet copy(final ByteBuffer b, final int offset, final int length, final long timestampNanos) {
        packets++;
        bytes += length;
        final Packet p = pool.acquire(length);
        p.putHead(b, offset, length).ingressDevice(ingressDevice).timestampNanos(timestampNanos);
        return p;
    }

    @Override
    public void endPoll() {
        polls++;
        lro.flushAll();
    }

    @Override
    public LroStats lroStats() {
        return lro.stats();
    }

    /** @return packets received */
    public long packets() {
        return packets;
    }

    /** @return IP bytes received */
    public long bytes() {
        return bytes;
    }

    /** @return packets the kernel handed over with checksum or GSO information */
    public long offloaded() {
        return offloaded;
    }

    /** @return polls ended */
    public long polls() {
        return polls;
    }

    /** @return the device */
    public TunDevice device() {
        return device;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("TUN receiver of " + device.name() + " is closed");
        }
    }

    /** Flushes what LRO holds; closes the device if this receiver owns it ({@link #owning}). */
    @Override
    public void close() {
        if (!closed) {
            lro.flushAll();
            closed = true;
            if (ownsDevice) {
                device.close();
            }
        }
    }
}
