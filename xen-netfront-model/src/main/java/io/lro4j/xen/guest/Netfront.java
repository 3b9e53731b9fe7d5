package io.lro4j.xen.guest;

import io.lro4j.api.AggregationMode;
import io.lro4j.api.LroConfig;
import io.lro4j.api.LroStats;
import io.lro4j.api.PacketSink;
import io.lro4j.api.packet.BufferPool;
import io.lro4j.api.packet.BufferRecycler;
import io.lro4j.api.packet.ChecksumState;
import io.lro4j.api.packet.GsoType;
import io.lro4j.api.packet.Packet;
import io.lro4j.api.packet.PacketPool;
import io.lro4j.spi.LroManager;
import io.lro4j.spi.seeker.SoftwareHeaderSeeker;
import io.lro4j.xen.accounting.Counter;
import io.lro4j.xen.accounting.Ledger;
import io.lro4j.xen.hypervisor.Domain;
import io.lro4j.xen.hypervisor.Hypervisor;
import io.lro4j.xen.ring.ExtraInfo;
import io.lro4j.xen.ring.FrontRing;
import io.lro4j.xen.ring.FrontendDetails;
import io.lro4j.xen.ring.Netif;
import io.lro4j.xen.ring.RxRequest;
import io.lro4j.xen.ring.RxResponse;
import io.lro4j.xen.ring.SharedRing;
import io.lro4j.xen.ring.TxRequest;
import io.lro4j.xen.ring.TxResponse;
import io.lro4j.xen.skb.TcpLocator;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * Netfront (Xen 3.1 {@code drivers/xen/netfront/netfront.c}): the guest's virtual NIC, with LRO through the
 * driver SPI. It shares an RX and a TX ring page with netback, granted to the driver domain, and one event
 * channel.
 *
 * <p><b>Receive buffers.</b> Each RX request offers one guest page, granted writable to the backend; the
 * number posted follows X31's adaptive {@code rx_target} (doubling when the backend nearly ran out, less one
 * when three quarters stay unused; requests are pushed once a batch of half the target is ready).
 *
 * <p><b>Poll.</b> The event handler schedules a NAPI poll. The poll ({@code netif_poll}) takes at most a
 * budget of packets: for each, {@code xennet_get_responses} walks slot 0, its extra-info slots (whose pages
 * go back on the ring) and the {@code more_data} chain; a bad status or offset, a missing or unknown extra,
 * a chain cut short ({@code -ENOENT}) or more slots than {@code MAX_SKB_FRAGS} allows ({@code -E2BIG}) drops
 * the packet and counts an error. A good packet is built in one of two shapes:
 * <ul>
 *   <li><b>skb mode</b> (chain-mode LRO, or no LRO): a single-slot packet is an ordinary linear packet whose
 *       data is the page itself; a multi-slot packet is fragmented, as X31 builds it: the first 256 bytes copied
 *       into the head, the rest of slot 0 and every later slot as page fragments;</li>
 *   <li><b>page mode</b> (fragments-mode LRO): every slot's page is a fragment and the head is empty, as
 *       inet_lro's {@code lro_receive_frags} takes it; nothing is copied.</li>
 * </ul>
 * The checksum flags become the checksum state ({@link NetfrontEra}), a GSO extra becomes GSO information,
 * and the packet goes to LRO, whose {@code flushAll()} ends the poll. The poll then refills the ring and, if
 * it finished under budget, re-arms the event index ({@code RING_FINAL_CHECK_FOR_RESPONSES}) or polls again.
 * In skb mode the engine refuses the fragmented packets (counted as fragmented input) and passes them up
 * untouched; in page mode it aggregates them.
 *
 * <p>A backend that produces more responses than there are requests is taken as broken and receiving stops,
 * as today's netfront does ({@code RING_RESPONSE_PROD_OVERFLOW}); X31 had no such check.
 *
 * <p><b>Transmit.</b> {@link #transmit} copies a frame into a page, grants it read-only and posts one TX
 * request; the event handler reclaims pages whose responses came back.
 */
public final class Netfront {

    private static final int PAGE = Hypervisor.PAGE_SIZE;
    private static final int NO_PAGE = -1;

    private final Domain guest;
    private final Hypervisor hv;
    private final Ledger ledger;
    private final int backend;
    private final NetfrontOptions options;
    private final PacketSink stack;
    private final LroManager lro;
    private final boolean pageMode;
    private final PacketPool pool;
    private final BufferPool heads = new BufferPool();

    private final int rxRingFrame;
    private final int txRingFrame;
    private final int rxRingRef;
    private final int txRingRef;
    private final FrontRing rx;
    private final FrontRing tx;
    private final int port;

    // Pages the guest allocated for receive and transmit: index → frame, buffer, recycler.
    private int[] pageFrame = new int[512];
    private ByteBuffer[] pageBuffer = new ByteBuffer[512];
    private BufferRecycler[] pageRecycler = new BufferRecycler[512];
    private int pageCount;
    private int[] freePages = new int[512];
    private int freePageCount;
    private final int[] batch = new int[512];
    private int batchSize;

    // Per RX slot id (ring index & 255): the posted page and its grant; NO_PAGE once taken.
    private final int[] rxPage;
    private final int[] rxRef;
    private int rxTarget;
    private int takenRef;

    // Per TX id: the page and its grant.
    private final int[] txPage;
    private final int[] txRef;
    private final int[] txFreeIds;
    private int txFreeCount;

    private boolean pollScheduled;
    private boolean broken;
    private final Runnable pollTask = this::poll;
    private boolean connected;

    // One packet of xennet_get_responses: each slot's page and response (offset, length), copied out as the
    // slot is taken, because a slot moved back onto a full ring writes its request over a response.
    private final int[] slotPage = new int[64];
    private final int[] slotOffset = new int[64];
    private final int[] slotLength = new int[64];
    private int gsoSize;
    private int gsoType;
    private final RxRequest request = new RxRequest();
    private final RxResponse response = new RxResponse();
    private final ExtraInfo extra = new ExtraInfo();
    private final TxRequest txRequest = new TxRequest();
    private final TxResponse txResponse = new TxResponse();
    private final TcpLocator headers = new TcpLocator();

    /**
     * Creates netfront in {@code guest} for a backend in {@code backendDomid}: allocates and grants its ring
     * pages and an unbound event channel. {@link #details()} is what it writes to xenstore; call
     * {@link #connected()} once the backend has connected.
     *
     * @param guest the guest domain
     * @param backendDomid the driver domain
     * @param options the driver's set-up
     * @param lroConfig LRO for its receive path ({@link LroConfig#enabled()} false for none)
     * @param stack the guest's network stack
     */
    public Netfront(final Domain guest, final int backendDomid, final NetfrontOptions options, final LroConfig lroConfig,
            final PacketSink stack) {
        this.guest = Objects.requireNonNull(guest, "guest");
        this.hv = guest.hypervisor();
        this.ledger = hv.ledger();
        this.backend = backendDomid;
        this.options = Objects.requireNonNull(options, "options");
        this.stack = Objects.requireNonNull(stack, "stack");
        this.pageMode = lroConfig.enabled() && lroConfig.mode() == AggregationMode.FRAGMENTS;
        // page mode appends one fragment per merged slot: room for a whole aggregate's pages
        this.pool = new PacketPool(heads, pageMode ? Math.max(Netif.MAX_SKB_FRAGS + 1, 2 * lroConfig.maxAggregated() + 1)
                : Netif.MAX_SKB_FRAGS + 1);
        final SoftwareHeaderSeeker seeker = new SoftwareHeaderSeeker(true, false);
        this.lro = LroManager.create(lroConfig, this::up, seeker, seeker);
        rxRingFrame = guest.allocatePage();
        txRingFrame = guest.allocatePage();
        final ByteBuffer rxView = SharedRing.view(guest.page(rxRingFrame));
        final ByteBuffer txView = SharedRing.view(guest.page(txRingFrame));
        SharedRing.init(rxView);
        SharedRing.init(txView);
        rx = new FrontRing(rxView, Netif.RX_SLOT_SIZE);
        tx = new FrontRing(txView, Netif.TX_SLOT_SIZE);
        rxRingRef = guest.grants().grantAccess(backendDomid, rxRingFrame, false);
        txRingRef = guest.grants().grantAccess(backendDomid, txRingFrame, false);
        port = hv.events().allocUnbound(guest, backendDomid);
        hv.events().bindHandler(guest, port, this::interrupt);
        rxPage = new int[rx.size()];
        rxRef = new int[rx.size()];
        Arrays.fill(rxPage, NO_PAGE);
        txPage = new int[tx.size()];
        txRef = new int[tx.size()];
        txFreeIds = new int[tx.size()];
        for (int i = tx.size() - 1; i >= 0; i--) {
            txFreeIds[txFreeCount++] = i;
        }
        rxTarget = options.rxTargetMin();
    }

    /** @return what netfront writes to xenstore for the backend */
    public FrontendDetails details() {
        return new FrontendDetails(guest.id(), txRingRef, rxRingRef, port, true, true, true, true,
                options.era() == NetfrontEra.MODERN);
    }

    /** The backend has connected: post the first receive buffers ({@code network_connect}). */
    public void connected() {
        connected = true;
        allocRxBuffers();
    }

    /** @return the event channel port in the guest */
    public int eventPort() {
        return port;
    }

    /** @return the LRO engine's counters */
    public LroStats lroStats() {
        return lro.stats();
    }

    /** @return true if the backend answered more requests than were posted, after which netfront stops receiving */
    public boolean broken() {
        return broken;
    }

    /** @return the RX front ring (for tests and statistics) */
    public FrontRing rxRing() {
        return rx;
    }

    /** @return the current RX fill target */
    public int rxTarget() {
        return rxTarget;
    }

    // ----------------------------------------------------------------------------------------- pages

    private int acquirePage() {
        if (freePageCount > 0) {
            return freePages[--freePageCount];
        }
        if (pageCount == pageFrame.length) {
            final int n = pageCount * 2;
            pageFrame = Arrays.copyOf(pageFrame, n);
            pageBuffer = Arrays.copyOf(pageBuffer, n);
            pageRecycler = Arrays.copyOf(pageRecycler, n);
            freePages = Arrays.copyOf(freePages, n);
        }
        final int i = pageCount++;
        pageFrame[i] = guest.allocatePage();
        pageBuffer[i] = guest.page(pageFrame[i]);
        pageRecycler[i] = b -> freePages[freePageCount++] = i;
        return i;
    }

    private void freePage(final int i) {
        freePages[freePageCount++] = i;
    }

    /** @return pages netfront allocated that are neither posted nor free: held by packets */
    public int pagesHeld() {
        int posted = rx.requestProducer() - rx.responseConsumer();
        posted += tx.size() - txFreeCount;
        return pageCount - freePageCount - batchSize - posted;
    }

    // --------------------------------------------------------------------------------------- refill

    /** {@code network_alloc_rx_buffers}. */
    private void allocRxBuffers() {
        if (!connected) {
            return;
        }
        final int reqProd = rx.requestProducer();
        final int batchTarget = rxTarget - (reqProd - rx.responseConsumer());
        while (batchSize < batchTarget) {
            batch[batchSize++] = acquirePage();
        }
        if (batchSize < rxTarget / 2) {
            if (reqProd != rx.sharedRequestProducer()) {
                push();
            }
            return;
        }
        if (reqProd - rx.sharedResponseProducer() < rxTarget / 4) {
            rxTarget = Math.min(rxTarget * 2, options.rxTargetMax());
        }
        int i = 0;
        while (batchSize > 0) {
            final int page = batch[--batchSize];
            final int id = reqProd + i & rx.size() - 1;
            rxPage[id] = page;
            rxRef[id] = guest.grants().grantAccess(backend, pageFrame[page], false);
            request.wrap(rx.page(), rx.slot(reqProd + i)).set(id, rxRef[id]);
            i++;
        }
        ledger.add(Counter.NETFRONT_RX_POSTED, i);
        rx.requestProducer(reqProd + i);
        push();
    }

    private void push() {
        if (rx.pushRequestsAndCheckNotify()) {
            ledger.increment(Counter.NETFRONT_RX_NOTIFY);
            hv.events().send(guest, port);
        }
    }

    /**
     * {@code xennet_get_rx_skb} and {@code xennet_get_rx_ref}: takes a consumed slot's page; its grant is then
     * in {@link #takenRef}. The slot is empty until a request is posted in it again.
     */
    private int takeRxSlot(final int index) {
        final int id = index & rx.size() - 1;
        final int page = rxPage[id];
        if (page == NO_PAGE) {
            throw new IllegalStateException("RX slot " + id + " taken twice");
        }
        rxPage[id] = NO_PAGE;
        takenRef = rxRef[id];
        return page;
    }

    /** {@code xennet_move_rx_slot}: puts a taken page and its grant back on the ring, unchanged. */
    private void moveRxSlot(final int page, final int ref) {
        final int prod = rx.requestProducer();
        final int id = prod & rx.size() - 1;
        if (rxPage[id] != NO_PAGE) { // Linux: BUG_ON(np->rx_skbs[new])
            throw new IllegalStateException("RX slot " + id + " still holds a page");
        }
        rxPage[id] = page;
        rxRef[id] = ref;
        request.wrap(rx.page(), rx.slot(prod)).set(id, ref);
        rx.requestProducer(prod + 1);
    }

    // ------------------------------------------------------------------------------------------ poll

    /** {@code netif_int}: reclaim transmitted pages; schedule the poll if responses wait. */
    private void interrupt() {
        collectTx();
        if (connected && rx.unconsumedResponses() != 0) {
            schedulePoll();
        }
    }

    private void schedulePoll() {
        if (!pollScheduled) {
            pollScheduled = true;
            guest.vcpu().schedule(pollTask);
        }
    }

    /** {@code netif_poll}. */
    private void poll() {
        pollScheduled = false;
        if (broken) {
            return;
        }
        ledger.increment(Counter.NETFRONT_POLLS);
        final int budget = options.budget();
        final int rp = rx.sharedResponseProducer();
        int i = rx.responseConsumer();
        if (Integer.compareUnsigned(rp - i, rx.requestProducer() - i) > 0) {
            // more responses than requests: a broken or hostile backend (today's RING_RESPONSE_PROD_OVERFLOW)
            broken = true;
            ledger.increment(Counter.NETFRONT_RX_ERRORS);
            return;
        }
        int work = 0;
        while (i != rp && work < budget) {
            i = receiveOne(i, rp);
            work++;
        }
        rx.responseConsumer(i);
        lro.flushAll();
        if (rx.requestProducer() - rx.sharedResponseProducer() > 3 * rxTarget / 4
                && --rxTarget < options.rxTargetMin()) {
            rxTarget = options.rxTargetMin();
        }
        allocRxBuffers();
        if (work < budget ? rx.finalCheckForResponses() : true) {
            schedulePoll();
        }
    }

    /**
     * {@code xennet_get_responses} and the packet's construction. As in Linux, the head's response is copied
     * and its page taken before the extra slots go back on the ring, and every later slot's page and response
     * are copied as it is taken: with every slot posted, a moved slot's request lands on the head's response.
     *
     * @return the index after the packet's last slot
     */
    private int receiveOne(final int cons0, final int rp) {
        response.wrap(rx.page(), rx.slot(cons0));
        final int flags0 = response.flags();
        int status = response.status();
        int offset = response.offset();
        int flags = flags0;
        int page = takeRxSlot(cons0);
        int ref = takenRef;
        gsoSize = 0;
        gsoType = 0;
        int error = 0;
        int cons = cons0;
        if ((flags0 & Netif.NETRXF_EXTRA_INFO) != 0) {
            // xennet_get_extras: every extra slot's page goes straight back on the ring
            int more;
            do {
                if (cons + 1 == rp) {
                    error = -1; // -EBADR: missing extra info
                    break;
                }
                extra.wrap(rx.page(), rx.slot(++cons));
                final int type = extra.type();
                more = extra.flags() & Netif.XEN_NETIF_EXTRA_FLAG_MORE;
                if (type == Netif.XEN_NETIF_EXTRA_TYPE_GSO) {
                    gsoSize = extra.gsoSize();
                    gsoType = extra.gsoType();
                } else {
                    error = -1; // -EINVAL: the model's Xen 3.1 knows the GSO extra only
                }
                final int extraPage = takeRxSlot(cons);
                moveRxSlot(extraPage, takenRef);
            } while (more != 0);
        }
        final int max = Netif.MAX_SKB_FRAGS + (status <= Netif.RX_COPY_THRESHOLD ? 1 : 0);
        int slots = 0;
        int dataSlots = 0;
        int bytes = 0;
        int next = cons;
        while (true) {
            dataSlots++;
            if (status < 0 || offset + status > PAGE) {
                moveRxSlot(page, ref);
                error = -1;
            } else if (slots < slotPage.length) {
                endGrant(ref);
                slotPage[slots] = page;
                slotOffset[slots] = offset;
                slotLength[slots] = status;
                slots++;
                bytes += status;
            } else {
                endGrant(ref);
                freePage(page);
                error = -1;
            }
            if ((flags & Netif.NETRXF_MORE_DATA) == 0) {
                break;
            }
            if (next + 1 == rp) {
                error = -1; // -ENOENT: need more frags
                break;
            }
            response.wrap(rx.page(), rx.slot(++next));
            status = response.status();
            offset = response.offset();
            flags = response.flags();
            page = takeRxSlot(next);
            ref = takenRef;
        }
        if (dataSlots > max) {
            ledger.increment(Counter.NETFRONT_E2BIG);
            error = -1;
        }
        final int after = next + 1;
        ledger.add(Counter.NETFRONT_RX_SLOTS, after - cons0);
        if (error == 0 && gsoSize != 0 && !gsoAccepted()) {
            error = -1;
        }
        if (error != 0) {
            ledger.increment(Counter.NETFRONT_RX_ERRORS);
            for (int s = 0; s < slots; s++) {
                freePage(slotPage[s]);
            }
            return after;
        }
        deliver(slots, bytes, flags0);
        return after;
    }

    private boolean gsoAccepted() {
        return gsoType == Netif.XEN_NETIF_GSO_TYPE_TCPV4
                || (gsoType == Netif.XEN_NETIF_GSO_TYPE_TCPV6 && options.era() == NetfrontEra.MODERN);
    }

    private void endGrant(final int ref) {
        if (!guest.grants().release(ref)) {
            throw new IllegalStateException("the backend still maps the RX page of grant " + ref);
        }
    }

    /** Builds the packet from its slots and hands it to LRO. */
    private void deliver(final int slots, final int bytes, final int flags0) {
        final Packet p = pool.acquire();
        if (pageMode) {
            for (int s = 0; s < slots; s++) {
                addSlot(p, s);
            }
        } else if (slots == 1) {
            final int page = slotPage[0];
            p.setHead(pageBuffer[page], slotOffset[0], slotLength[0], pageRecycler[page]);
        } else {
            final int page = slotPage[0];
            final int headLength = Math.min(slotLength[0], Netif.RX_COPY_THRESHOLD);
            final ByteBuffer head = heads.acquire(Netif.RX_COPY_THRESHOLD);
            head.put(0, pageBuffer[page], slotOffset[0], headLength);
            p.setHead(head, 0, headLength, heads);
            ledger.add(Counter.NETFRONT_HEADER_COPY_BYTES, headLength);
            if (slotLength[0] > headLength) {
                p.addFragment(pageBuffer[page], slotOffset[0] + headLength, slotLength[0] - headLength,
                        pageRecycler[page]);
            } else {
                freePage(page);
            }
            for (int s = 1; s < slots; s++) {
                addSlot(p, s);
            }
        }
        if (options.era() == NetfrontEra.XEN_3_1) {
            if ((flags0 & (Netif.NETRXF_DATA_VALIDATED | Netif.NETRXF_CSUM_BLANK)) != 0) {
                p.checksumState(ChecksumState.UNNECESSARY);
            }
        } else if ((flags0 & Netif.NETRXF_CSUM_BLANK) != 0) {
            headers.markPartial(p);
        } else if ((flags0 & Netif.NETRXF_DATA_VALIDATED) != 0) {
            p.checksumState(ChecksumState.UNNECESSARY);
        }
        if (gsoSize != 0) {
            p.gso(gsoType == Netif.XEN_NETIF_GSO_TYPE_TCPV6 ? GsoType.TCPV6 : GsoType.TCPV4, gsoSize, 0, 0);
            ledger.increment(Counter.NETFRONT_RX_GSO);
        }
        p.timestampNanos(hv.scheduler().now());
        ledger.increment(Counter.NETFRONT_RX_PACKETS);
        ledger.add(Counter.NETFRONT_RX_BYTES, bytes);
        if (slots > 1) {
            ledger.increment(Counter.NETFRONT_RX_MULTI_SLOT);
        }
        if (pageMode) {
            if (p.fragmentCount() == 0) {
                up(p); // an empty packet: nothing for LRO to look at
            } else {
                lro.receiveFrags(p);
            }
        } else {
            lro.receiveSkb(p);
        }
    }

    /** Adds slot {@code s} of the packet being built as a page fragment (an empty slot frees its page). */
    private void addSlot(final Packet p, final int s) {
        final int page = slotPage[s];
        if (slotLength[s] > 0) {
            p.addFragment(pageBuffer[page], slotOffset[s], slotLength[s], pageRecycler[page]);
        } else {
            freePage(page);
        }
    }

    /** Where LRO delivers: the guest's stack. */
    private void up(final Packet p) {
        ledger.increment(Counter.GUEST_PACKETS);
        ledger.add(Counter.GUEST_BYTES, p.length());
        if (p.isFragmented()) {
            ledger.increment(Counter.GUEST_FRAGMENTED);
        }
        stack.deliver(p);
    }

    // -------------------------------------------------------------------------------------- transmit

    /**
     * Sends a frame from the guest ({@code network_start_xmit}): copied into a page, granted read-only, posted
     * as one TX request with the checksum complete.
     *
     * @param frame the frame
     * @param offset absolute index of its first byte
     * @param length its length, 14 to 4096 bytes
     * @return false if it was dropped (ring full, not connected, bad length)
     */
    public boolean transmit(final ByteBuffer frame, final int offset, final int length) {
        if (!connected || txFreeCount == 0 || tx.full() || length < 14 || length > PAGE) {
            ledger.increment(Counter.NETFRONT_TX_DROPPED);
            return false;
        }
        final int page = acquirePage();
        pageBuffer[page].put(0, frame, offset, length);
        final int id = txFreeIds[--txFreeCount];
        txPage[id] = page;
        txRef[id] = guest.grants().grantAccess(backend, pageFrame[page], true);
        final int prod = tx.requestProducer();
        txRequest.wrap(tx.page(), tx.slot(prod)).set(txRef[id], 0, 0, id, length);
        tx.requestProducer(prod + 1);
        ledger.increment(Counter.NETFRONT_TX_PACKETS);
        if (tx.pushRequestsAndCheckNotify()) {
            ledger.increment(Counter.NETFRONT_TX_NOTIFY);
            hv.events().send(guest, port);
        }
        return true;
    }

    /** {@code network_tx_buf_gc}: end the grants of sent pages and free them. */
    private void collectTx() {
        do {
            final int prod = tx.sharedResponseProducer();
            for (int i = tx.responseConsumer(); i != prod; i++) {
                txResponse.wrap(tx.page(), tx.slot(i));
                final int id = txResponse.id();
                if (!guest.grants().release(txRef[id])) {
                    throw new IllegalStateException("the backend still maps TX page " + id);
                }
                freePage(txPage[id]);
                txFreeIds[txFreeCount++] = id;
            }
            tx.responseConsumer(prod);
        } while (tx.finalCheckForResponses());
    }

    /** Delivers anything LRO holds. */
    public void flush() {
        lro.flushAll();
    }
}
