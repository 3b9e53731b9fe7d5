package io.lro4j.impl.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lro4j.api.AggregationMode;
import io.lro4j.api.Lro;
import io.lro4j.api.LroConfig;
import io.lro4j.api.LroEngine;
import io.lro4j.api.LroStats;
import io.lro4j.api.MergePolicy;
import io.lro4j.api.PacketSink;
import io.lro4j.api.header.EthernetHeader;
import io.lro4j.api.header.FrameBuilder;
import io.lro4j.api.packet.BufferPool;
import io.lro4j.api.packet.ChecksumState;
import io.lro4j.api.packet.Packet;
import io.lro4j.api.packet.PacketPool;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Drives an engine (found through {@link Lro}, as users find it) with frames from {@link FrameBuilder}s and
 * keeps what it delivers. Frames are located the way a simple Ethernet driver's seeker would and marked
 * checksum-verified unless a test says otherwise.
 */
public final class Harness implements PacketSink {

    public final BufferPool buffers = new BufferPool();
    public final PacketPool pool;
    public final List<Packet> delivered = new ArrayList<>();
    public final LroEngine engine;
    public ChecksumState inputState = ChecksumState.UNNECESSARY;
    private int taken;

    public Harness(final LroConfig config, final int maxFragments) {
        pool = new PacketPool(buffers, maxFragments);
        engine = Lro.newEngine(config, this);
    }

    public Harness(final LroConfig config) {
        this(config, Packet.DEFAULT_MAX_FRAGMENTS);
    }

    public Harness(final AggregationMode mode, final MergePolicy policy) {
        this(LroConfig.builder().mode(mode).policy(policy).build());
    }

    @Override
    public void deliver(final Packet packet) {
        delivered.add(packet);
    }

    /** Receives a linear packet holding the frame. */
    public Harness rx(final FrameBuilder frame) {
        final Packet p = frame.toPacket(pool);
        locate(p, frame.linkHeaderLength() == 0);
        p.checksumState(inputState);
        engine.receive(p);
        return this;
    }

    /** Receives the frame as a page-mode packet: empty head, the frame split into fragments at {@code cuts}. */
    public Harness rxPages(final FrameBuilder frame, final int... cuts) {
        final byte[] bytes = frame.toBytes();
        final Packet p = pool.acquire();
        int from = 0;
        for (int i = 0; i <= cuts.length; i++) {
            final int to = i < cuts.length ? cuts[i] : bytes.length;
            final ByteBuffer page = buffers.acquire(to - from);
            page.put(0, bytes, from, to - from);
            p.addFragment(page, 0, to - from, buffers);
            from = to;
        }
        locate(p, frame.linkHeaderLength() == 0);
        p.checksumState(inputState);
        engine.receive(p);
        return this;
    }

    /** Receives an already built packet, located. */
    public Harness rx(final Packet p) {
        locate(p, false);
        engine.receive(p);
        return this;
    }

    /** Removes delivered packet {@code index}; the caller now owns (and releases) it. */
    public Packet take(final int index) {
        taken++;
        return delivered.remove(index);
    }

    public Harness flush() {
        engine.flushAll();
        return this;
    }

    public LroStats stats() {
        return engine.stats();
    }

    /** @return what was delivered so far, parsed */
    public List<Out> out() {
        return delivered.stream().map(Out::of).toList();
    }

    /** Checks the stats identity delivered == received - aggregated + flushed and releases everything. */
    public void close() {
        final LroStats st = engine.stats();
        assertEquals(delivered.size() + taken, st.delivered(), "delivered count vs stats");
        assertEquals(0, engine.activeFlows(), "nothing may stay held after flushAll");
        assertTrue(((Engine) engine).tableConsistent(), "flow table invariants");
        delivered.forEach(Packet::release);
        delivered.clear();
        assertEquals(0, pool.outstanding(), "every packet released exactly once");
        assertEquals(0, buffers.outstanding(), "every buffer recycled");
    }

    /**
     * Locates Ethernet (optionally tagged) or raw IP headers like a minimal seeker: it reads only the first
     * piece (the head, or the first fragment), and leaves the packet unlocated when that piece is too short.
     */
    public static void locate(final Packet p, final boolean raw) {
        final boolean head = p.headLength() > 0;
        if (!head && p.fragmentCount() == 0) {
            return;
        }
        final ByteBuffer b = head ? p.headBuffer() : p.fragmentBuffer(0);
        final int base = head ? p.headOffset() : p.fragmentOffset(0);
        final int available = head ? p.headLength() : p.fragmentLength(0);
        if (raw) {
            if (available >= 1) {
                final int version = (b.get(base) & 0xFF) >> 4;
                p.headers(version == 6 ? EthernetHeader.TYPE_IPV6 : EthernetHeader.TYPE_IPV4, -1, 0, -1);
            }
            return;
        }
        if (available < 14) {
            return;
        }
        int type = b.getShort(base + 12) & 0xFFFF;
        int nh = 14;
        if (type == EthernetHeader.TPID_8021Q) {
            if (available < 18) {
                return;
            }
            type = b.getShort(base + 16) & 0xFFFF;
            nh = 18;
        }
        p.headers(type, 0, nh, -1);
    }
}
