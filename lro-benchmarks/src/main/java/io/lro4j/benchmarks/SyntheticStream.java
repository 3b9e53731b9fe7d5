package io.lro4j.benchmarks;

import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * The synthetic Ethernet/IPv4/TCP stream of {@code ../shared/perf/dpdk-gro/frames.h}, ported byte for byte so
 * that lro4j and DPDK's GRO see the same traffic (a test compares the two with the C code compiled).
 *
 * <pre>
 *   Ethernet  dst 02:00:00:00:00:02  src 02:00:00:00:00:01  type 0x0800
 *   IPv4      ihl 5, tos 0, tot_len 52+plen, id (1000*f + j) &amp; 0xffff, DF, ttl 64, proto 6, valid checksum,
 *             saddr 10.1.0.0 + f + 1, daddr 10.2.0.1
 *   TCP       sport 40000 + (7*f % 20000), dport 5201, seq isn(f) + j*plen, ack 0x55550000 + f,
 *             doff 8, ACK, window 501, valid checksum, NOP,NOP,TS(0x12340000+f, 0x56780000+f)
 *   payload   byte i of a segment = i*7 + 3 (timed runs)
 * </pre>
 *
 * Stream position k carries flow {@code k % flows}, per-flow index {@code k / flows}; with reordering
 * (scenario F) per-flow indices 8m+6 and 8m+7 are swapped.
 */
public final class SyntheticStream {

    /** Header bytes before the payload: 14 + 20 + 32. */
    public static final int HEADER_LENGTH = 66;
    /** Stream positions in the pre-built header ring, as gro_bench.c's RING. */
    public static final int RING = 4096;

    /** The scenarios of frames.h. */
    public enum Scenario {
        /** 1 flow, 1448 B. */
        A(1, 1448, false),
        /** 4 flows round-robin, 1448 B. */
        B(4, 1448, false),
        /** 64 flows round-robin, 1448 B. */
        C(64, 1448, false),
        /** 1024 flows round-robin, 1448 B. */
        D(1024, 1448, false),
        /** 1 flow, 64 B payload. */
        E(1, 64, false),
        /** 4 flows round-robin, 1448 B, per-flow 8m+6 and 8m+7 swapped. */
        F(4, 1448, true);

        final int flows;
        final int payload;
        final boolean reorder;

        Scenario(final int flows, final int payload, final boolean reorder) {
            this.flows = flows;
            this.payload = payload;
            this.reorder = reorder;
        }

        /** @return flows round-robin */
        public int flows() {
            return flows;
        }

        /** @return TCP payload bytes per segment */
        public int payload() {
            return payload;
        }

        /** @return the frame length */
        public int frameLength() {
            return HEADER_LENGTH + payload;
        }
    }

    private SyntheticStream() {
    }

    static int isn(final int f) {
        return (f + 1) * (int) 2654435761L;
    }

    static int ack(final int f) {
        return 0x55550000 + f;
    }

    static int sourcePort(final int f) {
        return 40000 + (7 * f) % 20000;
    }

    static int sourceAddress(final int f) {
        return 0x0a010000 + f + 1;
    }

    /**
     * The per-flow index of stream position {@code k}.
     *
     * @param flows flows round-robin
     * @param reorder swap per-flow indices 8m+6 and 8m+7
     * @param k the stream position
     * @return the per-flow index j
     */
    static long index(final int flows, final boolean reorder, final long k) {
        long j = k / flows;
        if (reorder) {
            if ((j & 7) == 6) {
                j++;
            } else if ((j & 7) == 7) {
                j--;
            }
        }
        return j;
    }

