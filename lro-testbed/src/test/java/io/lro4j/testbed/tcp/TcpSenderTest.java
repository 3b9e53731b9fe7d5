package io.lro4j.testbed.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lro4j.api.header.FrameBuilder;
import io.lro4j.api.header.TcpHeader;
import io.lro4j.testbed.net.Wire;
import io.lro4j.xen.hypervisor.Scheduler;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("TcpSender: slow start per ACK, receive window, fast retransmit, SACK/FACK recovery, RTO")
class TcpSenderTest {

    private static final int MSS = 1448;
    private static final long MS = 1_000_000L;

    /** A segment as it reached the receiver's end of the wire. */
    record Sent(long at, long offset, int length, int tsecr) {
        long segment() {
            return offset / MSS;
        }
    }

    /** The sender on a wire whose far end records what arrives; ACKs are written by the test. */
    static final class Rig {
        final Scheduler scheduler = new Scheduler();
        final Endpoints ends = Endpoints.of(0x0200_0000_0002L, 0x1234_5678);
        final List<Sent> sent = new ArrayList<>();
        final TcpFrame frame = new TcpFrame();
        final CRC32C payload = new CRC32C();
        final Wire wire;
        final TcpSender sender;

        Rig(final long bytes, final int txQueueFrames) {
            wire = new Wire(scheduler, 1_000_000_000L, 0, (b, o, l) -> {
                frame.wrap(b, o, l);
                sent.add(new Sent(scheduler.now(), frame.tcp().sequence() - ends.isn() & 0xFFFF_FFFFL, frame.payloadLength(),
                        frame.tcp().tsecr()));
            });
            sender = new TcpSender(scheduler, wire, ends, bytes, MSS, txQueueFrames, () -> { });
        }

        Rig(final long bytes) {
            this(bytes, 1000);
        }

        /** An ACK of {@code segments} whole segments, the window in bytes, SACK blocks as segment ranges. */
        void ack(final long segments, final long windowBytes, final long... sack) {
            ackBytes(segments * MSS, windowBytes, sack);
        }

        void ackBytes(final long offset, final long windowBytes, final long... sack) {
            final byte[] options = new byte[12 + (sack.length == 0 ? 0 : 4 + 4 * sack.length)];
            final ByteBuffer o = ByteBuffer.wrap(options);
            o.put(0, (byte) 1).put(1, (byte) 1).put(2, (byte) 8).put(3, (byte) 10).putInt(4, 77).putInt(8, 1);
            if (sack.length > 0) {
                o.put(12, (byte) 1).put(13, (byte) 1).put(14, (byte) 5).put(15, (byte) (2 + 4 * sack.length));
                for (int i = 0; i < sack.length; i++) {
                    o.putInt(16 + 4 * i, ends.isn() + (int) (sack[i] * MSS));
                }
            }
            final FrameBuilder b = new FrameBuilder().macs(ends.senderMac(), ends.receiverMac())
                    .ipv4(ends.receiverIp(), ends.senderIp()).ports(ends.receiverPort(), ends.senderPort()).seq(1)
                    .ack(ends.isn() + (int) offset).flags(TcpHeader.ACK).window((int) (windowBytes >> Endpoints.WINDOW_SCALE))
                    .tcpOptions(options).payloadLength(0);
            final ByteBuffer f = ByteBuffer.allocate(b.length());
            sender.receive(f, 0, b.writeTo(f, 0));
        }

        void runFor(final long nanos) {
            scheduler.runUntil(scheduler.now() + nanos);
        }

        long timesSent(final long segment) {
            return sent.stream().filter(s -> s.segment() == segment).count();
        }
    }

    private static final long BIG = 3L << 20;

    @Test
    void startsWithThreeSegmentsAndAddsOneToTheWindowPerAckInSlowStart() {
        final Rig r = new Rig(1 << 20);
        r.sender.start();
        r.runFor(MS);
        assertEquals(3, r.sent.size(), "initial window");
        r.ack(1, BIG);
        r.runFor(MS);
        assertEquals(4, r.sender.cwnd());
        assertEquals(5, r.sent.size(), "one ACK of one segment opens room for two more");
        r.ack(3, BIG);
        r.runFor(MS);
        assertEquals(5, r.sender.cwnd(), "an ACK adds one segment however much it acknowledges (no byte counting)");
        assertEquals(8, r.sent.size());
    }

