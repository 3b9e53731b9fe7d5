package io.lro4j.testbed.net;

import io.lro4j.api.packet.Packet;
import io.lro4j.testbed.tcp.TcpSender;
import io.lro4j.xen.XenMachine;
import io.lro4j.xen.hypervisor.Vcpu;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The driver domain's own IP stack as its local TCP sender sees it: frames the sender's shaper hands over
 * ({@link #send}) wait in a queue that a task on Domain-0's CPU drains into netloop
 * ({@link XenMachine#sendFromDriverDomain}), so netloop, the bridge, netback and the grant copies are charged to
 * that CPU as the real path's softirq would be; what the bridge sends to Domain-0 ({@link #deliver}, the guest's
 * ACKs) goes to the sender. Frames are copied into reused buffers.
 */
public final class DriverDomainStack {

    private static final int BUFFER = 2048;

    private final XenMachine machine;
    private final Vcpu cpu;
    private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
    private final ByteBuffer scratch = ByteBuffer.allocate(BUFFER);
    private final Runnable drain = this::drain;
    private boolean scheduled;
    private @Nullable TcpSender sender;
    private long otherPackets;

    /**
     * @param machine the machine whose driver domain this is
     */
    public DriverDomainStack(final XenMachine machine) {
        this.machine = Objects.requireNonNull(machine, "machine");
        this.cpu = machine.driverDomain().vcpu();
    }

    /**
     * @param s the local sender, which gets the ACKs
     */
    public void connect(final TcpSender s) {
        this.sender = Objects.requireNonNull(s, "sender");
    }

    /**
     * The local sender transmits a frame (a {@link Wire.Receiver}).
     *
     * @param frame the frame
     * @param offset absolute index of its first byte
     * @param length its length, at most 2048 bytes
     */
    public void send(final ByteBuffer frame, final int offset, final int length) {
        if (length > BUFFER) {
            throw new IllegalArgumentException("a local frame is at most " + BUFFER + " bytes, was " + length);
        }
        ByteBuffer b = free.poll();
        if (b == null) {
            b = ByteBuffer.allocate(BUFFER);
        }
        b.clear();
        b.put(0, frame, offset, length).limit(length);
        pending.add(b);
        if (!scheduled) {
            scheduled = true;
            cpu.schedule(drain);
        }
    }

    private void drain() {
        scheduled = false;
        ByteBuffer b;
        while ((b = pending.poll()) != null) {
            machine.sendFromDriverDomain(b, 0, b.limit(), 0);
            free.add(b);
        }
    }

    /**
     * What the bridge sends to the driver domain: a frame for the local sender, anything else dropped.
     *
     * @param packet the packet; released
     */
    public void deliver(final Packet packet) {
        final TcpSender s = sender;
        final int length = packet.length();
        if (s == null || length > BUFFER) {
            otherPackets++;
            packet.release();
            return;
        }
        packet.copyTo(scratch, 0);
        packet.release();
        s.receive(scratch, 0, length);
    }

    /** @return packets the driver domain's stack received that were not for the local sender */
    public long otherPackets() {
        return otherPackets;
    }
}
