package io.lro4j.xen.hypervisor;

import java.util.ArrayDeque;
import java.util.Objects;

/**
 * A virtual CPU: one domain's processor on the model's clock. Whatever the domain does (an event upcall,
 * netback's tasklet, netfront's poll, a NIC's interrupt handler and poll) is a task {@link #schedule}d on
 * it; tasks run one at a time, first come first served, and never before the CPU is free. While a task
 * runs, the CPU time it is {@linkplain Scheduler#charge charged} advances the clock it sees, so what it hands
 * to another CPU (an event, a timer) happens at that moment within its run, and the CPU stays busy until
 * the run ends. A busy CPU therefore delays its next task; packets queue in rings meanwhile and the next
 * poll finds more of them, which is how the LRO rate follows from CPU speed.
 *
 * <p>Simplification: a task reads and writes shared state (rings, queues) at its start and is not
 * interrupted; work arriving during its run waits for the next task. With nothing charged (the untimed
 * model) a task runs when it is scheduled, as a plain scheduler task would. Not thread-safe.
 */
public final class Vcpu {

    private final Scheduler scheduler;
    private final String name;
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private final Runnable dispatch = this::dispatch;
    private boolean dispatchScheduled;
    private boolean running;
    private long busyUntil;
    private long busyNanos;
    private long tasks;

    /**
     * Creates an idle CPU.
     *
     * @param scheduler the clock it runs on
     * @param name its name, for reports
     */
    public Vcpu(final Scheduler scheduler, final String name) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.name = Objects.requireNonNull(name, "name");
    }

    /**
     * Queues a task to run on this CPU as soon as it is free (after the running task, if called from one).
     * Queueing the same task twice runs it twice; callers keep their own "scheduled" flag.
     *
     * @param task the task
     */
    public void schedule(final Runnable task) {
        queue.add(Objects.requireNonNull(task, "task"));
        if (!dispatchScheduled && !running) {
            dispatchScheduled = true;
            scheduler.at(Math.max(scheduler.now(), busyUntil), dispatch);
        }
    }

    private void dispatch() {
        dispatchScheduled = false;
        final Runnable task = queue.poll();
        if (task == null) {
            return;
        }
        final long start = scheduler.now();
        long end = start;
        running = true;
        scheduler.enter(this);
        try {
            task.run();
            end = scheduler.now();
        } finally {
            scheduler.leave();
            running = false;
        }
        busyUntil = end;
        busyNanos += end - start;
        tasks++;
        if (!queue.isEmpty()) {
            dispatchScheduled = true;
            scheduler.at(end, dispatch);
        }
    }

    /** @return its name */
    public String name() {
        return name;
    }

    /** @return CPU time charged to its tasks so far, in nanoseconds */
    public long busyNanos() {
        return busyNanos;
    }

    /** @return tasks run so far */
    public long tasks() {
        return tasks;
    }

    /** @return tasks waiting for the CPU */
    public int queued() {
        return queue.size();
    }

    @Override
    public String toString() {
        return name;
    }
}
