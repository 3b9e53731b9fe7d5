package io.lro4j.drivers.tun.internal;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Finds the {@link Syscalls} implementation once: it needs Java 22 or newer at run time, Linux, and a build
 * that compiled its Foreign Function &amp; Memory part (a JDK 22 or newer; a JDK 21 build leaves it out). When
 * any of these is missing, {@link #cause} says which.
 */
@SuppressWarnings("StaticAssignmentOfThrowable") // the cause is kept to be reported, as Netty's Epoll keeps its own
public final class NativeAccess {

    private static final String IMPLEMENTATION = "io.lro4j.drivers.tun.ffm.FfmSyscalls";
    private static final @Nullable Syscalls SYSCALLS;
    private static final @Nullable Throwable CAUSE;

    static {
        @Nullable Syscalls s = null;
        @Nullable Throwable cause = null;
        final String os = System.getProperty("os.name", "");
        if (!os.startsWith("Linux")) {
            cause = new UnsupportedOperationException("the TUN driver needs Linux, this is " + os);
        } else if (Runtime.version().feature() < 22) {
            cause = new UnsupportedOperationException("the TUN driver needs the Foreign Function & Memory API of Java 22 or "
                    + "newer, this is Java " + Runtime.version());
        } else {
            try {
                s = Class.forName(IMPLEMENTATION).asSubclass(Syscalls.class).getConstructor().newInstance();
            } catch (final ClassNotFoundException e) {
                cause = new UnsupportedOperationException("this build of lro4j has no TUN system calls (they are compiled only "
                        + "by a JDK 22 or newer)", e);
            } catch (final ReflectiveOperationException | LinkageError | RuntimeException e) {
                cause = new UnsupportedOperationException("the TUN driver's system calls could not be bound: " + e, e);
            }
        }
        SYSCALLS = s;
        CAUSE = cause;
    }

    private NativeAccess() {
    }

    /** @return the system calls, if they are available */
    public static Optional<Syscalls> syscalls() {
        return Optional.ofNullable(SYSCALLS);
    }

    /** @return why they are not, if they are not */
    public static Optional<Throwable> cause() {
        return Optional.ofNullable(CAUSE);
    }
}
