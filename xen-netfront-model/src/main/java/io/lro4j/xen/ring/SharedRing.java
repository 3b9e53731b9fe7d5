package io.lro4j.xen.ring;

import io.lro4j.xen.hypervisor.Hypervisor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The layout of a shared ring page ({@code DEFINE_RING_TYPES}, Xen {@code public/io/ring.h}): four free-running
 * 32-bit indices, padding to 64 bytes, then the slots, each the union of a request and a response. A
 * response is written over its request's slot.
 *
 * <pre>
 *   0               4               8               12              16          64
 *  +---------------+---------------+---------------+---------------+-- ... ---+----------+----------+--
 *  |   req_prod    |   req_event   |   rsp_prod    |   rsp_event   |  padding | slot 0   | slot 1   |
 *  +---------------+---------------+---------------+---------------+-- ... ---+----------+----------+--
 * </pre>
 *
 * <p>The slot count is (page - 64) / slot size rounded down to a power of two: 256 for the RX ring (8-byte
 * slots) and for the TX ring (12-byte slots). An index maps to a slot as {@code index & (size - 1)}. The
 * page is little-endian, as on x86; {@link #view} gives the little-endian view of one.
 */
public final class SharedRing {

    /** Offset of {@code req_prod}. */
    public static final int REQ_PROD = 0;
    /** Offset of {@code req_event}. */
    public static final int REQ_EVENT = 4;
    /** Offset of {@code rsp_prod}. */
    public static final int RSP_PROD = 8;
    /** Offset of {@code rsp_event}. */
    public static final int RSP_EVENT = 12;
    /** Offset of the first slot. */
    public static final int SLOTS = 64;

    private SharedRing() {
    }

    /**
     * {@code __RING_SIZE}: the number of slots of a given size in a page.
     *
     * @param slotSize bytes per slot (the larger of request and response)
     * @return slots, a power of two
     */
    public static int size(final int slotSize) {
        return Integer.highestOneBit((Hypervisor.PAGE_SIZE - SLOTS) / slotSize);
    }

    /**
     * @param page a ring page
     * @return its little-endian view
     */
    public static ByteBuffer view(final ByteBuffer page) {
        return page.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * {@code SHARED_RING_INIT}: producers 0, event indices 1.
     *
     * @param ring a little-endian view of the page
     */
    public static void init(final ByteBuffer ring) {
        ring.putInt(REQ_PROD, 0);
        ring.putInt(RSP_PROD, 0);
        ring.putInt(REQ_EVENT, 1);
        ring.putInt(RSP_EVENT, 1);
    }

    /**
     * The notify rule of {@code RING_PUSH_*_AND_CHECK_NOTIFY}: the peer asked to be woken when the producer
     * passes {@code event}; notify iff this push moved it from {@code old} past it, with 32-bit wrap-around.
     *
     * @param old the shared producer before the push
     * @param now the shared producer after it
     * @param event the peer's event index
     * @return true if the peer must be notified
     */
    public static boolean crosses(final int old, final int now, final int event) {
        return Integer.compareUnsigned(now - event, now - old) < 0;
    }
}
