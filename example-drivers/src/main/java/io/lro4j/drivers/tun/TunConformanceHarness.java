package io.lro4j.drivers.tun;

import io.lro4j.api.LroConfig;
import io.lro4j.api.LroStats;
import io.lro4j.api.PacketSink;
import io.lro4j.api.header.EthernetHeader;
import io.lro4j.api.packet.BufferPool;
import io.lro4j.api.packet.ChecksumState;
import io.lro4j.api.packet.Packet;
import io.lro4j.drivers.tun.internal.Syscalls;
import io.lro4j.spi.LroDriver;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The TUN driver as the conformance kit drives it: every frame goes through the Linux kernel and comes out of a
 * real TUN device, which {@link TunReceiver} reads as it reads any packet. The device is made in a private
 * network namespace ({@link IsolatedNetwork}), brought up with a 65,535-byte MTU, and fed through an
 * {@code AF_PACKET} raw socket bound to nothing: {@link #receiveFrame} strips the frame's Ethernet header, sends
 * the IP packet (or ARP, or anything else) out of the TUN with the frame's EtherType, and waits until the
 * receiver has read it back from the device's queue, so frames arrive one at a time and in order.
 *
 * <p>A TUN carries no link layer, so the harness keeps each frame's Ethernet header by its arrival time and puts
 * the header back in front of what the stack receives (for an aggregate, which carries its last segment's arrival
 * time, that segment's header: the kit's frames of a flow share one), moving the header offsets by its length.
 * Frames with an 802.1Q tag are refused: the driver does not claim {@code ETHERNET}, so the kit sends none.
 */
final class TunConformanceHarness implements LroDriver {

    /** {@code SIOCGIFINDEX}. */
    private static final int SIOCGIFINDEX = 0x8933;
    /** {@code SIOCSIFMTU}. */
    private static final int SIOCSIFMTU = 0x8922;
    /** {@code SIOCGIFFLAGS}. */
    private static final int SIOCGIFFLAGS = 0x8913;
    /** {@code SIOCSIFFLAGS}. */
    private static final int SIOCSIFFLAGS = 0x8914;
    private static final short IFF_UP = 0x1;
    /** Where {@code struct ifreq}'s union (ifindex, MTU, flags) starts: after the name. */
    private static final int IFREQ_UNION = TunDevice.IFNAMSIZ;
    private static final int IFREQ_LENGTH = 40;
    /** {@code sizeof(struct sockaddr_ll)}. */
    private static final int SOCKADDR_LL_LENGTH = 20;
    /** {@code sll_protocol}, big-endian, after the native-order {@code sll_family}. */
    private static final int SLL_PROTOCOL = 2;
    /** {@code sll_ifindex}, native order. */
    private static final int SLL_IFINDEX = 4;
    private static final int MTU = 65_535;
    private static final int ETHERNET = EthernetHeader.LENGTH;
    /** How long a frame may take to come out of the device: far longer than the microseconds it takes. */
    private static final int DEADLINE_MILLIS = 5_000;

    private final TunReceiver receiver;
    private final PacketSink stack;
    private final Syscalls sys;
    private final int socket;
    private final BufferPool heads = new BufferPool();
    private final Map<Long, byte[]> linkHeaders = new HashMap<>();
    private final int[] fds = new int[1];
    private final short[] revents = new short[1];
    private final byte[] sockaddr = new byte[SOCKADDR_LL_LENGTH];
    private boolean closed;

    private TunConformanceHarness(final TunDevice device, final int socket, final int ifindex, final LroConfig config,
            final PacketSink stack) {
        this.sys = device.syscalls();
        this.socket = socket;
        this.stack = stack;
        this.fds[0] = device.openFd();
        final ByteBuffer to = ByteBuffer.wrap(sockaddr).order(ByteOrder.nativeOrder());
        to.putShort(0, (short) Syscalls.AF_PACKET).putInt(SLL_IFINDEX, ifindex);
        this.receiver = TunReceiver.owning(device, config, this::restoreLinkHeader);
    }

    /**
     * Creates a TUN device and its sending socket in the private namespace and brings the device up.
     *
     * @param config the LRO configuration
     * @param stack where packets go, Ethernet headers restored
     * @return the harness
     * @throws IOException naming the step that failed
     */
    static TunConformanceHarness open(final LroConfig config, final PacketSink stack) throws IOException {
        return IsolatedNetwork.call(() -> {
            final TunDevice device = TunDevice.open("");
            final Syscalls sys = device.syscalls();
            final int socket = sys.socket(Syscalls.AF_PACKET, Syscalls.SOCK_RAW | Syscalls.SOCK_CLOEXEC, 0);
            if (socket < 0) {
                device.close();
                throw new IOException("socket(AF_PACKET, SOCK_RAW) failed: " + TunDevice.describe(sys, -socket));
            }
            try {
                final int ifindex = ifreq(sys, socket, device.name(), SIOCGIFINDEX, "SIOCGIFINDEX", 0).getInt(IFREQ_UNION);
                ifreq(sys, socket, device.name(), SIOCSIFMTU, "SIOCSIFMTU " + MTU, MTU);
                final short flags = ifreq(sys, socket, device.name(), SIOCGIFFLAGS, "SIOCGIFFLAGS", 0).getShort(IFREQ_UNION);
                ifreq(sys, socket, device.name(), SIOCSIFFLAGS, "SIOCSIFFLAGS up", flags | IFF_UP);
                return new TunConformanceHarness(device, socket, ifindex, config, stack);
            } catch (final IOException | RuntimeException e) {
                sys.close(socket);
                device.close();
                throw e;
            }
        });
    }

    /**
     * One {@code ioctl} on an interface: the name, and {@code value} as the union's int (its low half as a
     * short, in native order, is also the flags field).
     */
    private static ByteBuffer ifreq(final Syscalls sys, final int socket, final String name, final int request,
            final String what, final int value) throws IOException {
        final byte[] req = new byte[IFREQ_LENGTH];
        final byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(n, 0, req, 0, n.length);
        final ByteBuffer b = ByteBuffer.wrap(req).order(ByteOrder.nativeOrder());
        b.putInt(IFREQ_UNION, value);
        final int r = sys.ioctlIfreq(socket, request, req);
        if (r < 0) {
            throw new IOException(what + " on " + name + " failed: " + TunDevice.describe(sys, -r));
        }
        return b;
    }

    /**
     * Sends the frame's payload out of the TUN and reads it back from the device into LRO.
     *
     * @throws IllegalArgumentException if the frame has no payload after its Ethernet header, or an 802.1Q tag
     * @throws IllegalStateException if the kernel refused it or it did not come out of the device
     */
    @Override
    public void receiveFrame(final ByteBuffer frame, final int offset, final int length, final long timestampNanos) {
        checkOpen();
        if (length <= ETHERNET) {
            throw new IllegalArgumentException("the tun driver receives IP packets: a frame of " + length
                    + " bytes has nothing after its " + ETHERNET + "-byte Ethernet header");
        }
        final int etherType = frame.getShort(offset + EthernetHeader.ETHER_TYPE_OFFSET) & 0xFFFF;
        if (etherType == EthernetHeader.TPID_8021Q || etherType == EthernetHeader.TPID_8021AD) {
            throw new IllegalArgumentException("the tun driver has no link layer to carry an 802.1Q tag (EtherType 0x"
                    + Integer.toHexString(etherType) + "); it does not claim ETHERNET");
        }
        final byte[] header = new byte[ETHERNET];
        frame.get(offset, header);
        if (linkHeaders.put(timestampNanos, header) != null) {
            throw new IllegalArgumentException("two frames arrived at " + timestampNanos
                    + " ns: the harness tells them apart by arrival time");
        }
        final byte[] packet = new byte[length - ETHERNET];
        frame.get(offset + ETHERNET, packet);
        send(packet, etherType);
        awaitFromDevice(packet.length, timestampNanos);
    }

    private void send(final byte[] packet, final int etherType) {
        sockaddr[SLL_PROTOCOL] = (byte) (etherType >>> 8); // network byte order
        sockaddr[SLL_PROTOCOL + 1] = (byte) etherType;
        final int n = sys.sendto(socket, packet, 0, packet.length, sockaddr);
        if (n != packet.length) {
            throw new IllegalStateException("sending " + packet.length + " bytes out of " + receiver.device().name()
                    + " failed: " + (n < 0 ? TunDevice.describe(sys, -n) : "sent " + n));
        }
    }

    /** Reads the device until the packet just sent is in LRO: nothing else goes through the namespace. */
    private void awaitFromDevice(final int length, final long timestampNanos) {
        final long deadline = System.nanoTime() + DEADLINE_MILLIS * 1_000_000L;
        try {
            int read;
            while ((read = receiver.receiveNext(timestampNanos)) <= 0) {
                if (read == 0) {
                    continue; // a header without a packet, dropped by the receiver
                }
                final long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    throw new IllegalStateException("a " + length + "-byte packet sent out of " + receiver.device().name()
                            + " did not come out of the device within " + DEADLINE_MILLIS + " ms");
                }
                final int r = sys.pollIn(fds, 1, revents, (int) left);
                if (r < 0 && r != -Syscalls.EINTR) {
                    throw new IllegalStateException("poll on " + receiver.device().name() + " failed: "
                            + TunDevice.describe(sys, -r));
                }
            }
            if (read != length) {
                throw new IllegalStateException("sent " + length + " bytes out of " + receiver.device().name()
                        + " but read a packet of " + read);
            }
        } catch (final IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Puts the Ethernet header the frame arrived with back in front of what the receiver delivers. */
    private void restoreLinkHeader(final Packet p) {
        final byte[] header = linkHeaders.remove(p.timestampNanos());
        if (header == null) {
            p.release();
            throw new IllegalStateException("the tun driver delivered a packet with arrival time " + p.timestampNanos()
                    + " ns, which no frame had");
        }
        final int length = p.headLength();
        final ByteBuffer head = heads.acquire(ETHERNET + length);
        head.put(0, header).put(ETHERNET, p.headBuffer(), p.headOffset(), length);
        final int network = p.networkHeader();
        final int transport = p.transportHeader();
        final int start = p.checksumStart();
        final int field = p.checksumOffset();
        p.setHead(head, 0, ETHERNET + length, heads);
        p.headers(ByteBuffer.wrap(header).getShort(EthernetHeader.ETHER_TYPE_OFFSET) & 0xFFFF, 0, shifted(network),
                shifted(transport));
        if (p.checksumState() == ChecksumState.PARTIAL) {
            p.checksumPartial(start + ETHERNET, field);
        }
        stack.deliver(p);
    }

    private static int shifted(final int offset) {
        return offset < 0 ? offset : offset + ETHERNET;
    }

    @Override
    public void endPoll() {
        checkOpen();
        receiver.endPoll();
    }

    @Override
    public LroStats lroStats() {
        return receiver.lroStats();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the tun conformance harness of " + receiver.device().name() + " is closed");
        }
    }

    /** Delivers what LRO holds, then closes the device and the socket. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                receiver.close();
            } finally {
                sys.close(socket);
            }
        }
    }

    /** @return the TUN interface's name, in the private namespace */
    String deviceName() {
        return receiver.device().name();
    }

    @Override
    public String toString() {
        return "TunConformanceHarness[" + receiver.device().name() + (closed ? ", closed]" : "]");
    }
}
