package io.lro4j.drivers.tun;

import io.lro4j.drivers.tun.internal.NativeAccess;
import io.lro4j.drivers.tun.internal.Syscalls;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;

/**
 * A private network namespace on one daemon thread, for the TUN driver's conformance harness. Linux keeps the
 * network namespace per thread, so the thread leaves the process's namespace alone with
 * {@code unshare(CLONE_NEWNET)}, turns IPv6 off there (a TUN brought up with IPv6 on sends router
 * solicitations and MLD reports through itself, which would mix with the kit's frames), and then runs every
 * task {@link #call} gives it. Devices and sockets such tasks create belong to the namespace: no address, route
 * or interface of the host sees them or their traffic, and the namespace goes away with its last device and
 * socket once the process ends. Started on first use; {@link #unavailabilityCause} says why it cannot be.
 */
final class IsolatedNetwork {

    private static final String THREAD_NAME = "lro4j-tun-isolated-netns";

    @SuppressWarnings("StaticAssignmentOfThrowable") // the cause is kept to be reported
    private static final class Holder {
        static final ExecutorService THREAD = Executors.newSingleThreadExecutor(r -> {
            final Thread t = new Thread(r, THREAD_NAME);
            t.setDaemon(true);
            return t;
        });
        static final @Nullable Throwable CAUSE = enter();

        private static @Nullable Throwable enter() {
            try {
                return THREAD.submit(IsolatedNetwork::unshare).get();
            } catch (final ExecutionException e) {
                return e.getCause();
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                return e;
            }
        }
    }

    /** The thread that left the process's namespace; tasks check they run on it. */
    private static volatile @Nullable Thread inside;

    private IsolatedNetwork() {
    }

    /** Runs on the namespace's thread, once: leaves the process's namespace and turns IPv6 off. */
    private static @Nullable Throwable unshare() {
        final Optional<Syscalls> sys = NativeAccess.syscalls();
        if (sys.isEmpty()) {
            return NativeAccess.cause().orElseThrow();
        }
        final int r = sys.get().unshare(Syscalls.CLONE_NEWNET);
        if (r < 0) {
            return new IOException("cannot create a private network namespace: unshare(CLONE_NEWNET) failed: "
                    + TunDevice.describe(sys.get(), -r) + (-r == 1 ? " (it needs CAP_SYS_ADMIN)" : ""));
        }
        inside = Thread.currentThread();
        // /proc/sys/net shows the namespace of the thread that opens it: this thread's, now.
        for (final String scope : new String[] {"all", "default"}) {
            final Path p = Path.of("/proc/sys/net/ipv6/conf", scope, "disable_ipv6");
            if (Files.exists(p)) { // absent when the kernel has no IPv6
                try {
                    Files.writeString(p, "1", StandardCharsets.US_ASCII);
                } catch (final IOException e) {
                    return new IOException("cannot turn IPv6 off in the private network namespace (" + p + "): " + e, e);
                }
            }
        }
        return null;
    }

    /** @return why no private namespace can be made here, or empty if it can (starts it on first call) */
    static Optional<Throwable> unavailabilityCause() {
        return Optional.ofNullable(Holder.CAUSE);
    }

    /**
     * Runs {@code task} inside the private namespace and waits for it.
     *
     * @param task what to do there (create a device, a socket)
     * @param <T> its result
     * @return its result
     * @throws IOException what the task threw, or why there is no namespace
     */
    static <T> T call(final Callable<T> task) throws IOException {
        final Throwable cause = Holder.CAUSE;
        if (cause != null) {
            throw new IOException(cause.getMessage(), cause);
        }
        final Future<T> result = Holder.THREAD.submit(() -> {
            // submit() keeps the one thread alive through failing tasks; a replacement would be outside the namespace
            if (Thread.currentThread() != inside) {
                throw new IllegalStateException("not on the private namespace's thread: " + Thread.currentThread());
            }
            return task.call();
        });
        try {
            return result.get();
        } catch (final ExecutionException e) {
            final Throwable t = e.getCause();
            if (t instanceof IOException io) {
                throw io;
            }
            if (t instanceof RuntimeException re) {
                throw re;
            }
            if (t instanceof Error err) {
                throw err;
            }
            throw new IOException(String.valueOf(t), t);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the private network namespace");
        }
    }
}
