package io.lro4j.api;

/**
 * A source of monotonic time in nanoseconds, real or virtual, for time-bound flushing.
 */
@FunctionalInterface
public interface NanoClock {

    /** The JVM's monotonic clock ({@link System#nanoTime()}). */
    NanoClock SYSTEM = System::nanoTime;

    /** @return the current time in nanoseconds; only differences are meaningful */
    long nanoTime();
}
