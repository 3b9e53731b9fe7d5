package io.lro4j.impl.engine;

import static io.lro4j.impl.engine.AnchorCasesTest.assertShape;
import static io.lro4j.impl.engine.AnchorCasesTest.d;
import static io.lro4j.impl.engine.AnchorCasesTest.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lro4j.api.AggregationMode;
import io.lro4j.api.FlushCause;
import io.lro4j.api.Lro;
import io.lro4j.api.LroConfig;
import io.lro4j.api.LroEngine;
import io.lro4j.api.LroStats;
import io.lro4j.api.MergePolicy;
import io.lro4j.api.Verdict;
import io.lro4j.api.header.EthernetHeader;
import io.lro4j.api.header.FrameBuilder;
import io.lro4j.api.header.InternetChecksum;
import io.lro4j.api.header.TcpHeader;
import io.lro4j.api.packet.ChecksumState;
import io.lro4j.api.packet.Packet;
import io.lro4j.api.packet.PacketPool;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Engine rules beyond the anchor cases: time bound, misuse, checksum states, IPv6, fragments, stats. */
class EngineBehaviourTest {

    @Test
    @DisplayName("time-bound flush: an aggregate older than the bound is delivered on the next packet or flushExpired")
    void timeBoundFlush() {
        final AtomicLong now = new AtomicLong(0);
        final Harness h = new Harness(LroConfig.builder().flushTimeoutNanos(1_000).clock(now::get).build());
        h.rx(d(1000, 1448)).rx(d(2448, 1448));
        now.set(999);
        assertEquals(0, h.engine.flushExpired());
        now.set(1000);
        assertEquals(1, h.engine.flushExpired());
        assertShape(h.out(), row(1000, 2896, 2));
        h.rx(d(3896, 1448)); // starts at t=1000
        now.set(2500);
        h.rx(AnchorCasesTest.g(7, 100)); // the receive itself expires the old aggregate first
        assertEquals(2, h.delivered.size());
        assertEquals(2, h.stats().flushes(FlushCause.TIMEOUT));
        h.flush();
        h.close();
    }

    @Test
    @DisplayName("no time bound: flushExpired does nothing")
    void noTimeBound() {
        final Harness h = new Harness(LroConfig.defaults());
        h.rx(d(1000, 1448));
        assertEquals(0, h.engine.flushExpired());
        h.flush();
        h.close();
    }

    @Test
    @DisplayName("a sink that calls back into the engine fails fast")
    void reentrantSink() {
        final LroEngine[] engine = new LroEngine[1];
        engine[0] = Lro.newEngine(LroConfig.defaults(), p -> engine[0].flushAll());
        final PacketPool pool = new PacketPool();
        final Packet p = d(1000, 1448).toPacket(pool);
        Harness.locate(p, false);
        engine[0].receive(p);
        final IllegalStateException e = assertThrows(IllegalStateException.class, () -> engine[0].flushAll());
        assertTrue(e.getMessage().contains("called back"), e.getMessage());
    }

