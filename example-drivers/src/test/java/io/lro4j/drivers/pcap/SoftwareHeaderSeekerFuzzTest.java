package io.lro4j.drivers.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.lro4j.api.LroConfig;
import io.lro4j.api.LroStats;
import io.lro4j.api.header.FrameBuilder;
import io.lro4j.api.packet.BufferPool;
import io.lro4j.api.packet.Packet;
import io.lro4j.api.packet.PacketPool;
import io.lro4j.spi.HeaderLocation;
import io.lro4j.spi.LroManager;
import io.lro4j.spi.seeker.SoftwareHeaderSeeker;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Coverage-guided fuzzing of the software header seeker, alone and in front of the engine: any bytes, any
 * split into pieces, either link type. The seeker must never throw; what it reports must lie inside the
 * frame; and the whole path (seeker, manager, engine) must deliver every packet once and leak nothing.
 */
class SoftwareHeaderSeekerFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void fuzzSeeker(final FuzzedDataProvider data) {
        final boolean ethernet = data.consumeBoolean();
        final SoftwareHeaderSeeker seeker = new SoftwareHeaderSeeker(ethernet, data.consumeBoolean());
        final BufferPool buffers = new BufferPool();
        final PacketPool pool = new PacketPool(buffers, 8);
        final List<Packet> delivered = new ArrayList<>();
        final LroManager lro = LroManager.create(LroConfig.builder().maxDescriptors(4).build(), delivered::add, seeker,
                seeker);
        final HeaderLocation at = new HeaderLocation();
        int frames = 0;
        while (data.remainingBytes() > 2 && frames < 32) {
            final byte[] frame;
            if (data.consumeBoolean()) {
                frame = data.consumeBytes(data.consumeInt(0, 120));
            } else {
                frame = new FrameBuilder().ethernet(ethernet).vlan(data.consumeBoolean() ? 3 : -1)
                        .seq(data.consumeInt()).payloadLength(data.consumeInt(0, 300)).toBytes();
                for (int i = 0, n = data.consumeInt(0, 4); i < n && frame.length > 0; i++) {
                    frame[data.consumeInt(0, frame.length - 1)] = data.consumeByte();
                }
            }
            final boolean pages = data.consumeBoolean() && frame.length > 1;
            final Packet p = pool.acquire();
            if (pages) {
                final int cut = data.consumeInt(1, frame.length - 1);
                add(p, buffers, frame, 0, cut);
                add(p, buffers, frame, cut, frame.length);
                if (seeker.seek(p.fragmentBuffer(0), 0, cut, at.reset())) {
                    assertTrue(at.networkOffset() <= cut && at.transportOffset() <= cut, "offsets inside the fragment");
                }
                lro.receiveFrags(p);
            } else {
                final ByteBuffer b = buffers.acquire(frame.length);
                b.put(0, frame);
                p.setHead(b, 0, frame.length, buffers);
                if (seeker.seek(p, at.reset())) {
                    assertTrue(at.networkOffset() <= frame.length && at.transportOffset() <= frame.length);
                }
                lro.receiveSkb(p);
            }
            frames++;
        }
        lro.flushAll();
        final LroStats st = lro.stats();
        assertEquals(frames, st.received());
        assertEquals(delivered.size(), st.delivered());
        delivered.forEach(Packet::release);
        assertEquals(0, pool.outstanding());
        assertEquals(0, buffers.outstanding());
    }

    private static void add(final Packet p, final BufferPool buffers, final byte[] frame, final int from, final int to) {
        final ByteBuffer page = buffers.acquire(to - from);
        page.put(0, frame, from, to - from);
        p.addFragment(page, 0, to - from, buffers);
    }
}
