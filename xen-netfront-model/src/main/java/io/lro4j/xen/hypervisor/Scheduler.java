package io.lro4j.xen.hypervisor;

import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A deterministic discrete-event scheduler on a virtual clock in nanoseconds: the hypervisor's event
 * delivery, netback's tasklet and netfront's NAPI poll are tasks on it. Tasks due at the same time run in
 * the order they were scheduled, so a run is a pure function of its inputs.
 *
 * <p>Tasks are {@link Runnable}s the components create once and reschedule (a binary heap of primitive times
 * and sequence numbers), so scheduling allocates nothing at steady state. Not thread-safe: the whole model
 * runs on one thread, as the kernel code it models runs per CPU.
 */
public final class Scheduler {

    private long now;
    // Time a running vCPU's task has been charged so far: the task sees now + charged.
    private long charged;
    private @Nullable Vcpu running;
    private long sequence;
    private long[] times = new long[64];
    private long[] order = new long[64];
    private @Nullable Runnable[] tasks = new Runnable[64];
    private int size;
    private long executed;

    /** Creates an idle scheduler at time 0. */
    public Scheduler() {
        // nothing to set up
    }

    /**
     * The virtual time in nanoseconds. Inside a task running on a {@link Vcpu}, that is the task's start plus
     * the CPU time it has been {@linkplain #charge charged} so far: the moment within its run.
     *
     * @return the virtual time
     */
    public long now() {
        return now + charged;
    }

    /**
     * Charges CPU time to the task running on a {@link Vcpu}, advancing the clock it sees. Outside such a task
     * (a wire event, an untimed model) nothing is charged.
     *
     * @param nanos time spent, at least 0
     */
    public void charge(final long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("nanos must be at least 0, was " + nanos);
        }
        if (running != null) {
            charged += nanos;
        }
    }

    /** @return the vCPU whose task is running, or null between tasks and in tasks of no CPU */
    public @Nullable Vcpu running() {
        return running;
    }

    void enter(final Vcpu vcpu) {
        running = vcpu;
        charged = 0;
    }

    void leave() {
        running = null;
        charged = 0;
    }

    /**
     * Schedules {@code task} to run {@code delayNanos} from now.
     *
     * @param delayNanos delay, at least 0
     * @param task the task
     */
    public void after(final long delayNanos, final Runnable task) {
        if (delayNanos < 0) {
            throw new IllegalArgumentException("delayNanos must be at least 0, was " + delayNanos);
        }
        at(now() + delayNanos, task);
    }

    /**
     * Schedules {@code task} at an absolute virtual time (no earlier than now).
     *
     * @param timeNanos when it runs (a time already past means now)
     * @param task the task
     */
    public void at(final long timeNanos, final Runnable task) {
        Objects.requireNonNull(task, "task");
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
            order = Arrays.copyOf(order, size * 2);
            tasks = Arrays.copyOf(tasks, size * 2);
        }
        int i = size++;
        final long t = Math.max(timeNanos, now());
        final long s = sequence++;
        while (i > 0) {
            final int parent = (i - 1) >>> 1;
            if (!before(t, s, times[parent], order[parent])) {
                break;
            }
            move(parent, i);
            i = parent;
        }
        times[i] = t;
        order[i] = s;
        tasks[i] = task;
    }

    private static boolean before(final long t1, final long s1, final long t2, final long s2) {
        return t1 < t2 || (t1 == t2 && s1 < s2);
    }

    private void move(final int from, final int to) {
        times[to] = times[from];
        order[to] = order[from];
        tasks[to] = tasks[from];
    }

    /** @return true if no task is scheduled */
    public boolean idle() {
        return size == 0;
    }

    /** @return the time of the next task, or {@link Long#MAX_VALUE} if none */
    public long nextTime() {
        return size == 0 ? Long.MAX_VALUE : times[0];
    }

    /**
     * Runs the next task, advancing the clock to its time.
     *
     * @return false if there was none
     */
    public boolean runNext() {
        if (size == 0) {
            return false;
        }
        final Runnable task = Objects.requireNonNull(tasks[0]);
        now = times[0];
        final int last = --size;
        final long t = times[last];
        final long s = order[last];
        final @Nullable Runnable r = tasks[last];
        tasks[last] = null;
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && before(times[child + 1], order[child + 1], times[child], order[child])) {
                child++;
            }
            if (!before(times[child], order[child], t, s)) {
                break;
            }
            move(child, i);
            i = child;
        }
        if (size > 0) {
            times[i] = t;
            order[i] = s;
            tasks[i] = r;
        }
        executed++;
        task.run();
        return true;
    }

    /**
     * Runs tasks until none is left.
     *
     * @param maxTasks a bound on the tasks run, against a model that never settles
     * @throws IllegalStateException if the bound is reached
     */
    public void runUntilIdle(final long maxTasks) {
        for (long n = 0; runNext(); n++) {
            if (n >= maxTasks) {
                throw new IllegalStateException("the model did not settle within " + maxTasks + " tasks");
            }
        }
    }

    /**
     * Runs every task due no later than {@code timeNanos}, then sets the clock to it.
     *
     * @param timeNanos the time to advance to
     */
    public void runUntil(final long timeNanos) {
        while (size > 0 && times[0] <= timeNanos) {
            runNext();
        }
        now = Math.max(now, timeNanos);
    }

    /** @return tasks run so far */
    public long executed() {
        return executed;
    }
}
