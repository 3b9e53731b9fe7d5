package io.lro4j.testbed.tcp;

import io.lro4j.api.header.FrameBuilder;
import io.lro4j.api.header.TcpHeader;
import io.lro4j.testbed.net.Wire;
import io.lro4j.xen.hypervisor.Scheduler;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * The paper's sender: a bulk TCP sender of the Linux 2.6 era, sending {@code bytes} of a deterministic byte
 * stream over an established connection with timestamps and SACK. Its parts follow Linux 2.6.18's
 * {@code tcp_input.c}/{@code tcp_output.c} with NewReno congestion control:
 * <ul>
 *   <li><b>Window growth per ACK</b> (no appropriate byte counting, {@code tcp_abc = 0}): slow start adds one
 *       segment per ACK that advances {@code snd_una}, congestion avoidance one per window of such ACKs, and
 *       only while the sender is window-limited ({@code tcp_is_cwnd_limited}). So a receiver that ACKs less
 *       often slows the window's growth; that is the link between delayed ACK, LRO and throughput.</li>
 *   <li><b>Loss detection with SACK and FACK</b> ({@code tcp_fack = 1}): recovery starts when the highest
 *       SACKed segment is more than {@code reordering} (3) segments above {@code snd_una} or after three
 *       duplicate ACKs; segments that many below the highest SACKed one are marked lost and retransmitted
 *       first. {@code ssthresh = max(cwnd / 2, 2)}; rate halving lowers the window by one every second ACK
 *       towards it, and never above what is in flight plus one. Recovery ends when {@code snd_una} passes the
 *       highest sequence sent at its start.</li>
 *   <li><b>Retransmission timeout</b>: RTT sampled from ACKs of segments never retransmitted (Karn), RTO =
 *       SRTT + max(4 RTTVAR, 200 ms), doubled per expiry; on expiry {@code cwnd = 1}, every un-SACKed
 *       segment is marked lost and resent in slow start.</li>
 *   <li><b>Sending</b>: while packets in flight ({@code packets_out - sacked_out - lost_out + retrans_out})
 *       are below the window, lost segments first, then new ones within the receiver's window. The sender's
 *       transmit queue holds at most {@code txqueuelen} frames: beyond that it waits, as Linux's TCP does.</li>
 * </ul>
 * Simplifications (documented in docs/paper-reproduction.md): no handshake or teardown; the initial window
 * is three segments; the payload of every segment is whole MSS except the last; D-SACK is read but does
 * not undo; Linux 2.6.18's default congestion control was BIC, the issue asks for NewReno. Not thread-safe.
 */
public final class TcpSender {

    private static final int SACKED = 1;
    private static final int LOST = 2;
    private static final int RETRANS = 4;
    private static final int EVER_RETRANS = 8;
    private static final int CAPACITY = 1 << 16;
    private static final int REORDERING = 3;
    private static final long RTO_MIN = 200_000_000L;
    private static final long RTO_MAX = 120_000_000_000L;
    private static final long RTO_INITIAL = 3_000_000_000L;

    private enum State { OPEN, RECOVERY, LOSS }

    private final Scheduler scheduler;
    private final Wire wire;
    private final Endpoints ends;
    private final long bytes;
    private final int mss;
    private final long segments;
    private final long queueLimitNanos;
    private final Runnable onComplete;
    private final FrameBuilder builder = new FrameBuilder();
    private final ByteBuffer frame = ByteBuffer.allocate(2048);
    private final TcpFrame ack = new TcpFrame();
    private final CRC32C streamCrc = new CRC32C();
    private final byte[] flags = new byte[CAPACITY];
    private final long[] sentAt = new long[CAPACITY];
    private final Runnable rtoTask = this::onRto;
    private final Runnable wakeTask = this::wake;

    private long una;
    private long nxt;
    private int sackedOut;
    private int lostOut;
    private int retransOut;
    private long highestSacked;
    private long lostMarked;
    private long retransHint;
    private State state = State.OPEN;
    private long highSeq;
    private int cwnd = 3;
    private int cwndCnt;
    private int ssthresh = Integer.MAX_VALUE;
    private boolean cwndLimited;
    private int dupAcks;
    private boolean halveNext;
    private long rwnd = 65535;
    // The receiver's last TSval, echoed in TSecr (the handshake's, 1, until the first ACK): LRO refuses
    // segments whose TSecr is 0, as inet_lro does.
    private int tsRecent = 1;
    private long srtt = -1;
    private long rttvar;
    private long rto = RTO_INITIAL;
    private long rtoAt = Long.MAX_VALUE;
    // When the scheduled timer task fires (MAX_VALUE: none). A deadline moved earlier schedules another task;
    // a task that finds it is not the current one does nothing (mod_timer, one event per move).
    private long rtoTimerAt = Long.MAX_VALUE;
    private boolean wakeScheduled;
    private long startNanos = -1;
    private long completeNanos = -1;
    // counters
    private long sent;
    private long retransmitted;
    private long recoveries;
    private long timeouts;
    private long acksReceived;
    private long dupAcksReceived;
    private long sackAcksReceived;

