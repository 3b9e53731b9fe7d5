package io.lro4j.testbed.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lro4j.api.header.FrameBuilder;
import io.lro4j.api.header.TcpHeader;
import io.lro4j.api.packet.PacketPool;
import io.lro4j.testbed.cpu.CostModel;
import io.lro4j.testbed.cpu.CpuMeter;
import io.lro4j.xen.hypervisor.Scheduler;
import io.lro4j.xen.hypervisor.Vcpu;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("TcpReceiver: 2.6.18 delayed ACK (quick ACKs, every second segment, 40 ms timer), SACK and D-SACK, aggregates")
class TcpReceiverTest {

    private static final int MSS = 1448;
    private static final long MS = 1_000_000L;
    private static final long WINDOW = 3L << 20;

    /** An ACK the receiver sent: cumulative ACK and SACK blocks as segment numbers. */
    record Ack(long at, long ack, long[] sack, int window, int tsecr) {
    }

    static final class Rig {
        final Scheduler scheduler = new Scheduler();
        final Endpoints ends = Endpoints.of(0x0200_0000_0002L, 0x7FFF_FF00); // sequence numbers wrap in the test
        final PacketPool pool = new PacketPool();
        final List<Ack> acks = new ArrayList<>();
        final TcpFrame frame = new TcpFrame();
        final TcpReceiver receiver;
        int tsval = 1000;

        Rig(final DelayedAck policy) {
            final Vcpu cpu = new Vcpu(scheduler, "receiver");
            final CpuMeter meter = new CpuMeter(scheduler, CostModel.defaults());
            meter.register(cpu);
            receiver = new TcpReceiver(scheduler, cpu, meter, ends, MSS, WINDOW, policy, (b, o, l) -> {
                frame.wrap(b, o, l);
                final long[] sack = new long[2 * frame.sackBlocks()];
                for (int i = 0; i < frame.sackBlocks(); i++) {
                    sack[2 * i] = offset(frame.sackStart(i)) / MSS;
                    sack[2 * i + 1] = offset(frame.sackEnd(i)) / MSS;
                }
                acks.add(new Ack(scheduler.now(), offset(frame.tcp().ack()) / MSS, sack, frame.tcp().window(), frame.tcp().tsecr()));
                return true;
            });
        }

        Rig() {
            this(DelayedAck.PER_PACKET);
        }

        private long offset(final int seq) {
            return seq - ends.isn() & 0xFFFF_FFFFL;
        }

        /** Delivers a packet holding segments [first, first + count) of the stream. */
        void segments(final long first, final int count) {
            final FrameBuilder b = new FrameBuilder().macs(ends.receiverMac(), ends.senderMac())
                    .ipv4(ends.senderIp(), ends.receiverIp()).ports(ends.senderPort(), ends.receiverPort())
                    .seq(ends.isn() + (int) (first * MSS)).ack(1).flags(TcpHeader.ACK).window(1000).timestamp(++tsval, 5)
                    .payloadLength(count * MSS);
            receiver.deliver(b.toPacket(pool));
        }

        void segment(final long k) {
            segments(k, 1);
        }

        /** In-order single segments [from, to), 12 µs apart. */
        void inOrder(final long from, final long to) {
            for (long k = from; k < to; k++) {
                segment(k);
                runFor(12_000);
            }
        }

        void runFor(final long nanos) {
            scheduler.runUntil(scheduler.now() + nanos);
        }

        Ack last() {
            return acks.get(acks.size() - 1);
        }
    }

    @Test
    void acksEachOfTheFirstSixteenPacketsThenEverySecondFullSegment() {
        final Rig r = new Rig();
        r.inOrder(0, 16);
        assertEquals(16, r.acks.size(), "quick-ACK mode at the start of the connection");
        r.inOrder(16, 40);
        assertEquals(16 + 12, r.acks.size());
        assertEquals(40, r.last().ack());
        assertEquals(0, r.receiver.delayedAcks());
        assertEquals(40L * MSS, r.receiver.bytesDelivered());
    }

    @Test
    void aLoneSegmentIsAckedByTheDelayedAckTimerAfterFortyMilliseconds() {
        final Rig r = new Rig();
        r.inOrder(0, 16);
        final long at = r.scheduler.now();
        r.segment(16);
        r.runFor(39 * MS);
        assertEquals(16, r.acks.size(), "one segment is not more than rcv_mss unacknowledged: the ACK waits");
        r.runFor(2 * MS);
        assertEquals(17, r.acks.size());
        assertEquals(1, r.receiver.delayedAcks());
        assertEquals(17, r.last().ack());
        assertEquals(at + 40 * MS, r.last().at(), 5_000, "the timer, then the ACK's own CPU time");
    }

