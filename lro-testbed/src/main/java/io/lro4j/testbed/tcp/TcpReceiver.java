package io.lro4j.testbed.tcp;

import io.lro4j.api.PacketSink;
import io.lro4j.api.header.FrameBuilder;
import io.lro4j.api.header.TcpHeader;
import io.lro4j.api.packet.Packet;
import io.lro4j.testbed.cpu.CpuMeter;
import io.lro4j.testbed.cpu.Op;
import io.lro4j.xen.hypervisor.Scheduler;
import io.lro4j.xen.hypervisor.Vcpu;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * The receiver's TCP (the guest's or the native kernel's) for one established connection, with Linux
 * 2.6.18's receive rules, and the application reading everything at once:
 * <ul>
 *   <li>in-order data goes to the application (its bytes are checked against the sender's stream by
 *       CRC-32C); data above {@code rcv_nxt} waits in the out-of-order queue and is reported in SACK blocks
 *       (at most three beside the timestamp option, the block holding the newest segment first); data
 *       entirely below {@code rcv_nxt} is a duplicate, reported as a D-SACK block;</li>
 *   <li>delayed ACK ({@code __tcp_ack_snd_check}): ACK at once when more than one full segment
 *       ({@code rcv_mss}) is unacknowledged, in quick-ACK mode (16 quick ACKs at the start, after a
 *       duplicate, and after a silence longer than the RTO), or while the out-of-order queue is not empty;
 *       otherwise arm the delayed-ACK timer (40 ms, {@code TCP_DELACK_MIN}), which runs on the receiving
 *       CPU. With {@link DelayedAck#SEGMENT_COUNTING} the decision is made per segment inside an
 *       aggregate;</li>
 *   <li>every ACK carries the timestamp option (echoing the last in-order segment's TSval) and the
 *       window, fixed at the configured receive window (the application keeps up).</li>
 * </ul>
 * Each packet costs {@link Op#TCP_RX_PACKET}, each byte delivered {@link Op#TCP_RX_BYTE}, each ACK
 * {@link Op#TCP_ACK}, charged to the CPU it runs on. Not thread-safe.
 */
public final class TcpReceiver implements PacketSink {

    /** Sends an ACK frame down the receiving host's stack. */
    @FunctionalInterface
    public interface AckPath {
        /**
         * @param frame the frame
         * @param offset absolute index of its first byte
         * @param length its length
         * @return false if the device dropped it
         */
        boolean send(ByteBuffer frame, int offset, int length);
    }

    private static final long DELACK_NANOS = 40_000_000L;
    private static final long QUICK_AFTER_SILENCE_NANOS = 200_000_000L;
    private static final int MAX_QUICKACKS = 16;
    private static final int MAX_SACK_BLOCKS = 3;

    private final Scheduler scheduler;
    private final Vcpu cpu;
    private final CpuMeter meter;
    private final Endpoints ends;
    private final int rcvMss;
    private final long rcvWnd;
    private final DelayedAck policy;
    private final AckPath ackPath;
    private final ByteBuffer scratch = ByteBuffer.allocate(256 * 1024);
    private final TcpFrame tcp = new TcpFrame();
    private final FrameBuilder builder = new FrameBuilder();
    private final ByteBuffer ackFrame = ByteBuffer.allocate(128);
    private final CRC32C crc = new CRC32C();
    private final TreeMap<Long, byte[]> ofo = new TreeMap<>();
    private final long[] sackStart = new long[MAX_SACK_BLOCKS];
    private final long[] sackEnd = new long[MAX_SACK_BLOCKS];
    private long[] ranges = new long[32];
    private final Runnable delackFire = this::delackTimer;
    private final Runnable delackTask;

    private long rcvNxt;
    private long rcvWup;
    private int quick = MAX_QUICKACKS;
    private int tsRecent;
    private long lastReceive = -1;
    private long newestOfoStart = -1;
    private long dsackStart = -1;
    private long dsackEnd = -1;
    private long delackAt = Long.MAX_VALUE;
    private boolean delackScheduled;

    private long packets;
    private long dataPackets;
    private long segments;
    private long otherPackets;
    private long duplicates;
    private long outOfOrder;
    private long acks;
    private long sackAcks;
    private long delayedAcks;
    private long ackDrops;
    private long bytesDelivered;

    /**
     * @param scheduler the clock
     * @param cpu the CPU the receiver runs on (its delayed-ACK timer too)
     * @param meter charges the CPU
     * @param ends the connection
     * @param rcvMss the receiver's MSS estimate ({@code rcv_mss})
     * @param rcvWnd the advertised receive window in bytes
     * @param policy the delayed-ACK rule
     * @param ackPath where ACKs go
     */
    public TcpReceiver(final Scheduler scheduler, final Vcpu cpu, final CpuMeter meter, final Endpoints ends, final int rcvMss,
            final long rcvWnd, final DelayedAck policy, final AckPath ackPath) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.cpu = Objects.requireNonNull(cpu, "cpu");
        this.meter = Objects.requireNonNull(meter, "meter");
        this.ends = Objects.requireNonNull(ends, "ends");
        if (rcvMss < 64) {
            throw new IllegalArgumentException("rcvMss must be at least 64, was " + rcvMss);
        }
        if (rcvWnd < rcvMss || rcvWnd > (65535L << Endpoints.WINDOW_SCALE)) {
            throw new IllegalArgumentException("receive window must be between the MSS and " + (65535L << Endpoints.WINDOW_SCALE)
                    + " bytes, was " + rcvWnd);
        }
        this.rcvMss = rcvMss;
        this.rcvWnd = rcvWnd;
        this.policy = Objects.requireNonNull(policy, "policy");
        this.ackPath = Objects.requireNonNull(ackPath, "ackPath");
        this.delackTask = () -> {
            if (scheduler.now() >= delackAt && rcvNxt > rcvWup) {
                delayedAcks++;
                sendAck(rcvNxt);
            }
        };
        builder.macs(ends.senderMac(), ends.receiverMac()).ipv4(ends.receiverIp(), ends.senderIp())
                .ports(ends.receiverPort(), ends.senderPort()).payloadLength(0);
    }

    @Override
    public void deliver(final Packet packet) {
        final int length = packet.length();
        if (length > scratch.capacity()) {
            otherPackets++;
            packet.release();
            return;
        }
        packet.copyTo(scratch, 0);
        packet.release();
        packets++;
        meter.charge(Op.TCP_RX_PACKET, 1);
        tcp.wrap(scratch, 0, length);
        if (!tcp.isTcp() || tcp.tcp().destinationPort() != ends.receiverPort() || tcp.tcp().sourcePort() != ends.senderPort()) {
            otherPackets++;
            return;
        }
        final int payload = tcp.payloadLength();
        if (payload == 0) {
            otherPackets++;
            return;
        }
        dataPackets++;
        final int n = (payload + rcvMss - 1) / rcvMss;
        segments += n;
        final long now = scheduler.now();
        if (lastReceive >= 0 && now - lastReceive > QUICK_AFTER_SILENCE_NANOS) {
            quick = MAX_QUICKACKS;
        }
        lastReceive = now;
        final long start = rcvNxt + (tcp.tcp().sequence() - (ends.isn() + (int) rcvNxt));
        final long end = start + payload;
        if (end <= rcvNxt) {
            duplicates++;
            dsackStart = start;
            dsackEnd = end;
            quick = MAX_QUICKACKS;
            sendAck(rcvNxt);
            return;
        }
        if (start > rcvNxt) {
            outOfOrder++;
            final byte[] data = new byte[payload];
            scratch.get(tcp.payloadOffset(), data);
            final byte[] had = ofo.get(start);
            if (had == null || had.length < data.length) {
                ofo.put(start, data);
            }
            newestOfoStart = start;
            sendAck(rcvNxt); // out-of-order data: ACK at once, with SACK
            return;
        }
        tsRecent = tcp.tsval();
        final long before = rcvNxt;
        deliverInOrder(scratch.array(), scratch.arrayOffset() + tcp.payloadOffset() + (int) (rcvNxt - start), end - rcvNxt);
        pullOutOfOrder();
        ackCheck(before, start);
    }

    private void deliverInOrder(final byte[] array, final int offset, final long n) {
        crc.update(array, offset, (int) n);
        rcvNxt += n;
        bytesDelivered += n;
        meter.charge(Op.TCP_RX_BYTE, n);
    }

    private void pullOutOfOrder() {
        Map.Entry<Long, byte[]> e;
        while ((e = ofo.firstEntry()) != null && e.getKey() <= rcvNxt) {
            ofo.pollFirstEntry();
            final long s = e.getKey();
            final byte[] d = e.getValue();
            final long end = s + d.length;
            if (end > rcvNxt) {
                deliverInOrder(d, (int) (rcvNxt - s), end - rcvNxt);
            }
        }
    }

    /** {@code __tcp_ack_snd_check} after in-order data up to {@code rcvNxt} (from {@code before}). */
    private void ackCheck(final long before, final long segmentStart) {
        if (!ofo.isEmpty() || quick > 0) {
            sendAck(rcvNxt);
            return;
        }
        if (policy == DelayedAck.SEGMENT_COUNTING) {
            // Decide at every segment boundary of the new data, as if the segments had come one by one.
            for (long b = segmentStart + rcvMss; b < rcvNxt; b += rcvMss) {
                if (b > before && b - rcvWup > rcvMss) {
                    sendAck(b);
                }
            }
        }
        if (rcvNxt - rcvWup > rcvMss) {
            sendAck(rcvNxt);
        } else if (rcvNxt > rcvWup) {
            delackAt = scheduler.now() + DELACK_NANOS;
            if (!delackScheduled) {
                delackScheduled = true;
                scheduler.at(delackAt, delackFire);
            }
        }
    }

    private void delackTimer() {
        delackScheduled = false;
        if (delackAt == Long.MAX_VALUE) {
            return;
        }
        if (scheduler.now() < delackAt) {
            delackScheduled = true;
            scheduler.at(delackAt, delackFire);
            return;
        }
        cpu.schedule(delackTask);
    }

    private void sendAck(final long ackOffset) {
        meter.charge(Op.TCP_ACK, 1);
        final int blocks = sackBlocks();
        final byte[] options = new byte[12 + (blocks == 0 ? 0 : 4 + 8 * blocks)];
        final ByteBuffer o = ByteBuffer.wrap(options);
        o.put(0, (byte) TcpFrame.OPT_NOP).put(1, (byte) TcpFrame.OPT_NOP).put(2, (byte) TcpFrame.OPT_TIMESTAMP).put(3, (byte) 10);
        o.putInt(4, 1 + (int) (scheduler.now() / 1_000_000)).putInt(8, tsRecent);
        if (blocks > 0) {
            o.put(12, (byte) TcpFrame.OPT_NOP).put(13, (byte) TcpFrame.OPT_NOP).put(14, (byte) TcpFrame.OPT_SACK)
                    .put(15, (byte) (2 + 8 * blocks));
            for (int i = 0; i < blocks; i++) {
                o.putInt(16 + 8 * i, ends.isn() + (int) sackStart[i]).putInt(20 + 8 * i, ends.isn() + (int) sackEnd[i]);
            }
            sackAcks++;
        }
        builder.seq(1).ack(ends.isn() + (int) ackOffset).flags(TcpHeader.ACK).window((int) (rcvWnd >> Endpoints.WINDOW_SCALE))
                .tcpOptions(options);
        final int length = builder.writeTo(ackFrame, 0);
        acks++;
        if (!ackPath.send(ackFrame, 0, length)) {
            ackDrops++;
        }
        rcvWup = Math.max(rcvWup, ackOffset);
        if (quick > 0) {
            quick--;
        }
        if (rcvWup >= rcvNxt) {
            delackAt = Long.MAX_VALUE;
        }
        dsackStart = -1;
    }

    /**
     * Fills the SACK blocks (RFC 2018 as Linux orders them): a D-SACK first, then the out-of-order block
     * holding the newest segment, then the other blocks from the highest down, at most three in all.
     */
    private int sackBlocks() {
        int n = 0;
        if (dsackStart >= 0) {
            sackStart[n] = dsackStart;
            sackEnd[n] = dsackEnd;
            n++;
        }
        int count = 0;
        long s = -1;
        long e = -1;
        for (final Map.Entry<Long, byte[]> en : ofo.entrySet()) {
            final long bs = en.getKey();
            final long be = bs + en.getValue().length;
            if (s >= 0 && bs <= e) {
                e = Math.max(e, be);
                continue;
            }
            if (s >= 0) {
                count = addRange(count, s, e);
            }
            s = bs;
            e = be;
        }
        if (s >= 0) {
            count = addRange(count, s, e);
        }
        int newest = -1;
        for (int i = 0; i < count; i++) {
            if (newestOfoStart >= ranges[2 * i] && newestOfoStart < ranges[2 * i + 1]) {
                newest = i;
            }
        }
        if (newest >= 0 && n < MAX_SACK_BLOCKS) {
            sackStart[n] = ranges[2 * newest];
            sackEnd[n] = ranges[2 * newest + 1];
            n++;
        }
        for (int i = count - 1; i >= 0 && n < MAX_SACK_BLOCKS; i--) {
            if (i != newest) {
                sackStart[n] = ranges[2 * i];
                sackEnd[n] = ranges[2 * i + 1];
                n++;
            }
        }
        return n;
    }

    private int addRange(final int count, final long s, final long e) {
        if (2 * count + 2 > ranges.length) {
            ranges = Arrays.copyOf(ranges, ranges.length * 2);
        }
        ranges[2 * count] = s;
        ranges[2 * count + 1] = e;
        return count + 1;
    }

    // ---------------------------------------------------------------------------------- results

    /** @return the connection it receives */
    public Endpoints endpoints() {
        return ends;
    }

    /** @return bytes delivered to the application in order */
    public long bytesDelivered() {
        return bytesDelivered;
    }

    /** @return CRC-32C of the bytes delivered */
    public int streamCrc() {
        return (int) crc.getValue();
    }

    /** @return packets that reached TCP (the paper's TCP Rx counts the data packets among them) */
    public long packets() {
        return packets;
    }

    /** @return packets carrying data: the TCP-layer packets of the paper's Table V */
    public long dataPackets() {
        return dataPackets;
    }

    /** @return MSS-sized segments inside those packets */
    public long segments() {
        return segments;
    }

    /** @return packets that were not this connection's data */
    public long otherPackets() {
        return otherPackets;
    }

    /** @return duplicate data packets */
    public long duplicates() {
        return duplicates;
    }

    /** @return out-of-order data packets */
    public long outOfOrder() {
        return outOfOrder;
    }

    /** @return ACKs sent */
    public long acks() {
        return acks;
    }

    /** @return ACKs sent with SACK (or D-SACK) blocks */
    public long sackAcks() {
        return sackAcks;
    }

    /** @return ACKs sent by the delayed-ACK timer */
    public long delayedAcks() {
        return delayedAcks;
    }

    /** @return ACKs the device refused */
    public long ackDrops() {
        return ackDrops;
    }
}
