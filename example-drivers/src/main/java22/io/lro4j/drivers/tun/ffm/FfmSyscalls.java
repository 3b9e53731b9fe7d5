package io.lro4j.drivers.tun.ffm;

import io.lro4j.drivers.tun.internal.Syscalls;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * {@link Syscalls} bound to the C library with the Foreign Function &amp; Memory API. {@code errno} is captured
 * with {@link Linker.Option#captureCallState} into a per-thread segment; the variadic {@code open} and
 * {@code ioctl} are bound with {@link Linker.Option#firstVariadicArg}. {@link #read} and {@link #write} take the
 * buffer's native address as a {@code long} (a pointer and a {@code long} are passed alike by the x86-64 and
 * AArch64 calling conventions), so the per-packet calls allocate nothing.
 */
public final class FfmSyscalls implements Syscalls {

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final MemoryLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option ERRNO_OPTION = Linker.Option.captureCallState("errno");
    private static final int POLLFD = 8; // struct pollfd { int fd; short events; short revents; }
    private static final int MAX_POLL = 16;
    private static final int IFREQ = 40;

    private final MethodHandle open;
    private final MethodHandle ioctlPointer;
    private final MethodHandle ioctlValue;
    private final MethodHandle read;
    private final MethodHandle write;
    private final MethodHandle poll;
    private final MethodHandle close;
    private final MethodHandle socket;
    private final MethodHandle sendto;
    private final MethodHandle unshare;
    private final MethodHandle strerror;

    /** Per thread: the errno capture, a pollfd array and an ifreq / int argument, allocated once. */
    private static final class Scratch {
        final MemorySegment errno = Arena.ofAuto().allocate(CAPTURE);
        final MemorySegment pollfds = Arena.ofAuto().allocate((long) POLLFD * MAX_POLL, 8);
        final MemorySegment arg = Arena.ofAuto().allocate(IFREQ, 8);
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** Binds the calls (called reflectively by {@code NativeAccess}). */
    public FfmSyscalls() {
        final ValueLayout.OfInt i = ValueLayout.JAVA_INT;
        final ValueLayout.OfLong l = ValueLayout.JAVA_LONG;
        final ValueLayout a = ValueLayout.ADDRESS;
        open = bind("open", FunctionDescriptor.of(i, a, i, i), ERRNO_OPTION, Linker.Option.firstVariadicArg(2));
        ioctlPointer = bind("ioctl", FunctionDescriptor.of(i, i, l, a), ERRNO_OPTION, Linker.Option.firstVariadicArg(2));
        ioctlValue = bind("ioctl", FunctionDescriptor.of(i, i, l, l), ERRNO_OPTION, Linker.Option.firstVariadicArg(2));
        read = bind("read", FunctionDescriptor.of(l, i, l, l), ERRNO_OPTION);
        write = bind("write", FunctionDescriptor.of(l, i, l, l), ERRNO_OPTION);
        poll = bind("poll", FunctionDescriptor.of(i, a, l, i), ERRNO_OPTION);
        close = bind("close", FunctionDescriptor.of(i, i), ERRNO_OPTION);
        socket = bind("socket", FunctionDescriptor.of(i, i, i, i), ERRNO_OPTION);
        sendto = bind("sendto", FunctionDescriptor.of(l, i, a, l, i, a, i), ERRNO_OPTION);
        unshare = bind("unshare", FunctionDescriptor.of(i, i), ERRNO_OPTION);
        strerror = LINKER.downcallHandle(LIBC.find("strerror").orElseThrow(), FunctionDescriptor.of(a, i));
    }

    private static MethodHandle bind(final String name, final FunctionDescriptor d, final Linker.Option... options) {
        final MemorySegment symbol = LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError("no " + name + " in the C library"));
        return LINKER.downcallHandle(symbol, d, options);
    }

    private static int errno(final Scratch s) {
        return (int) ERRNO.get(s.errno, 0L);
    }

    @Override
    public int open(final String path, final int flags) {
        final Scratch s = SCRATCH.get();
        try (Arena arena = Arena.ofConfined()) {
            final int fd = (int) open.invokeExact(s.errno, arena.allocateFrom(path), flags, 0);
            return fd < 0 ? -errno(s) : fd;
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int ioctlIfreq(final int fd, final int request, final byte[] ifreq) {
        if (ifreq.length != IFREQ) {
            throw new IllegalArgumentException("a struct ifreq is 40 bytes, was " + ifreq.length);
        }
        final Scratch s = SCRATCH.get();
        MemorySegment.copy(ifreq, 0, s.arg, ValueLayout.JAVA_BYTE, 0, IFREQ);
        try {
            final int r = (int) ioctlPointer.invokeExact(s.errno, fd, Integer.toUnsignedLong(request), s.arg);
            if (r < 0) {
                return -errno(s);
            }
            MemorySegment.copy(s.arg, ValueLayout.JAVA_BYTE, 0, ifreq, 0, IFREQ);
            return r;
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int ioctlValue(final int fd, final int request, final long value) {
        final Scratch s = SCRATCH.get();
        try {
            final int r = (int) ioctlValue.invokeExact(s.errno, fd, Integer.toUnsignedLong(request), value);
            return r < 0 ? -errno(s) : r;
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int ioctlIntPointer(final int fd, final int request, final int value) {
        final Scratch s = SCRATCH.get();
        s.arg.set(ValueLayout.JAVA_INT, 0, value);
        try {
            final int r = (int) ioctlPointer.invokeExact(s.errno, fd, Integer.toUnsignedLong(request), s.arg);
            return r < 0 ? -errno(s) : r;
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long address(final ByteBuffer buffer) {
        if (!buffer.isDirect()) {
            throw new IllegalArgumentException("the TUN driver reads and writes direct buffers only");
        }
        return MemorySegment.ofBuffer(buffer).address() - buffer.position();
    }

    @Override
    public int read(final int fd, final long address, final int length) {
        final Scratch s = SCRATCH.get();
        try {
            final long n = (long) read.invokeExact(s.errno, fd, address, (long) length);
            return n < 0 ? -errno(s) : (int) n;
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int write(final int fd, final long address, final int length) {
        final Scratch s = SCRATCH.get();
        try {
            final long n = (long) write.invokeExact(s.errno, fd, address, (long) length);
            return n < 0 ? -errno(s) : (int) n;
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int pollIn(final int[] fds, final int count, final short[] revents, final int timeoutMillis) {
        if (count < 0 || count > MAX_POLL || count > fds.length || count > revents.length) {
            throw new IllegalArgumentException("poll takes 0 to " + MAX_POLL + " descriptors, was " + count);
        }
        final Scratch s = SCRATCH.get();
        for (int k = 0; k < count; k++) {
            s.pollfds.set(ValueLayout.JAVA_INT, (long) k * POLLFD, fds[k]);
            s.pollfds.set(ValueLayout.JAVA_SHORT, (long) k * POLLFD + 4, POLLIN);
            s.pollfds.set(ValueLayout.JAVA_SHORT, (long) k * POLLFD + 6, (short) 0);
        }
        try {
            final int r = (int) poll.invokeExact(s.errno, s.pollfds, (long) count, timeoutMillis);
            if (r < 0) {
                return -errno(s);
            }
            for (int k = 0; k < count; k++) {
                revents[k] = s.pollfds.get(ValueLayout.JAVA_SHORT, (long) k * POLLFD + 6);
            }
            return r;
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int close(final int fd) {
        return callInt(close, fd);
    }

    /** A call of {@code int f(int)} ({@code close}, {@code unshare}): its result, or {@code -errno}. */
    private static int callInt(final MethodHandle function, final int argument) {
        final Scratch s = SCRATCH.get();
        try {
            final int r = (int) function.invokeExact(s.errno, argument);
            return r < 0 ? -errno(s) : r;
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int socket(final int domain, final int type, final int protocol) {
        final Scratch s = SCRATCH.get();
        try {
            final int fd = (int) socket.invokeExact(s.errno, domain, type, protocol);
            return fd < 0 ? -errno(s) : fd;
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int sendto(final int fd, final byte[] data, final int offset, final int length, final byte[] address) {
        final Scratch s = SCRATCH.get();
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment bytes = arena.allocate(Math.max(1, length));
            MemorySegment.copy(data, offset, bytes, ValueLayout.JAVA_BYTE, 0, length);
            final MemorySegment to = arena.allocate(address.length, 8);
            MemorySegment.copy(address, 0, to, ValueLayout.JAVA_BYTE, 0, address.length);
            final long n = (long) sendto.invokeExact(s.errno, fd, bytes, (long) length, 0, to, address.length);
            return n < 0 ? -errno(s) : (int) n;
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int unshare(final int flags) {
        return callInt(unshare, flags);
    }

    @Override
    public String strerror(final int errno) {
        try {
            final MemorySegment p = (MemorySegment) strerror.invokeExact(errno);
            return p.reinterpret(256).getString(0, StandardCharsets.UTF_8);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    private static RuntimeException rethrow(final Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("a native call failed: " + t, t);
    }
}
