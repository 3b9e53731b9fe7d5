package io.lro4j.testbed.cpu;

import io.lro4j.xen.accounting.CountListener;
import io.lro4j.xen.accounting.Counter;
import io.lro4j.xen.hypervisor.Scheduler;
import io.lro4j.xen.hypervisor.Vcpu;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Charges the running CPU for work as it happens: the testbed's own {@link Op}s and, as a
 * {@link CountListener} on the Xen model's ledger, every counted Xen operation. Cycles become virtual time at
 * the model's clock rate ({@link Scheduler#charge}), and are kept per CPU and {@link Component} for the
 * breakdown tables. Work done outside any CPU's task is not charged (and counted as such, which a correct
 * set-up never does).
 */
public final class CpuMeter implements CountListener {

    private final Scheduler scheduler;
    private final CostModel costs;
    private final double nanosPerCycle;
    private final List<Vcpu> cpus = new ArrayList<>();
    private final List<double[]> cycles = new ArrayList<>();
    private double carry;
    private double unattributed;

    /**
     * @param scheduler the clock whose running task is charged
     * @param costs the costs
     */
    public CpuMeter(final Scheduler scheduler, final CostModel costs) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.costs = Objects.requireNonNull(costs, "costs");
        this.nanosPerCycle = 1e9 / costs.hz();
    }

    /**
     * Registers a CPU whose cycles are reported.
     *
     * @param cpu the CPU
     */
    public void register(final Vcpu cpu) {
        cpus.add(Objects.requireNonNull(cpu, "cpu"));
        cycles.add(new double[Component.values().length]);
    }

    /**
     * Charges {@code n} times an operation.
     *
     * @param op the operation
     * @param n how many
     */
    public void charge(final Op op, final long n) {
        charge(op.component(), costs.cycles(op) * n);
    }

    @Override
    public void counted(final Counter counter, final long amount) {
        final double c = costs.cycles(counter);
        if (c != 0) {
            charge(Component.of(counter.stage()), c * amount);
        }
    }

    private void charge(final Component component, final double cyc) {
        final @Nullable Vcpu cpu = scheduler.running();
        final int i = cpu == null ? -1 : cpus.indexOf(cpu);
        if (i < 0) {
            unattributed += cyc;
            return;
        }
        cycles.get(i)[component.ordinal()] += cyc;
        carry += cyc * nanosPerCycle;
        final long nanos = (long) carry;
        carry -= nanos;
        scheduler.charge(nanos);
    }

    /** @return the registered CPUs */
    public List<Vcpu> cpus() {
        return List.copyOf(cpus);
    }

    /**
     * @param cpu a registered CPU
     * @param component a component
     * @return cycles charged to it for that component
     */
    public double cycles(final Vcpu cpu, final Component component) {
        final int i = cpus.indexOf(cpu);
        if (i < 0) {
            throw new IllegalArgumentException(cpu + " is not registered");
        }
        return cycles.get(i)[component.ordinal()];
    }

    /** @return cycles of work done outside any registered CPU's task (0 in a correct set-up) */
    public double unattributed() {
        return unattributed;
    }

    /** @return the costs */
    public CostModel costs() {
        return costs;
    }
}