    /**
     * @param scheduler the clock
     * @param wire the wire towards the receiver
     * @param ends the connection
     * @param bytes bytes to send, at least 1
     * @param mss the maximum segment size (1448 with timestamps at MTU 1500)
     * @param txQueueFrames the sender's transmit queue, in full-sized frames ({@code txqueuelen})
     * @param onComplete run once when every byte has been acknowledged
     */
    public TcpSender(final Scheduler scheduler, final Wire wire, final Endpoints ends, final long bytes, final int mss,
            final int txQueueFrames, final Runnable onComplete) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.wire = Objects.requireNonNull(wire, "wire");
        this.ends = Objects.requireNonNull(ends, "ends");
        if (bytes < 1) {
            throw new IllegalArgumentException("bytes must be at least 1, was " + bytes);
        }
        if (mss < 64 || mss > 9000) {
            throw new IllegalArgumentException("mss must be between 64 and 9000, was " + mss);
        }
        if (txQueueFrames < 1) {
            throw new IllegalArgumentException("txQueueFrames must be at least 1, was " + txQueueFrames);
        }
        this.bytes = bytes;
        this.mss = mss;
        this.segments = (bytes + mss - 1) / mss;
        this.queueLimitNanos = txQueueFrames * wire.lineNanos(mss + 66);
        this.onComplete = Objects.requireNonNull(onComplete, "onComplete");
        builder.macs(ends.receiverMac(), ends.senderMac()).ipv4(ends.senderIp(), ends.receiverIp())
                .ports(ends.senderPort(), ends.receiverPort());
    }

    /** Starts sending (the connection is established; the receiver's window is its first ACK's). */
    public void start() {
        startNanos = scheduler.now();
        trySend();
    }

    private int slot(final long segment) {
        return (int) (segment & (CAPACITY - 1));
    }

    private long endOf(final long segment) {
        return Math.min((segment + 1) * mss, bytes);
    }

    private int inFlight() {
        return (int) (nxt - una) - sackedOut - lostOut + retransOut;
    }

    // ------------------------------------------------------------------------------------ sending

    private void trySend() {
        while (true) {
            if (wire.backlogNanos() > queueLimitNanos) {
                if (!wakeScheduled) {
                    wakeScheduled = true;
                    scheduler.at(wire.macClear() - queueLimitNanos, wakeTask);
                }
                return;
            }
            if (inFlight() >= cwnd) {
                cwndLimited = true;
                return;
            }
            final long lost = nextLost();
            if (lost >= 0) {
                transmit(lost);
                flags[slot(lost)] |= RETRANS | EVER_RETRANS;
                retransOut++;
                retransmitted++;
                continue;
            }
            if (nxt < segments && endOf(nxt) - una * mss <= rwnd && nxt - una < CAPACITY) {
                flags[slot(nxt)] = 0;
                transmit(nxt);
                final int payload = (int) (endOf(nxt) - nxt * mss);
                streamCrc.update(frame.array(), frame.arrayOffset() + builder.linkHeaderLength() + builder.ipHeaderLength()
                        + builder.tcpHeaderLength(), payload);
                nxt++;
                continue;
            }
            return;
        }
    }

    private void wake() {
        wakeScheduled = false;
        trySend();
    }

    /** The first segment marked lost and not yet retransmitted, or -1. */
    private long nextLost() {
        if (lostOut == 0) {
            return -1;
        }
        for (long k = Math.max(retransHint, una); k < nxt; k++) {
            final int f = flags[slot(k)];
            if ((f & LOST) != 0 && (f & RETRANS) == 0) {
                retransHint = k + 1;
                return k;
            }
        }
        retransHint = nxt;
        return -1;
    }

    private void transmit(final long segment) {
        final long start = segment * mss;
        final int payload = (int) (endOf(segment) - start);
        final long now = scheduler.now();
        builder.seq(ends.isn() + (int) start).ack(1).flags(TcpHeader.ACK | (segment == segments - 1 ? TcpHeader.PSH : 0))
                .window(Math.min(65535, (4 * 1024 * 1024) >> Endpoints.WINDOW_SCALE))
                .timestamp(1 + (int) (now / 1_000_000), tsRecent).payloadLength(payload);
        final int length = builder.writeTo(frame, 0);
        sentAt[slot(segment)] = now;
        sent++;
        wire.send(frame, 0, length);
        armRto(false);
    }

    // ---------------------------------------------------------------------------------- receiving

    /**
     * An ACK arrives from the receiver.
     *
     * @param buffer the frame's buffer
     * @param offset absolute index of its first byte
     * @param length its length
     */
    public void receive(final ByteBuffer buffer, final int offset, final int length) {
        ack.wrap(buffer, offset, length);
        if (!ack.isTcp() || ack.tcp().destinationPort() != ends.senderPort() || (ack.tcp().flags() & TcpHeader.ACK) == 0) {
            return;
        }
        acksReceived++;
        final int tsval = ack.tsval();
        if (tsval != 0) {
            tsRecent = tsval;
        }
        final long ackOffset = unwrap(ack.tcp().ack());
        final long oldUna = una;
        final long oldRwnd = rwnd;
        rwnd = (long) ack.tcp().window() << Endpoints.WINDOW_SCALE;
        final int blocks = ack.sackBlocks();
        if (blocks > 0) {
            sackAcksReceived++;
            for (int i = 0; i < blocks; i++) {
                markSacked(unwrap(ack.sackStart(i)), unwrap(ack.sackEnd(i)), ackOffset);
            }
        }
        final long acked = ackOffset >= bytes ? segments : Math.min(ackOffset / mss, nxt);
        if (acked > una) {
            advance(acked);
        } else if (ackOffset == una * mss && nxt > una && rwnd == oldRwnd) {
            dupAcks++;
            dupAcksReceived++;
        }
        final boolean advanced = una > oldUna;
        congestionControl(advanced);
        if (una == segments) {
            if (completeNanos < 0) {
                completeNanos = scheduler.now();
                rtoAt = Long.MAX_VALUE;
                onComplete.run();
            }
            return;
        }
        if (advanced) {
            armRto(true);
        }
        trySend();
    }

    /** Maps a 32-bit sequence number to a stream offset near {@code snd_una}. */
    private long unwrap(final int seq) {
        final int base = ends.isn() + (int) (una * mss);
        return una * mss + (seq - base);
    }

    private void markSacked(final long start, final long end, final long ackOffset) {
        if (end <= ackOffset || end <= una * mss) {
            return; // D-SACK or old information
        }
        final long first = Math.max(una, (start + mss - 1) / mss);
        final long last = end >= bytes ? segments : end / mss; // exclusive
        for (long k = first; k < Math.min(last, nxt); k++) {
            final int s = slot(k);
            final int f = flags[s];
            if ((f & SACKED) != 0) {
                continue;
            }
            if ((f & LOST) != 0) {
                lostOut--;
            }
            if ((f & RETRANS) != 0) {
                retransOut--;
            }
            flags[s] = (byte) ((f | SACKED) & ~(LOST | RETRANS));
            sackedOut++;
            highestSacked = Math.max(highestSacked, k + 1);
        }
    }

    private void advance(final long acked) {
        long sample = -1;
        for (long k = una; k < acked; k++) {
            final int s = slot(k);
            final int f = flags[s];
            if ((f & SACKED) != 0) {
                sackedOut--;
            }
            if ((f & LOST) != 0) {
                lostOut--;
            }
            if ((f & RETRANS) != 0) {
                retransOut--;
            }
            if ((f & EVER_RETRANS) == 0) {
                sample = scheduler.now() - sentAt[s];
            }
            flags[s] = 0;
        }
        una = acked;
        dupAcks = 0;
        if (sample >= 0) {
            rttSample(sample);
        }
    }

    private void rttSample(final long rtt) {
        if (srtt < 0) {
            srtt = rtt;
            rttvar = rtt / 2;
        } else {
            rttvar = (3 * rttvar + Math.abs(srtt - rtt)) / 4;
            srtt = (7 * srtt + rtt) / 8;
        }
        rto = Math.min(RTO_MAX, srtt + Math.max(4 * rttvar, RTO_MIN));
    }

    private void congestionControl(final boolean advanced) {
        if (state == State.OPEN && (highestSacked - una > REORDERING || dupAcks >= REORDERING)) {
            state = State.RECOVERY;
            recoveries++;
            ssthresh = Math.max(cwnd / 2, 2);
            highSeq = nxt;
            halveNext = false;
            if (highestSacked <= una) {
                markLost(una); // three duplicate ACKs without SACK information: the first segment
            }
        }
        if (state != State.OPEN && una >= highSeq) {
            if (state == State.RECOVERY) {
                cwnd = Math.max(Math.min(cwnd, ssthresh), 2);
            }
            state = State.OPEN;
            cwndCnt = 0;
        }
        switch (state) {
            case RECOVERY -> {
                markLostByFack();
                if (halveNext && cwnd > ssthresh) {
                    cwnd--;
                }
                halveNext = !halveNext;
                cwnd = Math.max(1, Math.min(cwnd, inFlight() + 1));
            }
            case LOSS -> {
                markLostByFack();
                if (advanced && cwnd < ssthresh) {
                    cwnd++;
                }
            }
            case OPEN -> {
                if (advanced && cwndLimited) {
                    if (cwnd < ssthresh) {
                        cwnd += 1;
                    } else if (++cwndCnt >= cwnd) {
                        cwnd++;
                        cwndCnt = 0;
                    }
                }
            }
        }
        if (advanced) {
            cwndLimited = false;
        }
    }

    private void markLost(final long k) {
        final int s = slot(k);
        if ((flags[s] & (SACKED | LOST)) == 0) {
            flags[s] |= LOST;
            lostOut++;
            retransHint = Math.min(retransHint, k);
        }
    }

    /** FACK: every un-SACKed segment more than {@code reordering} below the highest SACKed one is lost. */
    private void markLostByFack() {
        final long limit = highestSacked - REORDERING;
        for (long k = Math.max(lostMarked, una); k < limit; k++) {
            markLost(k);
        }
        lostMarked = Math.max(lostMarked, limit);
    }

    // ------------------------------------------------------------------------------------ timeout

    private void armRto(final boolean restart) {
        if (una >= nxt) {
            rtoAt = Long.MAX_VALUE;
            return;
        }
        if (restart || rtoAt == Long.MAX_VALUE) {
            rtoAt = scheduler.now() + rto;
            if (rtoAt < rtoTimerAt) {
                rtoTimerAt = rtoAt;
                scheduler.at(rtoAt, rtoTask);
            }
        }
    }

    private void onRto() {
        if (scheduler.now() != rtoTimerAt) {
            return; // superseded by a task for an earlier deadline
        }
        rtoTimerAt = Long.MAX_VALUE;
        if (rtoAt == Long.MAX_VALUE || completeNanos >= 0) {
            return;
        }
        if (scheduler.now() < rtoAt) {
            rtoTimerAt = rtoAt;
            scheduler.at(rtoAt, rtoTask); // re-armed later since: wait for the new deadline
            return;
        }
        timeouts++;
        ssthresh = Math.max(cwnd / 2, 2);
        cwnd = 1;
        cwndCnt = 0;
        state = State.LOSS;
        highSeq = nxt;
        lostOut = 0;
        retransOut = 0;
        for (long k = una; k < nxt; k++) {
            final int s = slot(k);
            if ((flags[s] & SACKED) == 0) {
                flags[s] = (byte) ((flags[s] | LOST) & ~RETRANS);
                lostOut++;
            }
        }
        retransHint = una;
        rto = Math.min(RTO_MAX, rto * 2);
        rtoAt = Long.MAX_VALUE;
        trySend();
        armRto(true);
    }

    // ---------------------------------------------------------------------------------- results

    /** @return bytes to send */
    public long bytes() {
        return bytes;
    }

    /** @return true once every byte is acknowledged */
    public boolean complete() {
        return completeNanos >= 0;
    }

    /** @return when sending started */
    public long startNanos() {
        return startNanos;
    }

    /** @return when the last byte was acknowledged, or -1 */
    public long completeNanos() {
        return completeNanos;
    }

    /** @return bytes acknowledged */
    public long bytesAcked() {
        return Math.min(una * mss, bytes);
    }

    /** @return CRC-32C of the whole stream sent so far (new data only, in order) */
    public int streamCrc() {
        return (int) streamCrc.getValue();
    }

    /** @return data segments sent, retransmissions included */
    public long segmentsSent() {
        return sent;
    }

    /** @return retransmissions */
    public long retransmissions() {
        return retransmitted;
    }

    /** @return fast recoveries entered */
    public long recoveries() {
        return recoveries;
    }

    /** @return retransmission timeouts */
    public long timeouts() {
        return timeouts;
    }

    /** @return ACKs received */
    public long acksReceived() {
        return acksReceived;
    }

    /** @return duplicate ACKs received */
    public long duplicateAcks() {
        return dupAcksReceived;
    }

    /** @return ACKs received carrying SACK blocks */
    public long sackAcks() {
        return sackAcksReceived;
    }

    /** @return the congestion window in segments */
    public int cwnd() {
        return cwnd;
    }

    /** @return the slow-start threshold in segments */
    public int ssthresh() {
        return ssthresh;
    }
}
