package io.lro4j.drivers.pcap;

import io.lro4j.api.LroConfig;
import io.lro4j.api.LroStats;
import io.lro4j.api.PacketSink;
import io.lro4j.api.packet.BufferPool;
import io.lro4j.api.packet.Packet;
import io.lro4j.api.packet.PacketPool;
import io.lro4j.spi.seeker.SoftwareHeaderSeeker;
import io.lro4j.spi.LroDriver;
import io.lro4j.spi.LroManager;
import java.nio.ByteBuffer;

/**
 * The capture-file replay driver: each frame is copied into a pooled packet (as a NIC's DMA would), its
 * headers are located and its checksums verified by a {@link SoftwareHeaderSeeker} (standing in for receive
 * checksum offload), and it is handed to LRO in skb mode; {@link #endPoll()} ends a NAPI-style poll with
 * {@code flushAll()}.
 *
 * <p>A software driver is not bound by Linux's {@code MAX_SKB_FRAGS}: by default its packets have room for
 * {@code max(17, maxAggregated)} fragments, so that in fragments mode a whole aggregate of
 * {@link LroConfig#maxAggregated()} linear segments fits; pass 17 to model a Linux skb exactly.
 *
 * <p>Delivered packets come from this driver's {@link #pool()}; the stack releases them there.
 */
public final class PcapReplayDriver implements LroDriver {

    /** The size of the pages a {@link ReceiveLayout#PAGES} driver receives into. */
    public static final int PAGE_SIZE = 4096;

    private final BufferPool buffers = new BufferPool();
    private final PacketPool pool;
    private final ReceiveLayout layout;
    private final LroManager lro;
    private final int device;
    private long frames;
    private long polls;
    private boolean closed;

    /**
     * Creates a driver.
     *
     * @param config the LRO configuration
     * @param stack where packets are delivered
     * @param linkType the frames' link type
     * @param device the ingress device id stamped on every packet
     * @param maxFragments fragment capacity of the driver's packets, or 0 for {@link #defaultMaxFragments}
     */
    public PcapReplayDriver(final LroConfig config, final PacketSink stack, final LinkType linkType, final int device,
            final int maxFragments) {
        this(config, stack, linkType, device, maxFragments, ReceiveLayout.LINEAR);
    }

    /**
     * Creates a driver that receives frames in the given layout. With {@link ReceiveLayout#PAGES}, a frame
     * needing more pages than a packet holds fragments is received linearly instead.
     *
     * @param config the LRO configuration
     * @param stack where packets are delivered
     * @param linkType the frames' link type
     * @param device the ingress device id stamped on every packet
     * @param maxFragments fragment capacity of the driver's packets, or 0 for {@link #defaultMaxFragments}
     * @param layout how frames are received into memory
     */
    public PcapReplayDriver(final LroConfig config, final PacketSink stack, final LinkType linkType, final int device,
            final int maxFragments, final ReceiveLayout layout) {
        if (maxFragments < 0 || maxFragments > 0xFFFF) {
            throw new IllegalArgumentException("maxFragments must be between 1 and 65535 (0 = default), was "
                    + maxFragments);
        }
        this.pool = new PacketPool(buffers, maxFragments == 0 ? defaultMaxFragments(config) : maxFragments);
        this.layout = layout;
        final SoftwareHeaderSeeker seeker = new SoftwareHeaderSeeker(linkType.ethernet(), true);
        this.lro = LroManager.create(config, stack, seeker, seeker);
        this.device = device;
    }

    /**
     * @param config an LRO configuration
     * @return {@code max(17, maxAggregated)}
     */
    public static int defaultMaxFragments(final LroConfig config) {
        return Math.max(Packet.DEFAULT_MAX_FRAGMENTS, config.maxAggregated());
    }

    @Override
    public void receiveFrame(final ByteBuffer frame, final int offset, final int length, final long timestampNanos) {
        if (closed) {
            throw new IllegalStateException("driver is closed");
        }
        frames++;
        if (layout == ReceiveLayout.PAGES && length > 0 && (length + PAGE_SIZE - 1) / PAGE_SIZE <= pool.maxFragments()) {
            final Packet p = pool.acquire();
            for (int at = 0; at < length; at += PAGE_SIZE) {
                final int n = Math.min(PAGE_SIZE, length - at);
                final ByteBuffer page = buffers.acquire(PAGE_SIZE);
                page.put(0, frame, offset + at, n);
                p.addFragment(page, 0, n, buffers);
            }
            p.timestampNanos(timestampNanos).ingressDevice(device);
            lro.receiveFrags(p);
            return;
        }
        final Packet p = pool.acquire(length);
        p.putHead(frame, offset, length).timestampNanos(timestampNanos).ingressDevice(device);
        lro.receiveSkb(p);
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

    /** @return the pool delivered packets come from */
    public PacketPool pool() {
        return pool;
    }

    /** @return frames received */
    public long frames() {
        return frames;
    }

    /** @return polls ended */
    public long polls() {
        return polls;
    }

    @Override
    public void close() {
        if (!closed) {
            lro.flushAll();
            closed = true;
        }
    }
}
