package io.lro4j.impl.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.lro4j.api.AggregationMode;
import io.lro4j.api.Lro;
import io.lro4j.api.LroConfig;
import io.lro4j.api.LroEngine;
import io.lro4j.api.MergePolicy;
import io.lro4j.api.header.EthernetHeader;
import io.lro4j.api.header.FrameBuilder;
import io.lro4j.api.packet.BufferPool;
import io.lro4j.api.packet.ChecksumState;
import io.lro4j.api.packet.GsoType;
import io.lro4j.api.packet.Packet;
import io.lro4j.api.packet.PacketPool;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Coverage-guided fuzzing of the engine (Jazzer). Frames are mostly well-formed TCP frames with fuzzed
 * fields and fuzzed bytes overwritten, sometimes pure garbage; the driver's claims (network header offset,
 * EtherType, checksum state, GSO info) may lie; packets come linear or cut into pages anywhere. The engine
 * must never throw, must deliver every packet exactly once, keep its counters consistent, and leave no
 * buffer or packet leaked or released twice.
 *
 * <p>{@code mvn verify} runs it in regression mode over {@code EngineFuzzTestInputs}; {@code JAZZER_FUZZ=1}
 * fuzzes (see docs/testing.md).
 */
class EngineFuzzTest {

    private static final ChecksumState[] STATES = ChecksumState.values();

    @FuzzTest(maxDuration = "60s")
    void fuzzEngine(final FuzzedDataProvider data) {
        final LroConfig config = LroConfig.builder()
                .mode(data.consumeBoolean() ? AggregationMode.CHAIN : AggregationMode.FRAGMENTS)
                .policy(data.consumeBoolean() ? MergePolicy.INET_LRO : MergePolicy.GRO)
                .maxDescriptors(data.consumeInt(1, 16))
                .maxAggregated(data.consumeInt(1, 70))
                .mtu(data.consumeInt(68, 9000))
                .build();
        final BufferPool buffers = new BufferPool();
        final PacketPool pool = new PacketPool(buffers, data.consumeInt(1, 20));
        final List<Packet> delivered = new ArrayList<>();
        final LroEngine engine = Lro.newEngine(config, delivered::add);
        final FrameBuilder frame = new FrameBuilder();
        int received = 0;
        while (data.remainingBytes() > 4 && received < 64) {
            final byte[] bytes = nextFrame(data, frame);
            final Packet p = toPacket(data, pool, buffers, bytes);
            if (p == null) {
                continue;
            }
            final int claim = data.consumeInt(0, 7);
            final int nh = claim == 0 ? data.consumeInt(-2, bytes.length + 2) : bytes.length >= 18
                    && (bytes[12] & 0xFF) == 0x81 ? 18 : 14;
            final int type = claim == 1 ? data.consumeInt() & 0xFFFF
                    : claim == 2 ? EthernetHeader.TYPE_IPV6 : EthernetHeader.TYPE_IPV4;
            p.headers(type, data.consumeBoolean() ? 0 : -1, nh, -1);
            p.checksumState(STATES[data.consumeInt(0, STATES.length - 1)]).checksumValue(data.consumeInt());
            if (data.consumeInt(0, 15) == 0) {
                p.gso(GsoType.TCPV4, data.consumeInt(0, 2000), data.consumeInt(0, 5), 0);
            }
            if (data.consumeInt(0, 7) == 0) {
                p.vlanTag(data.consumeInt());
            }
            p.checksumBad(data.consumeInt(0, 31) == 0).ingressDevice(data.consumeInt(0, 2));
            engine.receive(p);
            received++;
            if (data.consumeInt(0, 9) == 0) {
                engine.flushAll();
            }
        }
        engine.flushAll();
        assertEquals(0, engine.activeFlows());
        assertEquals(received, engine.stats().received());
        assertEquals(delivered.size(), engine.stats().delivered());
        assertTrue(((Engine) engine).tableConsistent());
        for (final Packet p : delivered) {
            p.release();
        }
        assertEquals(0, pool.outstanding(), "packets leaked");
        assertEquals(0, buffers.outstanding(), "buffers leaked");
    }

    private static byte[] nextFrame(final FuzzedDataProvider data, final FrameBuilder f) {
        if (data.consumeInt(0, 9) == 0) {
            return data.consumeBytes(data.consumeInt(0, 200));
        }
        f.seq(data.consumeInt()).ack(data.consumeInt()).flags(data.consumeInt(0, 255)).window(data.consumeInt(0, 65535))
                .payloadLength(data.consumeInt(0, 1500)).ipId(data.consumeInt(0, 65535)).tos(data.consumeInt(0, 255))
                .ports(40000, data.consumeBoolean() ? 80 : 81).vlan(data.consumeInt(0, 3) == 0 ? 5 : -1);
        switch (data.consumeInt(0, 3)) {
            case 0 -> f.noOptions();
            case 1 -> f.tcpOptions(new byte[] {1, 1, 4, 2});
            default -> f.timestamp(data.consumeInt(), data.consumeInt());
        }
        if (data.consumeBoolean()) {
            f.ipv4(0x0A00_0001L, 0x0A00_0002L);
        } else {
            f.ipv6(1, 2, 3, 4);
        }
        final byte[] bytes = f.toBytes();
        for (int i = 0, n = data.consumeInt(0, 3); i < n && bytes.length > 0; i++) {
            bytes[data.consumeInt(0, bytes.length - 1)] = data.consumeByte();
        }
        return bytes;
    }

    private static Packet toPacket(final FuzzedDataProvider data, final PacketPool pool, final BufferPool buffers,
            final byte[] bytes) {
        final Packet p = pool.acquire();
        final int pieces = data.consumeInt(0, 3);
        if (pieces == 0 || bytes.length < 2) {
            final ByteBuffer b = buffers.acquire(bytes.length + 2);
            b.put(2, bytes);
            p.setHead(b, 2, bytes.length, buffers);
            return p;
        }
        int from = 0;
        if (data.consumeBoolean()) { // a head, then fragments
            from = data.consumeInt(1, bytes.length - 1);
            final ByteBuffer b = buffers.acquire(from);
            b.put(0, bytes, 0, from);
            p.setHead(b, 0, from, buffers);
        }
        for (int i = 0; i < pieces && from < bytes.length && p.fragmentCount() < p.maxFragments(); i++) {
            final int to = i == pieces - 1 || p.fragmentCount() == p.maxFragments() - 1 ? bytes.length
                    : data.consumeInt(from + 1, bytes.length);
            final ByteBuffer page = buffers.acquire(to - from);
            page.put(0, bytes, from, to - from);
            p.addFragment(page, 0, to - from, buffers);
            from = to;
        }
        if (from < bytes.length) {
            p.release();
            return null;
        }
        return p;
    }
}
