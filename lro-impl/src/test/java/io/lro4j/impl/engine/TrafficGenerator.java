package io.lro4j.impl.engine;

import io.lro4j.api.AggregationMode;
import io.lro4j.api.LroConfig;
import io.lro4j.api.MergePolicy;
import io.lro4j.api.header.FrameBuilder;
import io.lro4j.api.header.TcpHeader;
import io.lro4j.api.packet.ChecksumState;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded generator of receive-path traffic for the engine's property tests: several TCP flows (IPv4 and
 * IPv6, in-band or hardware VLAN tags, two devices, with or without timestamps), in-order data with PSH,
 * ACK and window changes, pure and duplicate ACKs, retransmissions, reordering, losses, flags, CE marks,
 * IP options, UDP packets, page-fragmented packets, unverified checksums and random poll boundaries.
 * The same seed always gives the same scenario.
 */
final class TrafficGenerator {

    /** One receive-path event: a frame arriving, or the end of a poll. */
    record Event(byte[] frame, int hwVlan, int device, ChecksumState checksum, int[] cuts, int headroom,
            long timestamp, boolean poll, String what) {

        static Event endOfPoll() {
            return new Event(new byte[0], -1, 0, ChecksumState.NONE, new int[0], 0, 0, true, "poll");
        }

        @Override
        public String toString() {
            return poll ? "--- end of poll" : what + (cuts.length > 0 ? " pages" + java.util.Arrays.toString(cuts) : "")
                    + (hwVlan >= 0 ? " hwvlan=" + hwVlan : "") + (device != 0 ? " dev=" + device : "")
                    + (checksum != ChecksumState.UNNECESSARY ? " csum=" + checksum : "");
        }
    }

    /** A configuration, a link type and a list of events. */
    record Scenario(long seed, LroConfig config, int maxFragments, boolean raw, List<Event> events) {
        Scenario withEvents(final List<Event> newEvents) {
            return new Scenario(seed, config, maxFragments, raw, newEvents);
        }
    }

    private static final class Flow {
        final FrameBuilder frame = new FrameBuilder();
        final int hwVlan;
        final int device;
        final int sport;
        final int dport;
        final int mss;
        int seq;
        int ack;
        int window;
        int tsval;
        int ipId;
        final boolean incrementIds;
        final List<Integer> sentSeqs = new ArrayList<>();
        final List<Integer> sentLengths = new ArrayList<>();

        Flow(final SplittableRandom r, final int index, final boolean raw) {
            sport = 1024 + r.nextInt(60000);
            dport = r.nextBoolean() ? 80 : 5201;
            mss = r.nextInt(10) == 0 ? 1 + r.nextInt(600) : 1448;
            seq = r.nextInt(8) == 0 ? -1 - r.nextInt(20_000) : r.nextInt();
            ack = r.nextInt();
            window = 500 + r.nextInt(2000);
            tsval = r.nextInt();
            ipId = r.nextInt(0x10000);
            incrementIds = r.nextInt(4) != 0;
            frame.ethernet(!raw).ports(sport, dport).window(window);
            if (r.nextInt(3) == 0) {
                frame.ipv6(0x2001_0DB8_0000_0000L, 1 + index, 0x2001_0DB8_0000_0000L, 0xFFFF);
            } else {
                frame.ipv4(0x0A00_0000L + 1 + index % 3, 0x0A00_00FEL);
            }
            if (r.nextInt(4) == 0) {
                frame.noOptions();
            } else {
                frame.timestamp(tsval, 1 + r.nextInt(1_000_000));
            }
            final int vlan = r.nextInt(6);
            hwVlan = !raw && vlan == 0 ? r.nextInt(4096) : -1;
            if (!raw && vlan == 1) {
                frame.vlan(r.nextInt(4096));
            }
            device = r.nextInt(8) == 0 ? 1 : 0;
        }
    }

    private TrafficGenerator() {
    }

