package io.lro4j.xen.ring;

import java.nio.ByteBuffer;

/**
 * The frontend's end of a shared ring ({@code struct netif_*_front_ring}): it produces requests and consumes
 * responses. Its private {@code req_prod_pvt} and {@code rsp_cons} live here; the shared indices live in the
 * page. Methods are the {@code ring.h} macros one for one.
 */
public final class FrontRing extends RingEnd {

    private int reqProdPvt;
    private int rspCons;

    /**
     * {@code FRONT_RING_INIT} over an initialised page.
     *
     * @param ring little-endian view of the page ({@link SharedRing#view})
     * @param slotSize bytes per slot
     */
    public FrontRing(final ByteBuffer ring, final int slotSize) {
        super(ring, slotSize);
    }

    /** @return {@code req_prod_pvt} */
    public int requestProducer() {
        return reqProdPvt;
    }

    /** @param index the new {@code req_prod_pvt} */
    public void requestProducer(final int index) {
        reqProdPvt = index;
    }

    /** @return {@code rsp_cons} */
    public int responseConsumer() {
        return rspCons;
    }

    /** @param index the new {@code rsp_cons} */
    public void responseConsumer(final int index) {
        rspCons = index;
    }

    /** @return the shared {@code rsp_prod} */
    public int sharedResponseProducer() {
        return ring.getInt(SharedRing.RSP_PROD);
    }

    /** @return the shared {@code req_prod} */
    public int sharedRequestProducer() {
        return ring.getInt(SharedRing.REQ_PROD);
    }

    /** @return {@code RING_FREE_REQUESTS} */
    public int freeRequests() {
        return size() - (reqProdPvt - rspCons);
    }

    /** @return {@code RING_FULL} */
    public boolean full() {
        return freeRequests() == 0;
    }

    /** @return {@code RING_HAS_UNCONSUMED_RESPONSES} */
    public int unconsumedResponses() {
        return sharedResponseProducer() - rspCons;
    }

    /** {@code RING_PUSH_REQUESTS}: publishes {@code req_prod_pvt}. */
    public void pushRequests() {
        ring.putInt(SharedRing.REQ_PROD, reqProdPvt);
    }

    /**
     * {@code RING_PUSH_REQUESTS_AND_CHECK_NOTIFY}.
     *
     * @return true if the backend asked to be notified of this push
     */
    public boolean pushRequestsAndCheckNotify() {
        final int old = ring.getInt(SharedRing.REQ_PROD);
        final int now = reqProdPvt;
        ring.putInt(SharedRing.REQ_PROD, now);
        return SharedRing.crosses(old, now, ring.getInt(SharedRing.REQ_EVENT));
    }

    /**
     * {@code RING_FINAL_CHECK_FOR_RESPONSES}: before going idle, ask to be notified of the next response
     * and look once more, so that a response pushed meanwhile is not missed.
     *
     * @return true if there are responses to consume
     */
    public boolean finalCheckForResponses() {
        if (unconsumedResponses() > 0) {
            return true;
        }
        ring.putInt(SharedRing.RSP_EVENT, rspCons + 1);
        return unconsumedResponses() > 0;
    }
}
