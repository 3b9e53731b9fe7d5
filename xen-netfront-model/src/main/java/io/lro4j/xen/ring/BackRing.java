package io.lro4j.xen.ring;

import java.nio.ByteBuffer;

/**
 * The backend's end of a shared ring ({@code struct netif_*_back_ring}): it consumes requests and produces
 * responses, each in the slot of the request it answers. Its private {@code req_cons} and
 * {@code rsp_prod_pvt} live here. Methods are the {@code ring.h} macros one for one.
 */
public final class BackRing extends RingEnd {

    private int reqCons;
    private int rspProdPvt;

    /**
     * {@code BACK_RING_INIT} over a mapped ring page.
     *
     * @param ring little-endian view of the page ({@link SharedRing#view})
     * @param slotSize bytes per slot
     */
    public BackRing(final ByteBuffer ring, final int slotSize) {
        super(ring, slotSize);
    }

    /** @return {@code req_cons} */
    public int requestConsumer() {
        return reqCons;
    }

    /** @param index the new {@code req_cons} */
    public void requestConsumer(final int index) {
        reqCons = index;
    }

    /** @return {@code rsp_prod_pvt} */
    public int responseProducer() {
        return rspProdPvt;
    }

    /** @param index the new {@code rsp_prod_pvt} */
    public void responseProducer(final int index) {
        rspProdPvt = index;
    }

    /** @return the shared {@code req_prod} */
    public int sharedRequestProducer() {
        return ring.getInt(SharedRing.REQ_PROD);
    }

    /** @param index the new shared {@code req_event}: notify me when {@code req_prod} passes it */
    public void requestEvent(final int index) {
        ring.putInt(SharedRing.REQ_EVENT, index);
    }

    /**
     * {@code RING_HAS_UNCONSUMED_REQUESTS}: requests published and not consumed, bounded by the slots whose
     * responses have been produced.
     *
     * @return the number of requests
     */
    public int unconsumedRequests() {
        final int posted = sharedRequestProducer() - reqCons;
        final int room = size() - (reqCons - rspProdPvt);
        return Integer.compareUnsigned(posted, room) < 0 ? posted : room;
    }

    /**
     * {@code RING_REQUEST_CONS_OVERFLOW}.
     *
     * @param cons a consumer index
     * @return true if consuming at {@code cons} would overrun responses not yet produced
     */
    public boolean requestConsOverflow(final int cons) {
        return Integer.compareUnsigned(cons - rspProdPvt, size()) >= 0;
    }

    /** {@code RING_PUSH_RESPONSES}. */
    public void pushResponses() {
        ring.putInt(SharedRing.RSP_PROD, rspProdPvt);
    }

    /**
     * {@code RING_PUSH_RESPONSES_AND_CHECK_NOTIFY}.
     *
     * @return true if the frontend asked to be notified of this push
     */
    public boolean pushResponsesAndCheckNotify() {
        final int old = ring.getInt(SharedRing.RSP_PROD);
        final int now = rspProdPvt;
        ring.putInt(SharedRing.RSP_PROD, now);
        return SharedRing.crosses(old, now, ring.getInt(SharedRing.RSP_EVENT));
    }

    /**
     * {@code RING_FINAL_CHECK_FOR_REQUESTS}.
     *
     * @return true if there are requests to consume
     */
    public boolean finalCheckForRequests() {
        if (unconsumedRequests() > 0) {
            return true;
        }
        ring.putInt(SharedRing.REQ_EVENT, reqCons + 1);
        return unconsumedRequests() > 0;
    }
}
