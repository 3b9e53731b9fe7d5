package io.lro4j.conformance;

import io.lro4j.api.header.FrameBuilder;
import io.lro4j.api.header.TcpHeader;
import io.lro4j.spi.Capability;
import io.lro4j.spi.DriverCapabilities;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded generator of the frames a driver receives: a few TCP flows (IPv4, and IPv6 if the driver claims
 * it; some with an in-band 802.1Q tag if it receives {@link Capability#ETHERNET Ethernet}; some without
 * timestamps, some with a small MSS) carrying in-order data with PSH, ACK and window changes, pure and
 * duplicate ACKs, retransmissions, reordering, losses, SYN/FIN/RST/URG/ECE/CWR, segments without ACK, CE
 * marks, IPv4 options, corrupted segments, UDP and ARP frames, and poll boundaries. The same seed always
 * gives the same {@link Traffic}; driver authors reuse it in their own tests.
 *
 * <pre>{@code
 * Traffic t = TrafficGenerator.forDriver(provider.capabilities()).generate(42);
 * for (TrafficEvent e : t.events()) { if (e.isPoll()) driver.poll(); else driver.frame(e.frame()); }
 * }</pre>
 */
public final class TrafficGenerator {

    private final boolean ipv6;
    private final boolean vlans;
    private final int maxEvents;

    private TrafficGenerator(final boolean ipv6, final boolean vlans, final int maxEvents) {
        this.ipv6 = ipv6;
        this.vlans = vlans;
        this.maxEvents = maxEvents;
    }

    /**
     * A generator of traffic that a driver with these capabilities must handle (IPv6 only if it claims it,
     * 802.1Q tags only if it receives Ethernet).
     *
     * @param capabilities the driver's capabilities
     * @return the generator
     */
    public static TrafficGenerator forDriver(final DriverCapabilities capabilities) {
        return new TrafficGenerator(capabilities.has(Capability.IPV6), capabilities.has(Capability.ETHERNET), 250);
    }

    /**
     * @param events the most frames per generated traffic (at least 10)
     * @return a generator like this one with that bound
     */
    public TrafficGenerator maxEvents(final int events) {
        if (events < 10) {
            throw new IllegalArgumentException("maxEvents must be at least 10, was " + events);
        }
        return new TrafficGenerator(ipv6, vlans, events);
    }

    /** One flow's sender state. */
    private static final class Flow {
        final FrameBuilder frame = new FrameBuilder();
        final String name;
        int mss;
        final boolean incrementIds;
        final List<int[]> sent = new ArrayList<>();
        int seq;
        int ack;
        int window;
        int tsval;
        int ipId;

        Flow(final SplittableRandom r, final int index, final boolean ipv6, final boolean vlans) {
            final int sport = 1024 + r.nextInt(60000);
            final int dport = r.nextBoolean() ? 80 : 5201;
            mss = r.nextInt(10) == 0 ? 1 + r.nextInt(600) : Frames.MSS;
            seq = r.nextInt(8) == 0 ? -1 - r.nextInt(20_000) : r.nextInt();
            ack = r.nextInt();
            window = 500 + r.nextInt(2000);
            tsval = r.nextInt();
            ipId = r.nextInt(0x10000);
            incrementIds = r.nextInt(4) != 0;
            frame.ports(sport, dport).window(window);
            final boolean v6 = ipv6 && r.nextInt(3) == 0;
            if (v6) {
                mss = Math.min(mss, Frames.MSS_IPV6); // full-sized frames fit a 1500-byte MTU, as on a real link
                frame.ipv6(0x2001_0DB8_0000_0000L, 1 + index, 0x2001_0DB8_0000_0000L, 0xFFFF);
            } else {
                frame.ipv4(0x0A00_0000L + 1 + index % 3, 0x0A00_00FEL);
            }
            if (r.nextInt(4) == 0) {
                frame.noOptions();
            } else {
                frame.timestamp(tsval, 1 + r.nextInt(1_000_000));
            }
            // The tag is drawn whether the driver gets it or not, so that a seed gives every driver the same flows.
            final int tci = r.nextInt(5) == 0 ? 1 + r.nextInt(4094) : -1;
            final boolean tagged = tci > 0 && vlans;
            if (tagged) {
                frame.vlan(tci);
            }
            name = (v6 ? "v6 " : "") + (tagged ? "vlan " : "") + sport + ">" + dport;
        }
    }

    /**
     * Generates traffic.
     *
     * @param seed the seed
     * @return the traffic the seed stands for
     */
    public Traffic generate(final long seed) {
        final SplittableRandom r = new SplittableRandom(seed);
        final List<Flow> flows = new ArrayList<>();
        for (int i = 0, n = 1 + r.nextInt(5); i < n; i++) {
            flows.add(new Flow(r, i, ipv6, vlans));
        }
        final List<TrafficEvent> events = new ArrayList<>();
        for (int i = 0, n = 10 + r.nextInt(maxEvents - 9); i < n; i++) {
            final Flow f = flows.get(r.nextInt(flows.size()));
            final int action = r.nextInt(100);
            if (action < 64) {
                data(r, f, events, 0, 0);
            } else if (action < 69) {
                emit(events, f, f.frame.seq(f.seq).payloadLength(0).flags(TcpHeader.ACK), "ack");
            } else if (action < 72) {
                for (int k = 0, dups = 2 + r.nextInt(2); k < dups; k++) {
                    emit(events, f, f.frame.seq(f.seq).payloadLength(0).flags(TcpHeader.ACK), "dupack");
                }
            } else if (action < 76 && !f.sent.isEmpty()) {
                final int[] old = f.sent.get(r.nextInt(f.sent.size()));
                emit(events, f, f.frame.seq(old[0]).payloadLength(old[1]).flags(TcpHeader.ACK), "retransmit");
            } else if (action < 80) {
                // reordering: the next two segments arrive swapped
                final int first = f.seq;
                final int len = segmentLength(r, f);
                f.seq += len;
                data(r, f, events, 0, 0);
                emit(events, f, f.frame.seq(first).payloadLength(len).flags(TcpHeader.ACK), "late");
            } else if (action < 83) {
                f.seq += segmentLength(r, f); // lost
            } else if (action < 85) {
                events.add(TrafficEvent.frame(Frames.udp(f.frame.seq(0).payloadLength(20)), "udp " + f.name));
            } else if (action < 86) {
                events.add(TrafficEvent.frame(Frames.arp(), "arp"));
            } else if (action < 89) {
                final int[] flags = {TcpHeader.FIN, TcpHeader.SYN, TcpHeader.URG, TcpHeader.ECE, TcpHeader.CWR,
                    TcpHeader.RST};
                data(r, f, events, flags[r.nextInt(flags.length)] | TcpHeader.ACK, 0);
            } else if (action < 91) {
                data(r, f, events, 0, 3); // CE
            } else if (action < 92) {
                // 4 option bytes: a full-sized segment shrinks by as much, or it would not fit the MTU
                final int mss = f.mss;
                f.mss = Math.max(1, mss - 4);
                f.frame.ipOptions(new byte[] {1, 1, 1, 0});
                data(r, f, events, 0, 0);
                f.frame.ipOptions(new byte[0]);
                f.mss = mss;
            } else if (action < 93) {
                data(r, f, events, -1, 0);
            } else if (action < 94) {
                f.frame.badTcpChecksum(true);
                data(r, f, events, 0, 0);
                f.frame.badTcpChecksum(false);
            } else {
                data(r, f, events, 0, 0);
            }
            if (r.nextInt(12) == 0) {
                events.add(TrafficEvent.poll());
            }
        }
        return new Traffic(seed, List.copyOf(events));
    }

    private static int segmentLength(final SplittableRandom r, final Flow f) {
        return r.nextInt(8) == 0 ? 1 + r.nextInt(f.mss) : f.mss;
    }

    /** A data segment continuing the flow; flags 0 = ACK (PSH sometimes), -1 = no flags at all. */
    private static void data(final SplittableRandom r, final Flow f, final List<TrafficEvent> events, final int flags,
            final int ecn) {
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
        final int fl = flags == -1 ? 0 : flags == 0 ? TcpHeader.ACK | (r.nextInt(6) == 0 ? TcpHeader.PSH : 0) : flags;
        f.frame.seq(f.seq).payloadLength(len).flags(fl).ack(f.ack).window(f.window).tos(ecn).ipId(f.ipId);
        if (f.frame.tcpHeaderLength() > TcpHeader.MIN_LENGTH) {
            f.frame.timestamp(f.tsval, r.nextInt(40) == 0 ? 0 : 1 + (f.tsval & 0xFFFF));
        }
        emit(events, f, f.frame, "data");
        f.frame.tos(0).flags(TcpHeader.ACK);
        f.sent.add(new int[] {f.seq, len});
        f.seq += len;
        if (f.incrementIds) {
            f.ipId = (f.ipId + 1) & 0xFFFF;
        }
    }

    private static void emit(final List<TrafficEvent> events, final Flow f, final FrameBuilder frame, final String what) {
        final byte[] bytes = frame.toBytes();
        final int flags = bytes[frame.linkHeaderLength() + frame.ipHeaderLength() + TcpHeader.FLAGS_OFFSET] & 0xFF;
        events.add(TrafficEvent.frame(bytes, what + " " + f.name + " seq=" + Integer.toUnsignedString(frame.seq())
                + " len=" + frame.payloadLength() + " flags=0x" + Integer.toHexString(flags)));
    }
}
