package io.lro4j.xen.hypervisor;

import io.lro4j.xen.accounting.Counter;
import io.lro4j.xen.accounting.Ledger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The hypervisor of the model: domains and their page frames, the grant-table operations that let one
 * domain copy into or map another's granted pages ({@code GNTTABOP_copy}, {@code GNTTABOP_map_grant_ref}),
 * and the {@link EventChannels}. Every foreign access is checked against the granter's {@link GrantTable}:
 * a copy into a page not granted to the copying domain fails, as does a write to a read-only grant or a copy
 * that would cross a page.
 *
 * <p>Simplified: machine and pseudo-physical frames are one number space, and the caller's own memory in a
 * copy is any buffer, taken as page-aligned at index 0 (so an index's page offset is {@code index & 4095}).
 * Flip mode ({@code GNTTABOP_transfer}) is not modelled: Xen 3.1's netback and netfront settle on copy mode.
 */
public final class Hypervisor {

    /** Bytes in a page. */
    public static final int PAGE_SIZE = 4096;
    /** Grant entries per domain: Xen 3.1's default of 32 grant-table frames of 512 entries. */
    public static final int DEFAULT_GRANT_ENTRIES = 32 * 512;

    private final Scheduler scheduler;
    private final Ledger ledger;
    private final EventChannels events;
    private final List<Domain> domains = new ArrayList<>();
    private ByteBuffer[] frames = new ByteBuffer[256];
    private int[] owner = new int[256];
    private int frameCount;
    private int[] freeFrames = new int[64];
    private int freeCount;
    // Active mappings: granter, reference, frame and writability per handle.
    private int[] mapGranter = new int[64];
    private int[] mapRef = new int[64];
    private int[] mapFrame = new int[64];
    private boolean[] mapWrite = new boolean[64];
    private int[] freeHandles = new int[64];
    private int freeHandleCount;
    private int handleCount;

    /**
     * Creates a hypervisor with no domains.
     *
     * @param scheduler the virtual clock everything runs on
     * @param ledger where operations are counted
     * @param upcallLatencyNanos delay from an event becoming pending to its handler running
     */
    public Hypervisor(final Scheduler scheduler, final Ledger ledger, final long upcallLatencyNanos) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.events = new EventChannels(this, upcallLatencyNanos);
        Arrays.fill(owner, -1);
    }

    /**
     * Creates a domain; the first one created is domain 0.
     *
     * @param name its name
     * @return the domain
     */
    public Domain createDomain(final String name) {
        final Domain d = new Domain(this, domains.size(), name, DEFAULT_GRANT_ENTRIES);
        domains.add(d);
        events.addDomain();
        return d;
    }

    /**
     * @param domid a domain id
     * @return the domain
     * @throws IllegalArgumentException if there is none
     */
    public Domain domain(final int domid) {
        if (domid < 0 || domid >= domains.size()) {
            throw new IllegalArgumentException("no domain " + domid);
        }
        return domains.get(domid);
    }

    /** @return the event channels */
    public EventChannels events() {
        return events;
    }

    /** @return the scheduler */
    public Scheduler scheduler() {
        return scheduler;
    }

    /** @return the ledger */
    public Ledger ledger() {
        return ledger;
    }

    int allocateFrame(final Domain d) {
        final int f;
        if (freeCount > 0) {
            f = freeFrames[--freeCount];
            frames[f].clear();
            for (int i = 0; i < PAGE_SIZE; i += Long.BYTES) {
                frames[f].putLong(i, 0L);
            }
        } else {
            if (frameCount == frames.length) {
                frames = Arrays.copyOf(frames, frameCount * 2);
                owner = Arrays.copyOf(owner, frameCount * 2);
                Arrays.fill(owner, frameCount, owner.length, -1);
            }
            f = frameCount++;
            frames[f] = ByteBuffer.allocate(PAGE_SIZE);
        }
        owner[f] = d.id();
        return f;
    }

    ByteBuffer frame(final Domain d, final int frame) {
        checkOwner(d, frame);
        return frames[frame];
    }

    void freeFrame(final Domain d, final int frame) {
        checkOwner(d, frame);
        owner[frame] = -1;
        if (freeCount == freeFrames.length) {
            freeFrames = Arrays.copyOf(freeFrames, freeCount * 2);
        }
        freeFrames[freeCount++] = frame;
    }

    private void checkOwner(final Domain d, final int frame) {
        if (frame < 0 || frame >= frameCount || owner[frame] != d.id()) {
            throw new IllegalArgumentException(d + " does not own frame " + frame);
        }
    }

    /** @return frames allocated and not freed */
    public int framesInUse() {
        return frameCount - freeCount;
    }

    /**
     * Executes a batch of grant copies for {@code caller} ({@code HYPERVISOR_grant_table_op(GNTTABOP_copy)}):
     * each operation is checked and performed on its own, and gets its own status.
     *
     * @param caller the domain issuing the hypercall
     * @param batch the operations
     * @return the number that failed
     */
    public int grantCopy(final Domain caller, final GrantCopyBatch batch) {
        ledger.increment(Counter.GRANT_COPY_HYPERCALLS);
        int failed = 0;
        for (int op = 0; op < batch.size(); op++) {
            final int st = copyOne(caller, batch, op);
            batch.status(op, st);
            ledger.increment(Counter.GRANT_COPY);
            if (st == GrantStatus.OKAY) {
                ledger.add(Counter.GRANT_COPY_BYTES, batch.length(op));
            } else {
                ledger.increment(Counter.GRANT_COPY_FAILED);
                failed++;
            }
        }
        return failed;
    }

    private int copyOne(final Domain caller, final GrantCopyBatch b, final int op) {
        final int len = b.length(op);
        if (len < 0 || len > PAGE_SIZE) {
            return GrantStatus.BAD_COPY_ARG;
        }
        final ByteBuffer src;
        final int srcIndex;
        final ByteBuffer local = b.sourceLocal(op);
        if (local == null) {
            final int frame = acquire(caller, b.sourceDomid(op), b.sourceRef(op), false);
            if (frame < 0) {
                return frame;
            }
            if (b.sourceOffset(op) < 0 || b.sourceOffset(op) + len > PAGE_SIZE) {
                return GrantStatus.BAD_COPY_ARG;
            }
            src = frames[frame];
            srcIndex = b.sourceOffset(op);
        } else {
            if ((b.sourceOffset(op) & (PAGE_SIZE - 1)) + len > PAGE_SIZE || b.sourceOffset(op) + len > local.capacity()) {
                return GrantStatus.BAD_COPY_ARG;
            }
            src = local;
            srcIndex = b.sourceOffset(op);
        }
        final ByteBuffer dst;
        final int dstIndex;
        final ByteBuffer localDst = b.destLocal(op);
        if (localDst == null) {
            final int frame = acquire(caller, b.destDomid(op), b.destRef(op), true);
            if (frame < 0) {
                return frame;
            }
            if (b.destOffset(op) < 0 || b.destOffset(op) + len > PAGE_SIZE) {
                return GrantStatus.BAD_COPY_ARG;
            }
            dst = frames[frame];
            dstIndex = b.destOffset(op);
        } else {
            if ((b.destOffset(op) & (PAGE_SIZE - 1)) + len > PAGE_SIZE || b.destOffset(op) + len > localDst.capacity()) {
                return GrantStatus.BAD_COPY_ARG;
            }
            dst = localDst;
            dstIndex = b.destOffset(op);
        }
        dst.put(dstIndex, src, srcIndex, len);
        return GrantStatus.OKAY;
    }

    private int acquire(final Domain caller, final int granterId, final int ref, final boolean write) {
        if (granterId < 0 || granterId >= domains.size() || granterId == caller.id()) {
            return GrantStatus.BAD_DOMAIN;
        }
        return domains.get(granterId).grants().acquire(ref, caller.id(), write);
    }

    /**
     * Maps another domain's granted page into {@code caller} ({@code GNTTABOP_map_grant_ref}).
     *
     * @param caller the mapping domain
     * @param granterId the granting domain
     * @param ref its grant reference
     * @param readonly true for a read-only mapping ({@code GNTMAP_readonly})
     * @return a handle (0 or more) for {@link #mapped} and {@link #unmap}, or a negative {@link GrantStatus}
     */
    public int map(final Domain caller, final int granterId, final int ref, final boolean readonly) {
        ledger.increment(Counter.GRANT_MAP);
        final int frame = acquire(caller, granterId, ref, !readonly);
        if (frame < 0) {
            ledger.increment(Counter.GRANT_MAP_FAILED);
            return frame;
        }
        final int h;
        if (freeHandleCount > 0) {
            h = freeHandles[--freeHandleCount];
        } else {
            if (handleCount == mapGranter.length) {
                final int n = handleCount * 2;
                mapGranter = Arrays.copyOf(mapGranter, n);
                mapRef = Arrays.copyOf(mapRef, n);
                mapFrame = Arrays.copyOf(mapFrame, n);
                mapWrite = Arrays.copyOf(mapWrite, n);
                freeHandles = Arrays.copyOf(freeHandles, n);
            }
            h = handleCount++;
        }
        mapGranter[h] = granterId;
        mapRef[h] = ref;
        mapFrame[h] = frame;
        mapWrite[h] = !readonly;
        domains.get(granterId).grants().pin(ref, !readonly);
        return h;
    }

    /**
     * @param handle a handle from {@link #map}
     * @return the mapped page (the granter's memory; a read-only mapping must not be written)
     */
    public ByteBuffer mapped(final int handle) {
        checkHandle(handle);
        return frames[mapFrame[handle]];
    }

    /**
     * Unmaps a page ({@code GNTTABOP_unmap_grant_ref}).
     *
     * @param handle a handle from {@link #map}
     */
    public void unmap(final int handle) {
        checkHandle(handle);
        ledger.increment(Counter.GRANT_UNMAP);
        domains.get(mapGranter[handle]).grants().unpin(mapRef[handle]);
        mapGranter[handle] = -1;
        freeHandles[freeHandleCount++] = handle;
    }

    private void checkHandle(final int handle) {
        if (handle < 0 || handle >= handleCount || mapGranter[handle] < 0) {
            throw new IllegalArgumentException("no grant mapping with handle " + handle);
        }
    }
}
