package io.lro4j.drivers.tun;

import io.lro4j.drivers.tun.internal.NativeAccess;
import io.lro4j.drivers.tun.internal.Syscalls;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A Linux TUN interface opened as wireguard-go opens it: {@code /dev/net/tun}, {@code TUNSETIFF} with
 * {@code IFF_TUN | IFF_NO_PI | IFF_VNET_HDR}, little-endian {@link VirtioNetHdr virtio_net_hdr}s
 * ({@code TUNSETVNETLE}), non-blocking. Every packet read or written is a {@link VirtioNetHdr} then an IP packet.
 * No offloads are turned on ({@code TUNSETOFFLOAD} 0), so the kernel hands the reader plain packets with
 * complete checksums, MSS-sized as the sender's stack made them; a writer may still give the kernel a TCP
 * super-packet with a GSO header, which its stack takes as one packet.
 *
 * <p>{@link #isAvailable()} and {@link #unavailabilityCause()} say whether this process can open one, as
 * Netty's {@code Epoll} does. Reads and writes use direct buffers and allocate nothing. The interface exists
 * while the device is open; {@code ip link set NAME netns NS} moves it to another network namespace without
 * disturbing this descriptor. One thread per device, or external synchronization.
 */
public final class TunDevice implements AutoCloseable {

    /** {@code TUNSETIFF}. */
    static final int TUNSETIFF = 0x400454ca;
    /** {@code TUNSETOFFLOAD}. */
    static final int TUNSETOFFLOAD = 0x400454d0;
    /** {@code TUNSETVNETHDRSZ}. */
    static final int TUNSETVNETHDRSZ = 0x400454d8;
    /** {@code TUNSETVNETLE}. */
    static final int TUNSETVNETLE = 0x400454dc;
    static final int IFF_TUN = 0x0001;
    static final int IFF_NO_PI = 0x1000;
    static final int IFF_VNET_HDR = 0x4000;
    static final int IFNAMSIZ = 16;
    private static final int CAP_NET_ADMIN = 12;
    private static final String CLONE_DEVICE = "/dev/net/tun";

    /** The largest packet a read returns: the header and an IP packet of 65,535 bytes. */
    public static final int MAX_PACKET = VirtioNetHdr.LENGTH + 65_535;

    private final Syscalls sys;
    private final String name;
    private int fd;
    // The last buffer read into and written from, with its native address: finding an address allocates, and
    // a reader or writer uses one buffer for every packet.
    private @Nullable ByteBuffer readBuffer;
    private long readAddress;
    private @Nullable ByteBuffer writeBuffer;
    private long writeAddress;

    private TunDevice(final Syscalls sys, final int fd, final String name) {
        this.sys = sys;
        this.fd = fd;
        this.name = name;
    }

    /**
     * Probes once, on first use, without side effects: the system calls, opening {@code /dev/net/tun}, and
     * {@code CAP_NET_ADMIN} in the process's effective capabilities (which creating an interface needs). The
     * cause is kept to be reported, as Netty's {@code Epoll} keeps its own.
     */
    @SuppressWarnings("StaticAssignmentOfThrowable")
    private static final class Availability {
        static final @Nullable Throwable CAUSE = probe();

        private static @Nullable Throwable probe() {
            final Optional<Throwable> cause = NativeAccess.cause();
            if (cause.isPresent()) {
                return cause.get();
            }
            final Syscalls sys = NativeAccess.syscalls().orElseThrow();
            final int fd = sys.open(CLONE_DEVICE, Syscalls.O_RDWR | Syscalls.O_CLOEXEC);
            if (fd < 0) {
                return new IOException("cannot open " + CLONE_DEVICE + ": " + describe(sys, -fd));
            }
            sys.close(fd);
            try {
                for (final String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                    if (line.startsWith("CapEff:") && (Long.parseUnsignedLong(line.substring(7).trim(), 16) & 1L << CAP_NET_ADMIN) == 0) {
                        return new IOException("creating a TUN interface needs CAP_NET_ADMIN, which this process does not have");
                    }
                }
            } catch (final IOException | RuntimeException e) {
                return null; // no /proc: let open() say what the kernel says
            }
            return null;
        }
    }

    /** @return true if this process can open a TUN device */
    public static boolean isAvailable() {
        return Availability.CAUSE == null;
    }

    /**
     * @return why this process cannot open a TUN device (no Java 22, not Linux, no {@code /dev/net/tun}, no
     *     {@code CAP_NET_ADMIN}), or empty if it can
     */
    public static Optional<Throwable> unavailabilityCause() {
        return Optional.ofNullable(Availability.CAUSE);
    }

    /**
     * Creates (or attaches to) a TUN interface.
     *
     * @param name the interface's name, at most 15 bytes; empty to let the kernel choose ({@code tun%d})
     * @return the open device
     * @throws IOException naming the failing step and the kernel's error
     * @throws UnsupportedOperationException if the system calls are unavailable (see {@link #unavailabilityCause})
     */
    public static TunDevice open(final String name) throws IOException {
        Objects.requireNonNull(name, "name");
        final byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        if (n.length >= IFNAMSIZ || name.indexOf('/') >= 0 || name.indexOf(' ') >= 0) {
            throw new IllegalArgumentException("a TUN name is at most 15 ASCII bytes without '/' or spaces, was '" + name + "'");
        }
        final Syscalls sys = NativeAccess.syscalls().orElseThrow(() -> new UnsupportedOperationException(
                NativeAccess.cause().map(Throwable::getMessage).orElse("no system calls"), NativeAccess.cause().orElse(null)));
        final int fd = sys.open(CLONE_DEVICE, Syscalls.O_RDWR | Syscalls.O_CLOEXEC | Syscalls.O_NONBLOCK);
        if (fd < 0) {
            throw new IOException("cannot open " + CLONE_DEVICE + ": " + describe(sys, -fd)
                    + (-fd == 2 ? " (no TUN support: load the tun module or create the node)" : ""));
        }
        try {
            final byte[] ifreq = new byte[40];
            System.arraycopy(n, 0, ifreq, 0, n.length);
            final int flags = IFF_TUN | IFF_NO_PI | IFF_VNET_HDR;
            ifreq[16] = (byte) flags;
            ifreq[17] = (byte) (flags >>> 8);
            check(sys, sys.ioctlIfreq(fd, TUNSETIFF, ifreq), "TUNSETIFF " + (name.isEmpty() ? "(any name)" : name),
                    " (creating an interface needs CAP_NET_ADMIN)");
            int len = 0;
            while (len < IFNAMSIZ && ifreq[len] != 0) {
                len++;
            }
            check(sys, sys.ioctlIntPointer(fd, TUNSETVNETHDRSZ, VirtioNetHdr.LENGTH), "TUNSETVNETHDRSZ", "");
            check(sys, sys.ioctlIntPointer(fd, TUNSETVNETLE, 1), "TUNSETVNETLE", "");
            check(sys, sys.ioctlValue(fd, TUNSETOFFLOAD, 0), "TUNSETOFFLOAD", "");
            return new TunDevice(sys, fd, new String(ifreq, 0, len, StandardCharsets.US_ASCII));
        } catch (final IOException | RuntimeException e) {
            sys.close(fd);
            throw e;
        }
    }

    private static void check(final Syscalls sys, final int r, final String what, final String hintOnEperm) throws IOException {
        if (r < 0) {
            throw new IOException(what + " failed: " + describe(sys, -r) + (-r == 1 ? hintOnEperm : ""));
        }
    }

    static String describe(final Syscalls sys, final int errno) {
        return sys.strerror(errno) + " (errno " + errno + ")";
    }

    /** @return the interface's name */
    public String name() {
        return name;
    }

    /** @return the system calls it uses */
    Syscalls syscalls() {
        return sys;
    }

    /** @return the open file descriptor */
    int openFd() {
        if (fd < 0) {
            throw new IllegalStateException("TUN device " + name + " is closed");
        }
        return fd;
    }

    /**
     * Reads one packet, header included, if one waits.
     *
     * @param buffer a direct buffer
     * @param offset absolute index to read into
     * @param length room, at least {@link #MAX_PACKET} to be sure no packet is cut
     * @return its length, or 0 if none waits
     * @throws IOException if the read fails
     */
    @SuppressWarnings("ReferenceEquality") // the same buffer object, not equal contents
    public int read(final ByteBuffer buffer, final int offset, final int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.capacity());
        if (buffer != readBuffer) {
            readAddress = sys.address(buffer);
            readBuffer = buffer;
        }
        final int n = sys.read(openFd(), readAddress + offset, length);
        if (n >= 0) {
            return n;
        }
        if (n == -Syscalls.EAGAIN || n == -Syscalls.EINTR) {
            return 0;
        }
        throw new IOException("read from " + name + " failed: " + describe(sys, -n));
    }

    /**
     * Writes one packet, header included: the kernel receives it on this interface.
     *
     * @param buffer a direct buffer
     * @param offset absolute index of the header
     * @param length header and packet bytes
     * @return true if written, false if the kernel had no room or the interface is down (the packet is dropped,
     *     as a full queue would drop it)
     * @throws IOException if the kernel refused it (a malformed header or packet: {@code EINVAL})
     */
    @SuppressWarnings("ReferenceEquality") // the same buffer object, not equal contents
    public boolean write(final ByteBuffer buffer, final int offset, final int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.capacity());
        if (buffer != writeBuffer) {
            writeAddress = sys.address(buffer);
            writeBuffer = buffer;
        }
        final int n = sys.write(openFd(), writeAddress + offset, length);
        if (n == length) {
            return true;
        }
        if (n == -Syscalls.EAGAIN || n == -105 /* ENOBUFS */ || n == -5 /* EIO: the interface is down */) {
            return false;
        }
        throw new IOException("write of " + length + " bytes to " + name + " failed: "
                + (n < 0 ? describe(sys, -n) : "short write of " + n + " bytes"));
    }

    /** Closes the descriptor; the interface disappears with it. Idempotent. */
    @Override
    public void close() {
        if (fd >= 0) {
            sys.close(fd);
            fd = -1;
        }
    }

    @Override
    public String toString() {
        return "TunDevice[" + name + (fd < 0 ? ", closed]" : "]");
    }
}