    @Test
    void outOfOrderDataIsAckedAtOnceWithSackBlocksTheNewestFirst() {
        final Rig r = new Rig();
        r.inOrder(0, 20);
        final int before = r.acks.size();
        r.segment(21);
        assertEquals(before + 1, r.acks.size(), "out-of-order data is ACKed at once");
        assertEquals(20, r.last().ack());
        assertArrayEquals(new long[] {21, 22}, r.last().sack());
        r.segment(23);
        r.segment(25);
        assertArrayEquals(new long[] {25, 26, 23, 24, 21, 22}, r.last().sack(), "the newest block first, then the highest");
        r.segment(27);
        assertArrayEquals(new long[] {27, 28, 25, 26, 23, 24}, r.last().sack(), "three blocks beside the timestamps");
        r.segment(22); // joins [21, 22) and [23, 24)
        assertArrayEquals(new long[] {21, 24, 27, 28, 25, 26}, r.last().sack());
        r.segment(20); // fills the first hole: the queue drains to 24
        assertEquals(24, r.last().ack());
        assertArrayEquals(new long[] {27, 28, 25, 26}, r.last().sack(), "still out of order: ACKed at once");
        r.segment(24);
        r.segment(26);
        assertEquals(28, r.last().ack());
        assertEquals(0, r.last().sack().length);
        assertEquals(28L * MSS, r.receiver.bytesDelivered());
        assertEquals(5, r.receiver.outOfOrder());
    }

    @Test
    void aDuplicateIsAckedAtOnceWithADsackBlockFirst() {
        final Rig r = new Rig();
        r.inOrder(0, 20);
        r.segment(30);
        r.segment(5);
        assertEquals(20, r.last().ack());
        assertArrayEquals(new long[] {5, 6, 30, 31}, r.last().sack(), "D-SACK names the duplicate, then the SACK");
        assertEquals(1, r.receiver.duplicates());
        r.segment(31);
        assertArrayEquals(new long[] {30, 32}, r.last().sack(), "a D-SACK is reported once");
    }

    @Test
    void aPacketOverlappingWhatWasReceivedDeliversOnlyItsNewBytes() {
        final Rig r = new Rig();
        r.inOrder(0, 20);
        r.segments(18, 4); // 18 and 19 again, 20 and 21 new
        assertEquals(22L * MSS, r.receiver.bytesDelivered());
        assertEquals(22, r.last().ack());
        assertStreamIsTheSenders(r, 22L * MSS);
    }

    @Test
    void perPacketDelayedAckSendsOneAckForAnAggregate() {
        final Rig r = new Rig(DelayedAck.PER_PACKET);
        r.inOrder(0, 16);
        r.segments(16, 6);
        assertEquals(17, r.acks.size());
        assertEquals(22, r.last().ack());
        assertEquals(6, r.receiver.segments() - 16);
        assertEquals(17, r.receiver.dataPackets());
    }

    @Test
    void segmentCountingDelayedAckAcksEverySecondSegmentInsideAnAggregate() {
        final Rig r = new Rig(DelayedAck.SEGMENT_COUNTING);
        r.inOrder(0, 16);
        r.segments(16, 6);
        assertEquals(16 + 3, r.acks.size());
        assertEquals(List.of(18L, 20L, 22L), r.acks.subList(16, 19).stream().map(Ack::ack).toList());
        r.segments(22, 3); // 22, 23 ACKed; 24 waits for the next segment or the timer
        assertEquals(24, r.last().ack());
        r.runFor(50 * MS);
        assertEquals(25, r.last().ack(), "the odd segment left is ACKed by the timer");
    }

    @Test
    void everyAckEchoesTheLastInOrderTimestampAndAdvertisesTheWindow() {
        final Rig r = new Rig();
        r.inOrder(0, 3);
        assertEquals(r.tsval, r.last().tsecr());
        assertEquals((int) (WINDOW >> Endpoints.WINDOW_SCALE), r.last().window());
        final int inOrderTs = r.tsval;
        r.segment(10);
        assertEquals(inOrderTs, r.last().tsecr(), "an out-of-order segment does not update ts_recent");
    }

    @Test
    void aSilenceLongerThanTheRtoReturnsToQuickAcks() {
        final Rig r = new Rig();
        r.inOrder(0, 20);
        r.runFor(300 * MS);
        final int before = r.acks.size();
        r.inOrder(20, 24);
        assertEquals(before + 4, r.acks.size());
    }

    @Test
    void packetsOfOtherConnectionsAreCountedAndIgnored() {
        final Rig r = new Rig();
        final FrameBuilder other = new FrameBuilder().macs(r.ends.receiverMac(), r.ends.senderMac())
                .ipv4(r.ends.senderIp(), r.ends.receiverIp()).ports(r.ends.senderPort() + 1, r.ends.receiverPort())
                .seq(r.ends.isn()).ack(1).flags(TcpHeader.ACK).payloadLength(100);
        r.receiver.deliver(other.toPacket(r.pool));
        r.receiver.deliver(new FrameBuilder().payloadLength(0).toPacket(r.pool));
        assertEquals(2, r.receiver.otherPackets());
        assertEquals(0, r.receiver.bytesDelivered());
        assertTrue(r.acks.isEmpty());
        assertEquals(0, r.pool.outstanding(), "every packet released");
    }

    private static void assertStreamIsTheSenders(final Rig r, final long bytes) {
        final CRC32C expected = new CRC32C();
        final ByteBuffer b = ByteBuffer.allocate((int) bytes);
        for (int i = 0; i < bytes; i++) {
            b.put(i, FrameBuilder.payloadByte(r.ends.senderPort(), r.ends.receiverPort(), r.ends.isn() + i));
        }
        expected.update(b.array(), 0, (int) bytes);
        assertEquals((int) expected.getValue(), r.receiver.streamCrc());
    }
}