    /**
     * Writes the whole frame of flow {@code f}, per-flow index {@code j}.
     *
     * @param b a big-endian buffer
     * @param at where the frame starts
     * @param payload payload bytes
     * @param f the flow
     * @param j the per-flow index
     * @return the frame length
     */
    static int buildFrame(final ByteBuffer b, final int at, final int payload, final int f, final long j) {
        final int ip = at + 14;
        final int tcp = ip + 20;
        final int seq = isn(f) + (int) (j * payload);
        b.putInt(at, 0x02000000).putShort(at + 4, (short) 0x0002).putInt(at + 6, 0x02000000)
                .putShort(at + 10, (short) 0x0001).putShort(at + 12, (short) 0x0800);
        b.put(ip, (byte) 0x45).put(ip + 1, (byte) 0).putShort(ip + 2, (short) (20 + 32 + payload))
                .putShort(ip + 4, (short) ((1000L * f + j) & 0xffff)).putShort(ip + 6, (short) 0x4000)
                .put(ip + 8, (byte) 64).put(ip + 9, (byte) 6).putShort(ip + 10, (short) 0)
                .putInt(ip + 12, sourceAddress(f)).putInt(ip + 16, 0x0a020001);
        b.putShort(ip + 10, (short) fold(add(0, b, ip, 20)));
        b.putShort(tcp, (short) sourcePort(f)).putShort(tcp + 2, (short) 5201).putInt(tcp + 4, seq)
                .putInt(tcp + 8, ack(f)).put(tcp + 12, (byte) (8 << 4)).put(tcp + 13, (byte) 0x10)
                .putShort(tcp + 14, (short) 501).putInt(tcp + 16, 0)
                .putInt(tcp + 20, 0x0101080A).putInt(tcp + 24, 0x12340000 + f).putInt(tcp + 28, 0x56780000 + f);
        for (int i = 0; i < payload; i++) {
            b.put(tcp + 32 + i, (byte) (i * 7 + 3));
        }
        long sum = add(0, b, ip + 12, 8) + 6 + 32 + payload;
        sum = add(sum, b, tcp, 32 + payload);
        b.putShort(tcp + 16, (short) fold(sum));
        return HEADER_LENGTH + payload;
    }

    /** frames.h's csum_add: big-endian 16-bit words, the last odd byte as the high byte. */
    private static long add(final long sum, final ByteBuffer b, final int at, final int length) {
        long s = sum;
        int i = 0;
        for (; i + 1 < length; i += 2) {
            s += b.getShort(at + i) & 0xFFFF;
        }
        if ((length & 1) != 0) {
            s += (b.get(at + length - 1) & 0xFF) << 8;
        }
        return s;
    }

    /** frames.h's csum_fold: the complemented 16-bit fold. */
    private static int fold(final long sum) {
        long s = sum;
        while ((s >>> 16) != 0) {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        return (int) (~s & 0xFFFF);
    }

    /**
     * The header ring: the 66-byte headers of stream positions 0 to {@code RING - 1}.
     *
     * @param scenario the scenario
     * @return RING * 66 bytes
     */
    public static ByteBuffer headerRing(final Scenario scenario) {
        return headerRing(scenario.flows, scenario.payload, scenario.reorder, RING);
    }

    /**
     * A header ring of any size.
     *
     * @param flows flows round-robin
     * @param payload payload bytes per segment
     * @param reorder swap per-flow indices 8m+6 and 8m+7
     * @param positions stream positions
     * @return positions * 66 bytes
     */
    public static ByteBuffer headerRing(final int flows, final int payload, final boolean reorder, final int positions) {
        final ByteBuffer ring = ByteBuffer.allocate(positions * HEADER_LENGTH);
        final ByteBuffer frame = ByteBuffer.allocate(HEADER_LENGTH + payload);
        for (int k = 0; k < positions; k++) {
            buildFrame(frame, 0, payload, k % flows, index(flows, reorder, k));
            ring.put(k * HEADER_LENGTH, frame, 0, HEADER_LENGTH);
        }
        return ring;
    }

    /**
     * Parses a scenario letter.
     *
     * @param id "A" to "F"
     * @return the scenario
     */
    public static Scenario scenario(final String id) {
        return Scenario.valueOf(id.trim().toUpperCase(Locale.ROOT));
    }
}
