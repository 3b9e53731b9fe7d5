package io.lro4j.drivers.tun.internal;

import java.nio.ByteBuffer;

/**
 * The Linux system calls the TUN driver makes, in the kernel's own convention: every call returns its result,
 * or a negative {@code errno} on failure, so the per-packet path neither throws nor allocates; reads and
 * writes take native addresses of direct buffers. Implemented with the Foreign Function &amp; Memory API
 * ({@code io.lro4j.drivers.tun.ffm}); {@link NativeAccess} finds the implementation.
 */
public interface Syscalls {

    /** {@code O_RDWR}. */
    int O_RDWR = 2;
    /** {@code O_NONBLOCK} (x86-64, arm64). */
    int O_NONBLOCK = 0x800;
    /** {@code O_CLOEXEC} (x86-64, arm64). */
    int O_CLOEXEC = 0x80000;
    /** {@code POLLIN}. */
    short POLLIN = 0x1;
    /** {@code EAGAIN}. */
    int EAGAIN = 11;
    /** {@code EINTR}. */
    int EINTR = 4;
    /** {@code AF_PACKET}. */
    int AF_PACKET = 17;
    /** {@code SOCK_RAW}. */
    int SOCK_RAW = 3;
    /** {@code SOCK_CLOEXEC}. */
    int SOCK_CLOEXEC = 0x80000;
    /** {@code CLONE_NEWNET}. */
    int CLONE_NEWNET = 0x4000_0000;

    /**
     * @param path a file
     * @param flags {@code open(2)} flags
     * @return a file descriptor, or {@code -errno}
     */
    int open(String path, int flags);

    /**
     * An {@code ioctl} whose argument points to a {@code struct ifreq}: {@code ifreq}'s 40 bytes go in, and
     * what the kernel wrote comes back in them.
     *
     * @param fd the descriptor
     * @param request the request
     * @param ifreq 40 bytes, positions ignored
     * @return the call's result, or {@code -errno}
     */
    int ioctlIfreq(int fd, int request, byte[] ifreq);

    /**
     * An {@code ioctl} whose argument is a value ({@code TUNSETOFFLOAD}).
     *
     * @param fd the descriptor
     * @param request the request
     * @param value the argument
     * @return the call's result, or {@code -errno}
     */
    int ioctlValue(int fd, int request, long value);

    /**
     * An {@code ioctl} whose argument points to an {@code int} ({@code TUNSETVNETHDRSZ}, {@code TUNSETVNETLE}).
     *
     * @param fd the descriptor
     * @param request the request
     * @param value the int pointed to
     * @return the call's result, or {@code -errno}
     */
    int ioctlIntPointer(int fd, int request, int value);

    /**
     * @param buffer a direct buffer
     * @return the native address of its index 0; the caller keeps the buffer reachable while it uses it
     */
    long address(ByteBuffer buffer);

    /**
     * @param fd the descriptor
     * @param address where to read to (from {@link #address} plus an index)
     * @param length most bytes to read
     * @return bytes read, or {@code -errno} ({@code -EAGAIN} when non-blocking and nothing waits)
     */
    int read(int fd, long address, int length);

    /**
     * @param fd the descriptor
     * @param address the first byte (from {@link #address} plus an index)
     * @param length bytes to write
     * @return bytes written, or {@code -errno}
     */
    int write(int fd, long address, int length);

    /**
     * {@code poll(2)} on up to {@code fds.length} descriptors for {@link #POLLIN}.
     *
     * @param fds the descriptors
     * @param count how many of them
     * @param revents receives each one's returned events
     * @param timeoutMillis how long to wait, -1 for ever
     * @return descriptors ready, 0 on timeout, or {@code -errno}
     */
    int pollIn(int[] fds, int count, short[] revents, int timeoutMillis);

    /**
     * @param domain an address family ({@link #AF_PACKET})
     * @param type a socket type, with flags ({@link #SOCK_RAW} | {@link #SOCK_CLOEXEC})
     * @param protocol the protocol, in network byte order for {@code AF_PACKET} (0: send only)
     * @return a socket descriptor, or {@code -errno}
     */
    int socket(int domain, int type, int protocol);

    /**
     * {@code sendto(2)}, for the TUN driver's conformance harness (not a per-packet path).
     *
     * @param fd a socket
     * @param data the bytes to send
     * @param offset the first one
     * @param length how many
     * @param address the destination's {@code struct sockaddr}, as bytes in the kernel's layout
     * @return bytes sent, or {@code -errno}
     */
    int sendto(int fd, byte[] data, int offset, int length, byte[] address);

    /**
     * {@code unshare(2)}: with {@link #CLONE_NEWNET}, moves the calling thread alone into a new network
     * namespace.
     *
     * @param flags the {@code CLONE_*} flags
     * @return 0, or {@code -errno}
     */
    int unshare(int flags);

    /**
     * @param fd a descriptor to close
     * @return 0, or {@code -errno}
     */
    int close(int fd);

    /**
     * @param errno an error number
     * @return its message ({@code strerror})
     */
    String strerror(int errno);
}
