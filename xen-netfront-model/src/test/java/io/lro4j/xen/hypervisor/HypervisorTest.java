package io.lro4j.xen.hypervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lro4j.xen.accounting.Counter;
import io.lro4j.xen.accounting.Ledger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Grant tables (grant, copy, map, permissions), event channels and the scheduler. */
class HypervisorTest {

    private final Scheduler scheduler = new Scheduler();
    private final Ledger ledger = new Ledger();
    private final Hypervisor hv = new Hypervisor(scheduler, ledger, 0);
    private final Domain dom0 = hv.createDomain("Domain-0");
    private final Domain guest = hv.createDomain("guest");
    private final Domain other = hv.createDomain("other");

    @Test
    @DisplayName("a grant entry has the real layout: flags, domid, frame, little-endian; references 0-7 are reserved")
    void grantEntry() {
        final int frame = guest.allocatePage();
        final int ref = guest.grants().grantAccess(dom0.id(), frame, true);
        assertTrue(ref >= GrantTable.RESERVED_ENTRIES);
        assertEquals(GrantTable.GTF_PERMIT_ACCESS | GrantTable.GTF_READONLY, guest.grants().flags(ref));
        assertEquals(dom0.id(), guest.grants().domid(ref));
        assertEquals(frame, guest.grants().frame(ref));
        assertTrue(guest.grants().release(ref));
        assertEquals(GrantTable.GTF_INVALID, guest.grants().flags(ref));
    }

    @Test
    @DisplayName("grant copy: into a page granted to the caller succeeds; not granted to it, read-only, a bad reference or crossing a page fails")
    void grantCopyPermissions() {
        final int frame = guest.allocatePage();
        final int ref = guest.grants().grantAccess(dom0.id(), frame, false);
        final ByteBuffer src = ByteBuffer.allocate(8192);
        for (int i = 0; i < 8192; i++) {
            src.put(i, (byte) i);
        }
        final GrantCopyBatch b = new GrantCopyBatch(1);
        final int ok = b.localToGrant(src, 100, guest.id(), ref, 10, 1000);
        final int notMine = b.localToGrant(src, 0, guest.id(), ref, 0, 10);
        final int badRef = b.localToGrant(src, 0, guest.id(), 1 << 30, 0, 10);
        final int crossesDest = b.localToGrant(src, 0, guest.id(), ref, 4000, 200);
        final int crossesSource = b.localToGrant(src, 4000, guest.id(), ref, 0, 200);
        assertEquals(3, hv.grantCopy(dom0, b), "three of five fail");
        assertEquals(GrantStatus.OKAY, b.status(ok));
        assertEquals(GrantStatus.OKAY, b.status(notMine), "dom0 may copy into it");
        assertEquals(GrantStatus.BAD_GNTREF, b.status(badRef));
        assertEquals(GrantStatus.BAD_COPY_ARG, b.status(crossesDest));
        assertEquals(GrantStatus.BAD_COPY_ARG, b.status(crossesSource));
        assertEquals((byte) 100, guest.page(frame).get(10));
        assertEquals((byte) (1099 & 0xFF), guest.page(frame).get(1009));

        final GrantCopyBatch intruder = new GrantCopyBatch(1);
        intruder.localToGrant(src, 0, guest.id(), ref, 0, 10);
        assertEquals(1, hv.grantCopy(other, intruder), "a copy into a page not granted to that domain fails");
        assertEquals(GrantStatus.GENERAL_ERROR, intruder.status(0));

        final int ro = guest.grants().grantAccess(dom0.id(), guest.allocatePage(), true);
        final GrantCopyBatch write = new GrantCopyBatch(1);
        write.localToGrant(src, 0, guest.id(), ro, 0, 10);
        write.grantToLocal(guest.id(), ro, 0, src, 0, 10);
        hv.grantCopy(dom0, write);
        assertEquals(GrantStatus.GENERAL_ERROR, write.status(0), "no writes through a read-only grant");
        assertEquals(GrantStatus.OKAY, write.status(1), "reads are fine");
        assertEquals(1000 + 10 + 10, ledger.get(Counter.GRANT_COPY_BYTES), "the two that succeeded and the read");
    }

    @Test
    @DisplayName("grant map: the grantee sees the page; the granter cannot revoke it while mapped")
    void grantMap() {
        final int frame = guest.allocatePage();
        guest.page(frame).put(7, (byte) 42);
        final int ref = guest.grants().grantAccess(dom0.id(), frame, true);
        assertEquals(GrantStatus.GENERAL_ERROR, hv.map(other, guest.id(), ref, true), "not granted to it");
        assertEquals(GrantStatus.GENERAL_ERROR, hv.map(dom0, guest.id(), ref, false), "writable map of a read-only grant");
        final int h = hv.map(dom0, guest.id(), ref, true);
        assertTrue(h >= 0);
        assertEquals(42, hv.mapped(h).get(7));
        assertTrue((guest.grants().flags(ref) & GrantTable.GTF_READING) != 0);
        assertFalse(guest.grants().endAccess(ref), "still mapped");
        hv.unmap(h);
        assertTrue(guest.grants().endAccess(ref));
        assertThrows(IllegalArgumentException.class, () -> hv.unmap(h));
    }

    @Test
    @DisplayName("event channels: one handler run per pending edge; sends while pending coalesce; masked ports wait; only the bound peer")
    void eventChannels() {
        final EventChannels ev = hv.events();
        final int guestPort = ev.allocUnbound(guest, dom0.id());
        assertThrows(IllegalArgumentException.class, () -> ev.bindInterdomain(other, guest.id(), guestPort), "not for it");
        final int dom0Port = ev.bindInterdomain(dom0, guest.id(), guestPort);
        final List<Long> runs = new ArrayList<>();
        final boolean[] again = {true};
        ev.bindHandler(guest, guestPort, () -> {
            runs.add(scheduler.now());
            if (again[0]) {
                again[0] = false;
                ev.send(dom0, dom0Port); // a new edge while the handler runs
            }
        });
        ev.send(dom0, dom0Port);
        ev.send(dom0, dom0Port);
        ev.send(dom0, dom0Port);
        assertEquals(2, ledger.get(Counter.EVTCHN_COALESCED));
        assertTrue(ev.pending(guest, guestPort));
        scheduler.runUntilIdle(100);
        assertEquals(2, runs.size(), "three coalesced sends, then one during the handler");
        ev.mask(guest, guestPort);
        ev.send(dom0, dom0Port);
        scheduler.runUntilIdle(100);
        assertEquals(2, runs.size(), "masked");
        ev.unmask(guest, guestPort);
        scheduler.runUntilIdle(100);
        assertEquals(3, runs.size(), "delivered on unmask");
    }

    @Test
    @DisplayName("the scheduler runs tasks in time order, ties in scheduling order")
    void scheduler() {
        final List<String> order = new ArrayList<>();
        scheduler.after(20, () -> order.add("c"));
        scheduler.after(10, () -> order.add("a"));
        scheduler.after(10, () -> order.add("b"));
        scheduler.after(0, () -> scheduler.after(5, () -> order.add("0+5")));
        scheduler.runUntil(15);
        assertEquals(List.of("0+5", "a", "b"), order);
        assertEquals(15, scheduler.now());
        scheduler.runUntilIdle(10);
        assertEquals(List.of("0+5", "a", "b", "c"), order);
        assertThrows(IllegalStateException.class, () -> {
            final Runnable[] loop = new Runnable[1];
            loop[0] = () -> scheduler.after(1, loop[0]);
            scheduler.after(0, loop[0]);
            scheduler.runUntilIdle(1000);
        });
    }
}