    @Test
    void neverSendsBeyondTheReceiversWindow() {
        final Rig r = new Rig(1 << 20);
        r.sender.start();
        r.runFor(MS);
        r.ack(1, 23 << Endpoints.WINDOW_SCALE); // 2944 bytes: room for two segments beyond snd_una
        r.runFor(MS);
        assertEquals(3, r.sent.size(), "segments 1 and 2 already fill the window");
        r.ack(2, 23 << Endpoints.WINDOW_SCALE);
        r.runFor(MS);
        assertEquals(4, r.sent.size());
        assertEquals(3, r.sent.get(3).segment());
    }

    @Test
    void threeDuplicateAcksWithoutSackRetransmitTheFirstUnacknowledgedSegment() {
        final Rig r = new Rig(1 << 20);
        r.sender.start();
        r.runFor(MS);
        r.ack(1, BIG); // window 4: segments 1..4 in flight
        r.runFor(MS);
        r.ack(1, BIG);
        r.ack(1, BIG);
        r.runFor(MS);
        assertEquals(0, r.sender.recoveries(), "two duplicates are not yet a loss");
        r.ack(1, BIG);
        r.runFor(MS);
        assertEquals(1, r.sender.recoveries());
        assertEquals(1, r.sender.retransmissions());
        assertEquals(2, r.timesSent(1), "segment 1 resent");
        assertEquals(2, r.sender.ssthresh(), "ssthresh = max(cwnd / 2, 2)");
    }

    @Test
    void oneSackAboveTheReorderingDistanceStartsRecoveryAndMarksTheSegmentsBelowItLost() {
        final Rig r = new Rig(1 << 20);
        r.sender.start();
        r.runFor(MS);
        r.ack(1, BIG);
        r.runFor(MS);
        r.ack(3, BIG);
        r.runFor(MS); // cwnd 5: segments 3..7 in flight
        assertEquals(8, r.sent.size());
        // Segments 3 and 4 lost; 5..7 arrived: one ACK with SACK [5, 8). FACK: highest SACKed (8) - una (3) > 3.
        r.ack(3, BIG, 5, 8);
        r.runFor(MS);
        assertEquals(1, r.sender.recoveries(), "FACK needs no three duplicates");
        assertEquals(2, r.sender.ssthresh(), "ssthresh = max(cwnd / 2, 2)");
        assertEquals(2, r.timesSent(3), "more than 3 below the highest SACKed segment: lost, resent");
        // Nothing is in flight (5 out, 3 SACKed, 2 lost), so rate halving allows in-flight + 1: one segment.
        assertEquals(1, r.timesSent(4), "one retransmission per ACK while nothing is in flight");
        r.ack(4, BIG, 5, 8); // the retransmitted segment 3 arrives
        r.runFor(MS);
        assertEquals(2, r.timesSent(4));
        assertEquals(1, r.timesSent(5), "SACKed segments are never resent");
        r.ack(8, BIG); // everything sent before recovery began is acknowledged
        r.runFor(MS);
        assertEquals(2, r.sender.cwnd(), "recovery ends with cwnd at ssthresh");
        assertEquals(1, r.sender.recoveries());
        assertEquals(2, r.sender.retransmissions());
    }

    @Test
    void aRetransmissionTimeoutFiresOneRtoAfterTheLastAckNotAtTheInitialThreeSeconds() {
        final Rig r = new Rig(1 << 20);
        r.sender.start();
        r.runFor(MS); // segment 0 sent at 0; its ACK at 1 ms gives srtt 1 ms, RTO = 1 ms + 200 ms
        r.ack(1, BIG);
        final long ackAt = r.scheduler.now();
        r.runFor(150 * MS);
        assertEquals(0, r.sender.timeouts());
        r.runFor(100 * MS);
        assertEquals(1, r.sender.timeouts(), "the RTO shrank from 3 s to about 201 ms with the first RTT sample");
        final Sent resent = r.sent.get(5);
        assertEquals(1, resent.segment(), "snd_una is resent first");
        assertEquals(ackAt + 201 * MS, resent.at(), 100_000);
        assertEquals(1, r.sender.cwnd());
        r.runFor(400 * MS);
        assertEquals(2, r.sender.timeouts(), "backed off to twice the RTO");
        assertTrue(r.sent.get(6).at() - resent.at() > 400 * MS);
    }

