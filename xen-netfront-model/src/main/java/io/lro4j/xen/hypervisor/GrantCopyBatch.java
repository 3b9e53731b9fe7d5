package io.lro4j.xen.hypervisor;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A batch of {@code GNTTABOP_copy} operations, issued in one hypercall with {@link Hypervisor#grantCopy}.
 * Each side of an operation is either a grant reference of another domain ({@code GNTCOPY_source_gref} or
 * {@code GNTCOPY_dest_gref}) or the caller's own memory, and each operation gets its own status. The batch
 * is struct-of-arrays and reused, as netback reuses its static {@code grant_copy_op[]} array.
 */
public final class GrantCopyBatch {

    private int size;
    private int[] srcDomid;
    private int[] srcRef;
    private @Nullable ByteBuffer[] srcLocal;
    private int[] srcOffset;
    private int[] dstDomid;
    private int[] dstRef;
    private @Nullable ByteBuffer[] dstLocal;
    private int[] dstOffset;
    private int[] length;
    private int[] status;

    /**
     * Creates an empty batch.
     *
     * @param capacity initial number of operations (it grows)
     */
    public GrantCopyBatch(final int capacity) {
        final int n = Math.max(1, capacity);
        srcDomid = new int[n];
        srcRef = new int[n];
        srcLocal = new ByteBuffer[n];
        srcOffset = new int[n];
        dstDomid = new int[n];
        dstRef = new int[n];
        dstLocal = new ByteBuffer[n];
        dstOffset = new int[n];
        length = new int[n];
        status = new int[n];
    }

    /**
     * Adds a copy from the caller's memory into another domain's granted page (netback's RX copy).
     *
     * @param source the caller's buffer
     * @param sourceOffset absolute index in it
     * @param destDomid the granting domain
     * @param destRef its grant reference
     * @param destOffset offset in the granted page
     * @param len bytes
     * @return the operation's index
     */
    public int localToGrant(final ByteBuffer source, final int sourceOffset, final int destDomid, final int destRef,
            final int destOffset, final int len) {
        final int i = next();
        srcLocal[i] = source;
        srcOffset[i] = sourceOffset;
        srcDomid[i] = -1;
        dstLocal[i] = null;
        dstDomid[i] = destDomid;
        dstRef[i] = destRef;
        dstOffset[i] = destOffset;
        length[i] = len;
        return i;
    }

    /**
     * Adds a copy from another domain's granted page into the caller's memory.
     *
     * @param sourceDomid the granting domain
     * @param sourceRef its grant reference
     * @param sourceOffset offset in the granted page
     * @param dest the caller's buffer
     * @param destOffset absolute index in it
     * @param len bytes
     * @return the operation's index
     */
    public int grantToLocal(final int sourceDomid, final int sourceRef, final int sourceOffset, final ByteBuffer dest,
            final int destOffset, final int len) {
        final int i = next();
        srcLocal[i] = null;
        srcDomid[i] = sourceDomid;
        srcRef[i] = sourceRef;
        srcOffset[i] = sourceOffset;
        dstLocal[i] = dest;
        dstOffset[i] = destOffset;
        dstDomid[i] = -1;
        length[i] = len;
        return i;
    }

    private int next() {
        if (size == length.length) {
            final int n = size * 2;
            srcDomid = Arrays.copyOf(srcDomid, n);
            srcRef = Arrays.copyOf(srcRef, n);
            srcLocal = Arrays.copyOf(srcLocal, n);
            srcOffset = Arrays.copyOf(srcOffset, n);
            dstDomid = Arrays.copyOf(dstDomid, n);
            dstRef = Arrays.copyOf(dstRef, n);
            dstLocal = Arrays.copyOf(dstLocal, n);
            dstOffset = Arrays.copyOf(dstOffset, n);
            length = Arrays.copyOf(length, n);
            status = Arrays.copyOf(status, n);
        }
        status[size] = GrantStatus.OKAY;
        return size++;
    }

    /** Empties the batch (buffers are forgotten). */
    public void clear() {
        Arrays.fill(srcLocal, 0, size, null);
        Arrays.fill(dstLocal, 0, size, null);
        size = 0;
    }

    /** @return number of operations */
    public int size() {
        return size;
    }

    /**
     * @param op an operation's index
     * @return its status after {@link Hypervisor#grantCopy}: {@link GrantStatus#OKAY} or a failure
     */
    public int status(final int op) {
        return status[op];
    }

    /**
     * @param op an operation's index
     * @return its length
     */
    public int length(final int op) {
        return length[op];
    }

    // Accessors for the hypervisor.
    boolean sourceIsGrant(final int op) {
        return srcLocal[op] == null;
    }

    @Nullable ByteBuffer sourceLocal(final int op) {
        return srcLocal[op];
    }

    int sourceDomid(final int op) {
        return srcDomid[op];
    }

    int sourceRef(final int op) {
        return srcRef[op];
    }

    int sourceOffset(final int op) {
        return srcOffset[op];
    }

    @Nullable ByteBuffer destLocal(final int op) {
        return dstLocal[op];
    }

    int destDomid(final int op) {
        return dstDomid[op];
    }

    int destRef(final int op) {
        return dstRef[op];
    }

    int destOffset(final int op) {
        return dstOffset[op];
    }

    void status(final int op, final int value) {
        status[op] = value;
    }
}
