package io.lro4j.xen.hypervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.lro4j.xen.accounting.Counter;
import io.lro4j.xen.accounting.Ledger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Vcpu: tasks one at a time, charged time advances the task's clock, a busy CPU delays the next task")
class VcpuTest {

    private final Scheduler scheduler = new Scheduler();
    private final List<String> log = new ArrayList<>();

    private Runnable task(final String name, final long cost) {
        return () -> {
            log.add(name + "@" + scheduler.now());
            scheduler.charge(cost);
        };
    }

    @Test
    void aBusyCpuRunsItsTasksBackToBackAndAnotherCpuRunsMeanwhile() {
        final Vcpu a = new Vcpu(scheduler, "a");
        final Vcpu b = new Vcpu(scheduler, "b");
        a.schedule(task("a1", 100));
        a.schedule(task("a2", 50));
        b.schedule(task("b1", 10));
        scheduler.runUntilIdle(100);
        assertEquals(List.of("a1@0", "b1@0", "a2@100"), log);
        assertEquals(150, a.busyNanos());
        assertEquals(10, b.busyNanos());
        assertEquals(2, a.tasks());
        // Work scheduled while the CPU is busy waits for it.
        scheduler.runUntil(120);
        a.schedule(task("a3", 0));
        scheduler.runUntilIdle(100);
        assertEquals("a3@150", log.get(3));
    }

    @Test
    void whatATaskHandsOnHappensAtTheMomentWithinItsRun() {
        final Vcpu a = new Vcpu(scheduler, "a");
        a.schedule(() -> {
            assertSame(a, scheduler.running());
            scheduler.charge(30);
            scheduler.after(5, () -> log.add("timer@" + scheduler.now()));
            scheduler.charge(70);
        });
        scheduler.runUntilIdle(100);
        assertEquals(List.of("timer@35"), log);
        assertEquals(100, a.busyNanos());
        assertNull(scheduler.running());
        scheduler.charge(1_000); // outside a CPU's task: nothing to charge
        assertEquals(35, scheduler.now()); // the clock is at the last event; the CPU was busy until 100
    }

    @Test
    void aLedgerListenerChargesTheRunningCpuForWhatItCounts() {
        final Ledger ledger = new Ledger();
        ledger.listen((counter, n) -> scheduler.charge(counter == Counter.GRANT_COPY_BYTES ? n : 0));
        final Vcpu a = new Vcpu(scheduler, "a");
        a.schedule(() -> {
            ledger.add(Counter.GRANT_COPY_BYTES, 1448);
            ledger.increment(Counter.GRANT_COPY);
        });
        scheduler.runUntilIdle(100);
        assertEquals(1448, a.busyNanos());
        assertEquals(1448, ledger.get(Counter.GRANT_COPY_BYTES));
    }
}
