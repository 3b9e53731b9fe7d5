package io.lro4j.impl.gso;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lro4j.api.AggregationMode;
import io.lro4j.api.GsoSegmenter;
import io.lro4j.api.Lro;
import io.lro4j.api.MergePolicy;
import io.lro4j.api.header.FrameBuilder;
import io.lro4j.api.header.TcpHeader;
import io.lro4j.api.packet.Packet;
import io.lro4j.impl.engine.Harness;
import io.lro4j.impl.engine.Out;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Software GSO: the inverse of GRO-policy aggregation. */
class SegmenterTest {

    record Train(String name, IntFunction<FrameBuilder> segment, int count) {
        @Override
        public String toString() {
            return name;
        }
    }

    static FrameBuilder base(final int i, final int size) {
        return new FrameBuilder().ipv4(0x0A00_0001L, 0x0A00_0002L).ports(40000, 80).seq(1000 + i * size)
                .ack(77).window(900).timestamp(1, 2).ipId(100 + i).payloadLength(size);
    }

    static Stream<Arguments> trains() {
        final long hi = 0x2001_0DB8_0000_0000L;
        final List<Train> trains = List.of(
                new Train("ipv4 incrementing IDs", i -> base(i, 1448), 10),
                new Train("ipv4 fixed ID", i -> base(i, 1448).ipId(5), 10),
                new Train("ipv4 no DF", i -> base(i, 1000).dontFragment(false), 5),
                new Train("short last with PSH", i -> i == 4 ? base(i, 1448).payloadLength(77)
                        .flags(TcpHeader.ACK | TcpHeader.PSH) : base(i, 1448), 5),
                new Train("CWR on first", i -> i == 0 ? base(i, 1448).flags(TcpHeader.ACK | TcpHeader.CWR)
                        : base(i, 1448), 4),
                new Train("FIN on last", i -> i == 3 ? base(i, 500).flags(TcpHeader.ACK | TcpHeader.FIN)
                        : base(i, 500), 4),
                new Train("ipv6", i -> base(i, 1428).ipv6(hi, 1, hi, 2).flowLabel(0x12345), 8),
                new Train("vlan, no options", i -> base(i, 1460).vlan(42).noOptions(), 6),
                new Train("odd sizes", i -> base(i, 1001), 7));
        return trains.stream().flatMap(t -> Stream.of(AggregationMode.values()).map(m -> Arguments.of(t, m)));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("trains")
    @DisplayName("split(merge(x)) == x, byte for byte, for GRO-policy aggregates")
    void splitInvertsMerge(final Train train, final AggregationMode mode) {
        final Harness h = new Harness(mode, MergePolicy.GRO);
        final List<byte[]> input = new ArrayList<>();
        for (int i = 0; i < train.count(); i++) {
            final FrameBuilder f = train.segment().apply(i);
            input.add(f.toBytes());
            h.rx(f);
        }
        h.flush();
        assertEquals(1, h.delivered.size(), "the train merges into one aggregate");
        final Packet aggregate = h.take(0);
        assertEquals(train.count(), aggregate.gsoSegments());
        final List<Packet> segments = new ArrayList<>();
        final GsoSegmenter segmenter = Lro.newSegmenter(h.pool);
        assertEquals(train.count(), segmenter.segment(aggregate, segments::add));
        assertEquals(input.size(), segments.size());
        for (int i = 0; i < input.size(); i++) {
            assertArrayEquals(input.get(i), segments.get(i).toByteArray(), "segment " + i);
        }
        segments.forEach(Packet::release);
        h.close();
    }

    @Test
    @DisplayName("a packet without GSO information is delivered unchanged")
    void plainPacketPassesThrough() {
        final Harness h = new Harness(AggregationMode.CHAIN, MergePolicy.GRO);
        final Packet p = base(0, 100).toPacket(h.pool);
        final List<Packet> out = new ArrayList<>();
        assertEquals(1, Lro.newSegmenter(h.pool).segment(p, out::add));
        assertSame(p, out.get(0));
        p.release();
        h.close();
    }

    @Test
    @DisplayName("an inet_lro aggregate splits into valid gsoSize segments carrying the aggregate's header")
    void inetLroAggregateSplitsIntoValidSegments() {
        final Harness h = new Harness(AggregationMode.CHAIN, MergePolicy.INET_LRO);
        h.rx(base(0, 1000)).rx(base(1, 1000).ack(78)).rx(base(2, 1000).ack(79).payloadLength(400)).flush();
        final Packet aggregate = h.take(0);
        final List<Packet> out = new ArrayList<>();
        Lro.newSegmenter(h.pool).segment(aggregate, out::add);
        assertEquals(3, out.size());
        int seq = 1000;
        for (final Packet p : out) {
            final Out o = Out.of(p);
            assertTrue(o.ipChecksumOk() && o.tcpChecksumOk());
            assertEquals(seq, o.seq());
            assertEquals(79, o.ack(), "the aggregate's (last) ACK: inet_lro aggregates are not exactly invertible");
            seq += o.payloadLength();
        }
        assertEquals(1000 + 2400, seq);
        out.forEach(Packet::release);
        h.close();
    }
}
