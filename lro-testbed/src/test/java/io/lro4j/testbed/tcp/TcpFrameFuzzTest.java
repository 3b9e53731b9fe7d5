package io.lro4j.testbed.tcp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.lro4j.api.header.FrameBuilder;
import io.lro4j.api.header.TcpHeader;
import io.lro4j.api.packet.Packet;
import io.lro4j.api.packet.PacketPool;
import io.lro4j.testbed.cpu.CostModel;
import io.lro4j.testbed.cpu.CpuMeter;
import io.lro4j.testbed.net.Wire;
import io.lro4j.xen.hypervisor.Scheduler;
import io.lro4j.xen.hypervisor.Vcpu;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing of the testbed's TCP parsing: {@link TcpFrame} over any bytes (well-formed frames
 * with damaged bytes and options, or garbage), and the same frames as ACKs to a sending {@link TcpSender} and
 * as data to a {@link TcpReceiver}. Nothing may throw; what the view reports lies inside the frame; the
 * receiver never delivers more than arrived in order.
 */
class TcpFrameFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void fuzzTcpFrame(final FuzzedDataProvider data) {
        final Scheduler s = new Scheduler();
        final Endpoints ends = Endpoints.of(0x0200_0000_0002L, data.consumeInt());
        final Wire wire = new Wire(s, 1_000_000_000L, 0, (b, o, l) -> { });
        final TcpSender sender = new TcpSender(s, wire, ends, 1 << 20, 1448, 100, () -> { });
        final Vcpu cpu = new Vcpu(s, "rx");
        final CpuMeter meter = new CpuMeter(s, CostModel.defaults());
        meter.register(cpu);
        final TcpReceiver receiver = new TcpReceiver(s, cpu, meter, ends, 1448, 1 << 20, DelayedAck.SEGMENT_COUNTING,
                (b, o, l) -> true);
        final PacketPool pool = new PacketPool();
        final TcpFrame view = new TcpFrame();
        sender.start();
        for (int n = 0; n < 16 && data.remainingBytes() > 4; n++) {
            final byte[] frame;
            if (data.consumeBoolean()) {
                frame = data.consumeBytes(data.consumeInt(0, 200));
            } else {
                final boolean toSender = data.consumeBoolean();
                final FrameBuilder b = new FrameBuilder().macs(0, 0)
                        .ipv4(toSender ? ends.receiverIp() : ends.senderIp(), toSender ? ends.senderIp() : ends.receiverIp())
                        .ports(toSender ? ends.receiverPort() : ends.senderPort(), toSender ? ends.senderPort() : ends.receiverPort())
                        .seq(ends.isn() + data.consumeInt(-5000, 50_000)).ack(ends.isn() + data.consumeInt(-5000, 50_000))
                        .flags(TcpHeader.ACK).window(data.consumeInt(0, 65535))
                        .tcpOptions(options(data)).payloadLength(data.consumeInt(0, 3000));
                frame = b.toBytes();
                for (int i = 0, k = data.consumeInt(0, 4); i < k && frame.length > 0; i++) {
                    frame[data.consumeInt(0, frame.length - 1)] = data.consumeByte();
                }
            }
            final ByteBuffer buffer = ByteBuffer.wrap(frame);
            view.wrap(buffer, 0, frame.length);
            if (view.isTcp()) {
                assertTrue(view.payloadOffset() >= 0 && view.payloadOffset() + view.payloadLength() <= frame.length);
                view.tsval();
                for (int i = 0; i < view.sackBlocks(); i++) {
                    view.sackStart(i);
                    view.sackEnd(i);
                }
            }
            sender.receive(buffer, 0, frame.length);
            final Packet p = pool.acquire(Math.max(1, frame.length));
            p.putHead(buffer, 0, frame.length);
            receiver.deliver(p);
            s.runUntil(s.now() + data.consumeLong(0, 300_000_000L));
        }
        assertTrue(receiver.bytesDelivered() >= 0);
        assertTrue(sender.bytesAcked() >= 0 && sender.bytesAcked() <= 1 << 20);
    }

    /** Up to 40 option bytes, a multiple of 4 (short input padded with EOL). */
    private static byte[] options(final FuzzedDataProvider data) {
        final int n = 4 * data.consumeInt(0, 10);
        return Arrays.copyOf(data.consumeBytes(n), n);
    }
}
