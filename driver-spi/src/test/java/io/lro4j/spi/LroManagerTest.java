package io.lro4j.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lro4j.api.LroConfig;
import io.lro4j.api.LroEngine;
import io.lro4j.api.LroStats;
import io.lro4j.api.header.EthernetHeader;
import io.lro4j.api.packet.ChecksumState;
import io.lro4j.api.packet.Packet;
import io.lro4j.api.packet.PacketPool;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The manager between a driver's seekers and an engine (here a recording one). */
class LroManagerTest {

    /** An engine that only records what it is given. */
    static final class RecordingEngine implements LroEngine {
        final List<Packet> received = new ArrayList<>();
        int flushes;

        @Override
        public void receive(final Packet packet) {
            received.add(packet);
        }

        @Override
        public void flushAll() {
            flushes++;
        }

        @Override
        public int flushExpired() {
            return 0;
        }

        @Override
        public int activeFlows() {
            return 0;
        }

        @Override
        public LroStats stats() {
            return LroStats.empty();
        }

        @Override
        public LroConfig config() {
            return LroConfig.defaults();
        }
    }

    final PacketPool pool = new PacketPool();
    final RecordingEngine engine = new RecordingEngine();

    Packet packet(final int length) {
        return pool.acquire(length).headLength(length);
    }

    @Test
    @DisplayName("the seeker's offsets and flags are recorded on the packet before the engine sees it")
    void appliesLocation() {
        final LroManager m = LroManager.of(engine, (p, out) -> {
            out.offsets(0, 18, 38).set(HeaderLocation.IPV4 | HeaderLocation.TCP | HeaderLocation.CHECKSUM_VERIFIED);
            return true;
        }, null);
        m.receiveSkb(packet(100));
        final Packet p = engine.received.get(0);
        assertEquals(EthernetHeader.TYPE_IPV4, p.protocol());
        assertEquals(0, p.macHeader());
        assertEquals(18, p.networkHeader());
        assertEquals(38, p.transportHeader());
        assertEquals(ChecksumState.UNNECESSARY, p.checksumState());
        m.flushAll();
        assertEquals(1, engine.flushes);
    }

    @Test
    @DisplayName("a refusal reaches the engine unlocated; a bad checksum is marked; COMPLETE is kept")
    void refusalsAndChecksums() {
        final LroManager refusing = LroManager.of(engine, (p, out) -> false, null);
        refusing.receiveSkb(packet(60));
        assertEquals(-1, engine.received.get(0).networkHeader());
        final LroManager bad = LroManager.of(engine, (p, out) -> {
            out.offsets(0, 14, 34).set(HeaderLocation.IPV6 | HeaderLocation.TCP | HeaderLocation.CHECKSUM_BAD);
            return true;
        }, null);
        bad.receiveSkb(packet(60));
        assertTrue(engine.received.get(1).checksumBad());
        assertEquals(EthernetHeader.TYPE_IPV6, engine.received.get(1).protocol());
        final LroManager verified = LroManager.of(engine, (p, out) -> {
            out.offsets(0, 14, 34).set(HeaderLocation.IPV4 | HeaderLocation.CHECKSUM_VERIFIED);
            return true;
        }, null);
        final Packet complete = packet(60);
        complete.checksumState(ChecksumState.COMPLETE).checksumValue(0x1234);
        verified.receiveSkb(complete);
        assertEquals(ChecksumState.COMPLETE, complete.checksumState(), "hardware state is not overwritten");
        final LroManager nonIp = LroManager.of(engine, (p, out) -> {
            out.offsets(0, 14, -1);
            return true;
        }, null);
        nonIp.receiveSkb(packet(60));
        assertEquals(0, engine.received.get(3).protocol(), "located but not IP");
        assertEquals(14, engine.received.get(3).networkHeader());
    }

    @Test
    @DisplayName("page mode: the frag seeker sees the first fragment; misuse fails fast")
    void pageMode() {
        final int[] seen = new int[1];
        final LroManager m = LroManager.of(engine, null, (frag, offset, length, out) -> {
            seen[0] = length;
            out.offsets(0, 14, 34).set(HeaderLocation.IPV4);
            return true;
        });
        final Packet p = pool.acquire();
        p.addFragment(ByteBuffer.allocate(80), 0, 80, null).addFragment(ByteBuffer.allocate(900), 0, 900, null);
        m.receiveFrags(p);
        assertEquals(80, seen[0]);
        assertEquals(14, p.networkHeader());
        assertThrows(IllegalStateException.class, () -> m.receiveSkb(packet(60)));
        assertThrows(IllegalArgumentException.class, () -> m.receiveFrags(packet(60)));
        assertThrows(IllegalArgumentException.class, () -> LroManager.of(engine, null, null));
        assertFalse(engine.received.isEmpty());
    }
}