    @Test
    void afterATimeoutEveryUnsackedSegmentIsResentInSlowStart() {
        final Rig r = new Rig(1 << 20);
        r.sender.start();
        r.runFor(MS);
        r.ack(1, BIG); // segments 1..4 in flight
        r.runFor(MS);
        r.ack(1, BIG, 3, 4); // segment 3 SACKed; 1, 2 and 4 outstanding
        r.runFor(300 * MS);
        assertEquals(1, r.sender.timeouts());
        r.ack(2, BIG, 3, 4);
        r.runFor(MS);
        r.ack(3, BIG, 3, 4);
        r.runFor(MS);
        assertEquals(1, r.timesSent(3), "the SACKed segment is skipped");
        assertEquals(2, r.timesSent(4));
        assertFalse(r.sender.complete());
    }

    @Test
    void completesAgainstAPromptReceiverWithTheStreamItSentAndNoRetransmission() {
        final long bytes = 3_000_000 + 17; // a short last segment
        final Scheduler s = new Scheduler();
        final Endpoints ends = Endpoints.of(0x0200_0000_0002L, 99);
        final TcpFrame f = new TcpFrame();
        final CRC32C received = new CRC32C();
        final TcpSender[] sender = new TcpSender[1];
        final Wire back = new Wire(s, 1_000_000_000L, 5_000, (b, o, l) -> sender[0].receive(b, o, l));
        final ByteBuffer ack = ByteBuffer.allocate(128);
        final long[] next = {0};
        final long[] maxBacklog = {0};
        final int queue = 10;
        final Wire[] out = new Wire[1];
        out[0] = new Wire(s, 1_000_000_000L, 5_000, (b, o, l) -> {
            f.wrap(b, o, l);
            final long at = f.tcp().sequence() - ends.isn() & 0xFFFF_FFFFL;
            assertEquals(next[0], at, "in order, nothing resent");
            received.update(b.array(), b.arrayOffset() + f.payloadOffset(), f.payloadLength());
            next[0] += f.payloadLength();
            final int n = new FrameBuilder().macs(ends.senderMac(), ends.receiverMac()).ipv4(ends.receiverIp(), ends.senderIp())
                    .ports(ends.receiverPort(), ends.senderPort()).seq(1).ack(ends.isn() + (int) next[0]).flags(TcpHeader.ACK)
                    .window(65535).timestamp(5, f.tcp().tsval()).payloadLength(0).writeTo(ack, 0);
            back.send(ack, 0, n);
            maxBacklog[0] = Math.max(maxBacklog[0], out[0].backlogNanos());
        });
        sender[0] = new TcpSender(s, out[0], ends, bytes, MSS, queue, () -> { });
        sender[0].start();
        s.runUntil(10_000 * MS);
        assertTrue(sender[0].complete());
        assertEquals(bytes, next[0]);
        assertEquals(bytes, sender[0].bytesAcked());
        assertEquals(0, sender[0].retransmissions());
        assertEquals((int) received.getValue(), sender[0].streamCrc());
        assertTrue(maxBacklog[0] <= (queue + 1) * out[0].lineNanos(MSS + 66), "the transmit queue holds back: " + maxBacklog[0]);
    }

    @Test
    void echoesTheReceiversLatestTimestamp() {
        final Rig r = new Rig(1 << 20);
        r.sender.start();
        r.runFor(MS);
        assertEquals(1, r.sent.get(0).tsecr(), "the handshake's TSval until the first ACK (never 0: LRO needs TSecr != 0)");
        r.ack(1, BIG);
        r.runFor(MS);
        assertEquals(77, r.sent.get(3).tsecr());
    }
}