    @Test
    @DisplayName("receiving a released packet fails fast")
    void releasedPacket() {
        final Harness h = new Harness(LroConfig.defaults());
        final Packet p = d(1000, 1448).toPacket(h.pool);
        p.release();
        assertThrows(IllegalStateException.class, () -> h.engine.receive(p));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(MergePolicy.class)
    @DisplayName("a packet the seeker could not locate flushes every flow first (order), a non-TCP one does not")
    void unknownFlowFlushesEverything(final MergePolicy policy) {
        final Harness h = new Harness(AggregationMode.CHAIN, policy);
        h.rx(d(1000, 1448)).rx(AnchorCasesTest.g(5000, 100));
        final Packet udp = d(1, 10).toPacket(h.pool);
        udp.headBuffer().put(udp.headOffset() + 14 + 9, (byte) 17); // protocol UDP
        h.rx(udp);
        assertEquals(1, h.delivered.size(), "a UDP packet cannot belong to a TCP flow: nothing flushed");
        final Packet unlocated = d(2448, 1448).toPacket(h.pool);
        h.engine.receive(unlocated); // no headers recorded: networkHeader() == -1
        assertEquals(4, h.delivered.size());
        assertEquals(2, h.stats().flushes(FlushCause.UNKNOWN_FLOW));
        assertEquals(1, h.stats().verdict(Verdict.NOT_LOCATED));
        assertEquals(1, h.stats().verdict(Verdict.NOT_TCP));
        h.flush();
        h.close();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(MergePolicy.class)
    @DisplayName("IPv6 flows merge under both policies; extension headers are passed up")
    void ipv6(final MergePolicy policy) {
        final long hi = 0x2001_0DB8_0000_0000L;
        final Harness h = new Harness(AggregationMode.CHAIN, policy);
        h.rx(d(1000, 1428).ipv6(hi, 1, hi, 2)).rx(d(2428, 1428).ipv6(hi, 1, hi, 2)).rx(d(3856, 1428).ipv6(hi, 1, hi, 2));
        final Packet ext = d(5284, 10).ipv6(hi, 1, hi, 2).toPacket(h.pool);
        ext.headBuffer().put(ext.headOffset() + 14 + 6, (byte) 60); // next header: destination options
        ext.checksumState(ChecksumState.UNNECESSARY);
        h.rx(ext).flush();
        assertEquals(2, h.out().size(), "the extension-header packet flushes the flow first (it may belong to it)");
        assertEquals(3, h.out().get(0).segments());
        assertEquals(32 + 3 * 1428, h.out().get(0).ipLengthField());
        assertTrue(h.out().get(0).tcpChecksumOk());
        assertEquals(1, h.stats().verdict(Verdict.IPV6_EXTENSION_HEADERS));
        h.close();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(AggregationMode.class)
    @DisplayName("raw IP frames (no link layer) merge")
    void rawIp(final AggregationMode mode) {
        final Harness h = new Harness(mode, MergePolicy.INET_LRO);
        h.rx(d(1000, 1448).ethernet(false)).rx(d(2448, 1448).ethernet(false)).flush();
        assertShape(h.out(), row(1000, 2896, 2));
        h.close();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(MergePolicy.class)
    @DisplayName("COMPLETE checksums are verified from the hardware sum; a wrong one is BAD_TCP_CHECKSUM")
    void completeChecksum(final MergePolicy policy) {
        final Harness h = new Harness(AggregationMode.CHAIN, policy);
        for (int i = 0; i < 3; i++) {
            final Packet p = d(1000 + i * 1448, 1448).toPacket(h.pool);
            final int sum = InternetChecksum.fold(InternetChecksum.sum(p.headBuffer(), p.headOffset() + 14,
                    p.headLength() - 14, 0));
            p.checksumState(ChecksumState.COMPLETE).checksumValue(i == 2 ? sum ^ 1 : sum);
            h.rx(p);
        }
        h.flush();
        assertShape(h.out(), row(1000, 2896, 2), row(3896, 1448, 1));
        assertEquals(ChecksumState.UNNECESSARY, h.out().get(0).checksumState());
        assertEquals(1, h.stats().verdict(Verdict.BAD_TCP_CHECKSUM));
        h.close();
    }

    @ParameterizedTest(name = "{0} {1}")
    @EnumSource(AggregationMode.class)
    @DisplayName("PARTIAL segments merge into a PARTIAL aggregate holding the pseudo-header sum; mixing is refused")
    void partialChecksum(final AggregationMode mode) {
        final Harness h = new Harness(mode, MergePolicy.INET_LRO);
        h.inputState = ChecksumState.PARTIAL;
        h.rx(d(1000, 1448)).rx(d(2448, 1448));
        h.inputState = ChecksumState.UNNECESSARY;
        h.rx(d(3896, 1448)).flush();
        assertEquals(2, h.out().size());
        final Packet agg = h.delivered.get(0);
        assertEquals(ChecksumState.PARTIAL, agg.checksumState());
        assertEquals(14 + 20, agg.checksumStart());
        assertEquals(16, agg.checksumOffset());
        final ByteBuffer b = ByteBuffer.wrap(agg.toByteArray());
        final long pseudo = InternetChecksum.pseudoHeaderSum(
                new io.lro4j.api.header.Ipv4Header().wrap(b, 14).addressSum(), 32 + 2896);
        assertEquals(InternetChecksum.fold(pseudo), b.getShort(14 + 20 + 16) & 0xFFFF);
        assertEquals(1, h.stats().flushesBy(Verdict.CHECKSUM_STATE));
        h.close();
    }

    @Test
    @DisplayName("chain mode passes fragmented packets up (skb mode cannot merge them); fragments mode merges them")
    void fragmentedInput() {
        Harness h = new Harness(AggregationMode.CHAIN, MergePolicy.INET_LRO);
        h.rx(d(1000, 1448)).rxPages(d(2448, 1448), 66).rxPages(d(3896, 1448), 66).flush();
        assertShape(h.out(), row(1000, 1448, 1), row(2448, 1448, 1), row(3896, 1448, 1));
        assertEquals(2, h.stats().verdict(Verdict.FRAGMENTED_INPUT));
        assertEquals(1, h.stats().flushesBy(Verdict.FRAGMENTED_INPUT));
        h.close();
        h = new Harness(AggregationMode.FRAGMENTS, MergePolicy.INET_LRO);
        h.rx(d(1000, 1448)).rxPages(d(2448, 1448), 66).rxPages(d(3896, 1448), 100, 900).flush();
        assertShape(h.out(), row(1000, 4344, 3));
        assertEquals(1 + 1 + 2, h.delivered.get(0).fragmentCount());
        h.close();
    }

    @Test
    @DisplayName("headers split between the head and a fragment: SPLIT_HEADERS, every flow flushed")
    void splitHeaders() {
        final Harness h = new Harness(AggregationMode.FRAGMENTS, MergePolicy.INET_LRO);
        h.rx(d(1000, 1448));
        final byte[] frame = d(2448, 1448).toBytes();
        final Packet p = h.pool.acquire(40);
        p.putHead(ByteBuffer.wrap(frame), 0, 40);
        final ByteBuffer page = h.buffers.acquire(frame.length - 40);
        page.put(0, frame, 40, frame.length - 40);
        p.addFragment(page, 0, frame.length - 40, h.buffers);
        h.rx(p).flush();
        assertEquals(2, h.out().size());
        assertEquals(1, h.stats().verdict(Verdict.SPLIT_HEADERS));
        assertEquals(1, h.stats().flushes(FlushCause.UNKNOWN_FLOW));
        h.close();
    }

    @Test
    @DisplayName("a packet that already carries GSO information is not merged again")
    void gsoInput() {
        final Harness h = new Harness(LroConfig.defaults());
        h.rx(d(1000, 1448));
        final Packet p = d(2448, 1448).toPacket(h.pool);
        p.gso(io.lro4j.api.packet.GsoType.TCPV4, 724, 2, 0).checksumState(ChecksumState.UNNECESSARY);
        h.rx(p).flush();
        assertEquals(2, h.out().size());
        assertEquals(1, h.stats().verdict(Verdict.GSO_INPUT));
        h.close();
    }

    @Test
    @DisplayName("a driver-reported bad checksum is never merged")
    void checksumBadFlag() {
        final Harness h = new Harness(LroConfig.defaults());
        h.rx(d(1000, 1448));
        final Packet p = d(2448, 1448).toPacket(h.pool);
        p.checksumBad(true);
        h.rx(p).flush();
        assertEquals(1, h.stats().verdict(Verdict.BAD_TCP_CHECKSUM));
        h.close();
    }

    @Test
    @DisplayName("an aggregate carries its last segment's receive timestamp; a single packet keeps its own")
    void timestamps() {
        final Harness h = new Harness(LroConfig.defaults());
        for (int i = 0; i < 3; i++) {
            final Packet p = d(1000 + 1448 * i, 1448).toPacket(h.pool);
            p.timestampNanos(100 + i).checksumState(ChecksumState.UNNECESSARY);
            h.rx(p);
        }
        h.flush();
        assertEquals(102, h.out().get(0).timestamp());
        h.close();
    }

    @Test
    @DisplayName("stats: one verdict per packet, delivered = received - aggregated + flushed, rate = aggregated / flushed")
    void statsIdentity() {
        final Harness h = new Harness(LroConfig.defaults());
        h.rx(d(1000, 1448)).rx(d(2448, 1448)).rx(d(3896, 0)).rx(d(3896, 1448)).rx(d(5344, 1448)).flush();
        final LroStats st = h.stats();
        assertEquals(5, st.received());
        assertEquals(4, st.aggregated());
        assertEquals(2, st.flushed());
        assertEquals(3, st.delivered());
        assertEquals(2.0, st.lroRate());
        assertEquals(2, st.mergedAggregates());
        assertEquals(4, st.mergedSegments());
        assertTrue(st.format().contains("ZERO_PAYLOAD"));
        assertEquals(5L, st.toMap().get("received"));
        h.close();
    }

    @Test
    @DisplayName("maxAggregated = 1 delivers every segment at once, unmodified")
    void maxAggregatedOne() {
        final Harness h = new Harness(LroConfig.builder().maxAggregated(1).build());
        h.rx(d(1000, 1448));
        assertEquals(1, h.delivered.size());
        h.rx(d(2448, 1448)).flush();
        assertShape(h.out(), row(1000, 1448, 1), row(2448, 1448, 1));
        h.close();
    }

    @Test
    @DisplayName("a seeker's wrong EtherType claim is checked against the IP version")
    void versionMismatch() {
        final Harness h = new Harness(LroConfig.defaults());
        final Packet p = d(1000, 1448).toPacket(h.pool);
        p.headers(EthernetHeader.TYPE_IPV6, 0, 14, -1);
        h.engine.receive(p);
        assertEquals(1, h.stats().verdict(Verdict.MALFORMED));
        h.flush();
        h.close();
    }

    @Test
    @DisplayName("PSH stays in the header of an inet_lro aggregate even when it was on the first segment only")
    void pshOnFirst() {
        final Harness h = new Harness(LroConfig.defaults());
        h.rx(d(1000, 1448).flags(TcpHeader.ACK | TcpHeader.PSH)).rx(d(2448, 1448)).flush();
        assertEquals(TcpHeader.ACK | TcpHeader.PSH, h.out().get(0).flags());
        h.close();
    }

    @Test
    @DisplayName("many flows: a 65536-descriptor table holds every flow and merges each")
    void manyFlows() {
        final int flows = 70_000;
        final Harness h = new Harness(LroConfig.builder().maxDescriptors(LroConfig.MAX_DESCRIPTORS).build());
        final FrameBuilder f = d(0, 10);
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < flows; i++) {
                h.rx(f.ipv4(0x0B00_0000L + i, 0x0A00_0002L).seq(round * 10));
            }
        }
        assertEquals(flows, h.engine.activeFlows());
        assertTrue(((Engine) h.engine).tableConsistent());
        h.flush();
        assertEquals(flows, h.delivered.size());
        assertEquals(flows, h.stats().mergedAggregates());
        h.close();
    }
}