    static Scenario generate(final long seed) {
        final SplittableRandom r = new SplittableRandom(seed);
        final AggregationMode mode = r.nextBoolean() ? AggregationMode.CHAIN : AggregationMode.FRAGMENTS;
        final MergePolicy policy = r.nextBoolean() ? MergePolicy.INET_LRO : MergePolicy.GRO;
        final int[] descriptors = {1, 2, 3, 8, 8, 64};
        final int[] aggregated = {1, 2, 4, 8, 64, 64, 64};
        final LroConfig config = LroConfig.builder().mode(mode).policy(policy)
                .maxDescriptors(descriptors[r.nextInt(descriptors.length)])
                .maxAggregated(aggregated[r.nextInt(aggregated.length)])
                .mtu(r.nextInt(5) == 0 ? 9000 : 1500).build();
        final int maxFragments = r.nextInt(3) == 0 ? 4 + r.nextInt(14) : 17;
        final boolean raw = r.nextInt(8) == 0;
        final List<Flow> flows = new ArrayList<>();
        for (int i = 0, n = 1 + r.nextInt(5); i < n; i++) {
            flows.add(new Flow(r, i, raw));
        }
        final List<Event> events = new ArrayList<>();
        long time = 1_000_000_000L;
        for (int i = 0, n = 10 + r.nextInt(250); i < n; i++) {
            final Flow f = flows.get(r.nextInt(flows.size()));
            time += r.nextInt(20_000);
            final int action = r.nextInt(100);
            if (action < 66) {
                data(r, f, events, time, 0, 0);
            } else if (action < 71) {
                emit(r, f, events, time, f.frame.seq(f.seq).payloadLength(0).flags(TcpHeader.ACK), "ack");
            } else if (action < 74) {
                for (int k = 0, dups = 2 + r.nextInt(2); k < dups; k++) {
                    emit(r, f, events, time, f.frame.seq(f.seq).payloadLength(0).flags(TcpHeader.ACK), "dupack");
                }
            } else if (action < 78 && !f.sentSeqs.isEmpty()) {
                final int k = r.nextInt(f.sentSeqs.size());
                emit(r, f, events, time, f.frame.seq(f.sentSeqs.get(k)).payloadLength(f.sentLengths.get(k))
                        .flags(TcpHeader.ACK), "retransmit");
            } else if (action < 82) {
                // reorder: the next two segments arrive swapped
                final int first = f.seq;
                final int len = segmentLength(r, f);
                f.seq += len;
                data(r, f, events, time, 0, 0);
                emit(r, f, events, time, f.frame.seq(first).payloadLength(len).flags(TcpHeader.ACK), "late");
            } else if (action < 85) {
                f.seq += segmentLength(r, f); // lost
            } else if (action < 87) {
                final byte[] udp = f.frame.seq(0).payloadLength(20).toBytes();
                final int ip = raw ? 0 : (udp[12] & 0xFF) == 0x81 ? 18 : 14;
                if ((udp[ip] & 0xF0) == 0x40) {
                    udp[ip + 9] = 17;
                    udp[ip + 10] = 0;
                    udp[ip + 11] = 0;
                    final java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(udp);
                    new io.lro4j.api.header.Ipv4Header().wrap(b, ip).updateChecksum();
                } else {
                    udp[ip + 6] = 17;
                }
                events.add(new Event(udp, f.hwVlan, f.device, ChecksumState.NONE, new int[0], 0, time, false, "udp"));
            } else if (action < 90) {
                final int[] flags = {TcpHeader.FIN, TcpHeader.URG, TcpHeader.ECE, TcpHeader.CWR, TcpHeader.RST, 0};
                data(r, f, events, time, flags[r.nextInt(flags.length)] | TcpHeader.ACK, 0);
            } else if (action < 92) {
                data(r, f, events, time, 0, 3); // CE
            } else if (action < 93) {
                f.frame.ipOptions(new byte[] {1, 1, 1, 0});
                data(r, f, events, time, 0, 0);
                f.frame.ipOptions(new byte[0]);
            } else if (action < 94) {
                f.frame.flags(0);
                data(r, f, events, time, -1, 0);
            } else {
                data(r, f, events, time, 0, 0);
            }
            if (r.nextInt(12) == 0) {
                events.add(Event.endOfPoll());
            }
        }
        return new Scenario(seed, config, maxFragments, raw, events);
    }

    private static int segmentLength(final SplittableRandom r, final Flow f) {
        return r.nextInt(8) == 0 ? 1 + r.nextInt(f.mss) : f.mss;
    }

    /** A data segment continuing the flow; flags 0 = ACK (with PSH sometimes), -1 = no flags at all. */
    private static void data(final SplittableRandom r, final Flow f, final List<Event> events, final long time,
            final int flags, final int ecn) {
        final int len = segmentLength(r, f);
        if (r.nextInt(5) == 0) {
            f.ack += r.nextInt(3000);
        }
        if (r.nextInt(20) == 0) {
            f.window = 500 + r.nextInt(2000);
        }
        if (r.nextInt(4) == 0) {
            f.tsval += r.nextInt(3);
        }
        int fl = flags == -1 ? 0 : flags == 0 ? TcpHeader.ACK | (r.nextInt(6) == 0 ? TcpHeader.PSH : 0) : flags;
        f.frame.seq(f.seq).payloadLength(len).flags(fl).ack(f.ack).window(f.window).tos(ecn).ipId(f.ipId);
        if (f.frame.tcpHeaderLength() > 20) {
            f.frame.timestamp(f.tsval, r.nextInt(40) == 0 ? 0 : 1 + (f.tsval & 0xFFFF));
        }
        emit(r, f, events, time, f.frame, "data");
        f.frame.tos(0).flags(TcpHeader.ACK);
        f.sentSeqs.add(f.seq);
        f.sentLengths.add(len);
        f.seq += len;
        if (f.incrementIds) {
            f.ipId = (f.ipId + 1) & 0xFFFF;
        }
    }

    private static void emit(final SplittableRandom r, final Flow f, final List<Event> events, final long time,
            final FrameBuilder frame, final String what) {
        final byte[] bytes = frame.toBytes();
        int[] cuts = new int[0];
        if (r.nextInt(5) == 0 && bytes.length > 2) {
            final int n = 1 + r.nextInt(3);
            cuts = r.ints(n, 1, bytes.length).sorted().distinct().toArray();
            if (r.nextInt(4) != 0) {
                cuts[0] = Math.max(cuts[0], Math.min(bytes.length - 1, frame.linkHeaderLength() + frame.ipHeaderLength()
                        + frame.tcpHeaderLength()));
                cuts = java.util.Arrays.stream(cuts).sorted().distinct().toArray();
            }
        }
        final ChecksumState state = r.nextInt(10) == 0 ? ChecksumState.NONE : ChecksumState.UNNECESSARY;
        events.add(new Event(bytes, f.hwVlan, f.device, state, cuts, r.nextInt(3), time, false,
                what + " " + f.sport + " seq=" + Integer.toUnsignedString(frame.seq()) + " len=" + frame.payloadLength()));
    }
}
