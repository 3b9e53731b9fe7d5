package io.lro4j.xen.hypervisor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One domain's grant table (version 1): the entries through which it lets another domain copy into, copy
 * from or map one of its pages. The granter fills an entry and the hypervisor checks every foreign access
 * against it. Entries are kept in their real little-endian layout (Xen 3.1 {@code grant_entry_t}):
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-------------------------------+-------------------------------+
 *  |        flags (GTF_*)          |     domid (who may access)    |  0
 *  +-------------------------------+-------------------------------+
 *  |                 frame (the granted page's frame)              |  4
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>References 0 to 7 are reserved, as Linux reserves them for the console and xenstore. While a grant is
 * mapped its entry carries {@link #GTF_READING} (and {@link #GTF_WRITING} for a writable mapping), and
 * {@link #endAccess} refuses to revoke it, as {@code gnttab_end_foreign_access_ref} does.
 */
public final class GrantTable {

    /** Entry type: the entry grants nothing. */
    public static final int GTF_INVALID = 0;
    /** Entry type: the named domain may map or copy the frame. */
    public static final int GTF_PERMIT_ACCESS = 1;
    /** Mask of the entry type bits. */
    public static final int GTF_TYPE_MASK = 3;
    /** The access is read-only. */
    public static final int GTF_READONLY = 1 << 2;
    /** Set by the hypervisor while the grantee has the frame mapped. */
    public static final int GTF_READING = 1 << 3;
    /** Set by the hypervisor while the grantee has the frame mapped writable. */
    public static final int GTF_WRITING = 1 << 4;

    /** Bytes per entry. */
    public static final int ENTRY_SIZE = 8;
    /** Offset of {@code flags}. */
    public static final int FLAGS_OFFSET = 0;
    /** Offset of {@code domid}. */
    public static final int DOMID_OFFSET = 2;
    /** Offset of {@code frame}. */
    public static final int FRAME_OFFSET = 4;
    /** References reserved for the console and xenstore. */
    public static final int RESERVED_ENTRIES = 8;

    private final ByteBuffer entries;
    private final int capacity;
    private final int[] maps;
    private final int[] free;
    private int freeCount;

    /**
     * Creates an empty table.
     *
     * @param capacity number of entries (a multiple of 512 in Xen: one page of entries each)
     */
    public GrantTable(final int capacity) {
        if (capacity <= RESERVED_ENTRIES || capacity > 1 << 20) {
            throw new IllegalArgumentException("grant table capacity must be between 9 and 2^20, was " + capacity);
        }
        this.capacity = capacity;
        this.entries = ByteBuffer.allocate(capacity * ENTRY_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        this.maps = new int[capacity];
        this.free = new int[capacity - RESERVED_ENTRIES];
        for (int r = capacity - 1; r >= RESERVED_ENTRIES; r--) {
            free[freeCount++] = r;
        }
    }

    /**
     * Grants {@code domid} access to a frame ({@code gnttab_grant_foreign_access}).
     *
     * @param domid the domain allowed in
     * @param frame the granted frame
     * @param readonly true to forbid writes
     * @return the grant reference
     * @throws IllegalStateException if every reference is in use
     */
    public int grantAccess(final int domid, final int frame, final boolean readonly) {
        if (freeCount == 0) {
            throw new IllegalStateException("grant table full: all " + (capacity - RESERVED_ENTRIES) + " references in use");
        }
        final int ref = free[--freeCount];
        grantAccess(ref, domid, frame, readonly);
        return ref;
    }

    /**
     * Fills a reference the caller already holds ({@code gnttab_grant_foreign_access_ref}): the frame and
     * domain first, then the flags, as the granter must.
     *
     * @param ref the reference
     * @param domid the domain allowed in
     * @param frame the granted frame
     * @param readonly true to forbid writes
     */
    public void grantAccess(final int ref, final int domid, final int frame, final boolean readonly) {
        final int at = checkRef(ref) * ENTRY_SIZE;
        entries.putShort(at + DOMID_OFFSET, (short) domid);
        entries.putInt(at + FRAME_OFFSET, frame);
        entries.putShort(at + FLAGS_OFFSET, (short) (GTF_PERMIT_ACCESS | (readonly ? GTF_READONLY : 0)));
    }

    /**
     * Revokes a grant ({@code gnttab_end_foreign_access_ref}); the reference stays the caller's.
     *
     * @param ref the reference
     * @return false if the grantee still has the frame mapped (the grant is left in place)
     */
    public boolean endAccess(final int ref) {
        final int at = checkRef(ref) * ENTRY_SIZE;
        if ((flags(ref) & (GTF_READING | GTF_WRITING)) != 0) {
            return false;
        }
        entries.putShort(at + FLAGS_OFFSET, (short) GTF_INVALID);
        return true;
    }

    /**
     * Revokes a grant and frees its reference.
     *
     * @param ref the reference
     * @return false if the grant is still mapped (nothing is freed)
     */
    public boolean release(final int ref) {
        if (!endAccess(ref)) {
            return false;
        }
        free[freeCount++] = ref;
        return true;
    }

    /**
     * @param ref a reference
     * @return its flags
     */
    public int flags(final int ref) {
        return entries.getShort(checkRef(ref) * ENTRY_SIZE + FLAGS_OFFSET) & 0xFFFF;
    }

    /**
     * @param ref a reference
     * @return the domain it grants access to
     */
    public int domid(final int ref) {
        return entries.getShort(checkRef(ref) * ENTRY_SIZE + DOMID_OFFSET) & 0xFFFF;
    }

    /**
     * @param ref a reference
     * @return the frame it grants
     */
    public int frame(final int ref) {
        return entries.getInt(checkRef(ref) * ENTRY_SIZE + FRAME_OFFSET);
    }

    /** @return number of entries */
    public int capacity() {
        return capacity;
    }

    /** @return references in use */
    public int inUse() {
        return capacity - RESERVED_ENTRIES - freeCount;
    }

    /**
     * The hypervisor's check of a foreign access ({@code _set_status}): the entry must permit access to
     * {@code requester}, and writably if {@code write}.
     *
     * @param ref the reference
     * @param requester the domain asking
     * @param write true for a write
     * @return the frame, or a negative {@link GrantStatus}
     */
    int acquire(final int ref, final int requester, final boolean write) {
        if (ref < 0 || ref >= capacity) {
            return GrantStatus.BAD_GNTREF;
        }
        final int f = flags(ref);
        if ((f & GTF_TYPE_MASK) != GTF_PERMIT_ACCESS || domid(ref) != requester) {
            return GrantStatus.GENERAL_ERROR;
        }
        if (write && (f & GTF_READONLY) != 0) {
            return GrantStatus.GENERAL_ERROR;
        }
        return frame(ref);
    }

    /** Marks a mapping of {@code ref} (GTF_reading, and GTF_writing when writable). */
    void pin(final int ref, final boolean write) {
        maps[ref]++;
        final int at = ref * ENTRY_SIZE + FLAGS_OFFSET;
        entries.putShort(at, (short) (flags(ref) | GTF_READING | (write ? GTF_WRITING : 0)));
    }

    /** Ends one mapping of {@code ref}; the last one clears GTF_reading and GTF_writing. */
    void unpin(final int ref) {
        if (--maps[ref] == 0) {
            final int at = ref * ENTRY_SIZE + FLAGS_OFFSET;
            entries.putShort(at, (short) (flags(ref) & ~(GTF_READING | GTF_WRITING)));
        }
    }

    private int checkRef(final int ref) {
        if (ref < 0 || ref >= capacity) {
            throw new IllegalArgumentException("grant reference " + ref + " is outside the table (0 to " + (capacity - 1) + ")");
        }
        return ref;
    }
}
