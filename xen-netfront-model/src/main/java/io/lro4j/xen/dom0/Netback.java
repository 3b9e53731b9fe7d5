package io.lro4j.xen.dom0;

import io.lro4j.api.packet.BufferPool;
import io.lro4j.api.packet.BufferRecycler;
import io.lro4j.api.packet.ChecksumState;
import io.lro4j.api.packet.GsoType;
import io.lro4j.api.packet.Packet;
import io.lro4j.api.packet.PacketPool;
import io.lro4j.api.packet.PieceConsumer;
import io.lro4j.xen.accounting.Counter;
import io.lro4j.xen.accounting.Ledger;
import io.lro4j.xen.hypervisor.Domain;
import io.lro4j.xen.hypervisor.GrantCopyBatch;
import io.lro4j.xen.hypervisor.GrantStatus;
import io.lro4j.xen.hypervisor.Hypervisor;
import io.lro4j.xen.ring.BackRing;
import io.lro4j.xen.ring.ExtraInfo;
import io.lro4j.xen.ring.FrontendDetails;
import io.lro4j.xen.ring.Netif;
import io.lro4j.xen.ring.RxRequest;
import io.lro4j.xen.ring.RxResponse;
import io.lro4j.xen.ring.SharedRing;
import io.lro4j.xen.ring.TxRequest;
import io.lro4j.xen.ring.TxResponse;
import io.lro4j.xen.skb.TcpLocator;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Netback in copy mode (Xen 3.1 {@code drivers/xen/netback/netback.c}): the driver domain's end of one
 * guest's vif, and a {@link BridgePort} of the bridge ({@code vif1.0}).
 *
 * <p><b>Guest receive.</b> The bridge's transmit goes through the vif's queue discipline (32 packets) into
 * {@code netif_be_start_xmit}, which drops the packet if the vif is not connected or the guest has posted
 * too few buffers, copies a head that crosses a page ({@code netbk_copy_skb}), reserves the packet's slots
 * and stops the queue (asking to be woken when enough requests are posted, through {@code req_event}) when
 * the ring is full. The RX tasklet ({@code net_rx_action}) then takes packets while {@code count + 18 < 256},
 * lays each out in slots ({@link SlottingPolicy}), issues one batch of grant copies into the guest's pages,
 * and writes the responses, each in the slot of the request it answers: slot 0 with the checksum flags
 * ({@code CHECKSUM_HW} → {@code csum_blank|data_validated}; validated → {@code data_validated}),
 * {@code more_data} on every data slot but the last, a GSO extra slot after slot 0. Responses are pushed
 * per packet, and the guest is notified once per batch if any push crossed its event index.
 *
 * <p><b>Guest transmit.</b> On the guest's event the TX work maps each request's page read-only, copies up to
 * {@code PKT_PROT_LEN} (64) bytes into a new packet's head, hangs the rest of the mapped page on as a fragment
 * (unmapped, and the response sent, when the packet is freed) and hands the packet to the bridge.
 * Simplified: one request per packet (no {@code more_data} or extra info on TX) and no credit scheduling.
 */
public final class Netback implements BridgePort {

    /** Packets the vif's queue discipline holds ({@code netbk_queue_length}). */
    public static final int QUEUE_LENGTH = 32;
    /** Bytes of a TX packet copied into its head ({@code PKT_PROT_LEN}). */
    public static final int PKT_PROT_LEN = 64;
    /**
     * Linear bytes {@code netbk_copy_skb} keeps in the new head: {@code SKB_MAX_HEAD(0)} on x86_64 2.6.18
     * (4096 minus the 320-byte cache-aligned {@code skb_shared_info}) less the 18-byte reserve.
     */
    public static final int COPY_SKB_HEAD = 4096 - 320 - 18;
    private static final int MAX_REQUIRED_SLOTS = Netif.MAX_SKB_FRAGS + 2;
    private static final int PAGE = Hypervisor.PAGE_SIZE;

    private final Domain dom0;
    private final Hypervisor hv;
    private final Ledger ledger;
    private final SlottingPolicy slotting;
    private final int extraFeatures;
    private final String name;
    private final PacketPool pool;
    private final BufferPool pages;
    private final int mtu;

    // Connection state, from the frontend's details.
    private @Nullable BackRing rx;
    private @Nullable BackRing tx;
    private int frontDomid = -1;
    private int port;
    private int rxRingHandle = -1;
    private int txRingHandle = -1;
    private int features;
    private boolean canQueue;
    private boolean gsoExtra;

    private @Nullable Bridge bridge;
    private int bridgePort = -1;

    // The qdisc and the RX queue (netif_be_start_xmit's rx_queue).
    private final @Nullable Packet[] qdisc = new Packet[QUEUE_LENGTH];
    private int qdiscHead;
    private int qdiscSize;
    private boolean stopped;
    private @Nullable Packet[] rxQueue = new Packet[64];
    private int rxHead;
    private int rxSize;
    private int reqConsPeek;
    private boolean rxScheduled;
    private boolean txScheduled;
    private final Runnable rxAction = this::rxAction;
    private final Runnable txAction = this::txAction;

    // One batch of net_rx_action: per packet, per slot, per copy.
    private final GrantCopyBatch copies = new GrantCopyBatch(256);
    private final @Nullable Packet[] batchPackets = new Packet[256];
    private final int[] batchFirstSlot = new int[257];
    private final int[] slotRequestId = new int[512];
    private final int[] slotBytes = new int[512];
    private final int[] slotFirstOp = new int[513];
    private int slots;
    private final RxRequest rxRequest = new RxRequest();
    private final RxResponse rxResponse = new RxResponse();
    private final ExtraInfo extra = new ExtraInfo();
    private final TxRequest txRequest = new TxRequest();
    private final TxResponse txResponse = new TxResponse();
    private final PieceConsumer densePiece = this::densePiece;
    private final TcpLocator headers = new TcpLocator();
    private int denseFill;

    // TX pending requests: the mapped page stays until the packet is freed.
    private static final int MAX_PENDING = 256;
    private final int[] pendingHandle = new int[MAX_PENDING];
    private final int[] pendingId = new int[MAX_PENDING];
    private final int[] pendingFree = new int[MAX_PENDING];
    private int pendingFreeCount;
    private final BufferRecycler[] pendingRelease = new BufferRecycler[MAX_PENDING];

    /**
     * Creates netback for one vif; {@link #connect} attaches the guest.
     *
     * @param dom0 the driver domain
     * @param name the vif's name, such as {@code "vif1.0"}
     * @param slotting how packets are laid out in slots
     * @param extraFeatures features beyond what the frontend negotiates ({@link PortFeatures#FRAGLIST} for
     *     a modern vif)
     * @param mtu the vif's MTU
     */
    public Netback(final Domain dom0, final String name, final SlottingPolicy slotting, final int extraFeatures, final int mtu) {
        this.dom0 = Objects.requireNonNull(dom0, "dom0");
        this.hv = dom0.hypervisor();
        this.ledger = hv.ledger();
        this.name = Objects.requireNonNull(name, "name");
        this.slotting = Objects.requireNonNull(slotting, "slotting");
        this.extraFeatures = extraFeatures;
        this.mtu = mtu;
        this.pages = new BufferPool();
        this.pool = new PacketPool(pages, Netif.MAX_SKB_FRAGS);
        for (int i = 0; i < MAX_PENDING; i++) {
            final int idx = i;
            pendingRelease[i] = b -> releasePending(idx);
            pendingFree[pendingFreeCount++] = MAX_PENDING - 1 - i;
        }
    }

    /**
     * Connects to a frontend ({@code connect_rings}): maps both ring pages, binds the event channel and sets
     * the vif's features from what the frontend asked for.
     *
     * @param front what the frontend wrote to xenstore
     */
    public void connect(final FrontendDetails front) {
        if (!front.requestRxCopy()) {
            throw new IllegalArgumentException("the model's netback supports copy mode only: request-rx-copy must be 1");
        }
        frontDomid = front.domid();
        rxRingHandle = hv.map(dom0, frontDomid, front.rxRingRef(), false);
        txRingHandle = hv.map(dom0, frontDomid, front.txRingRef(), false);
        if (rxRingHandle < 0 || txRingHandle < 0) {
            throw new IllegalStateException("cannot map the frontend's rings: " + GrantStatus.name(Math.min(rxRingHandle, txRingHandle)));
        }
        rx = new BackRing(SharedRing.view(hv.mapped(rxRingHandle)), Netif.RX_SLOT_SIZE);
        tx = new BackRing(SharedRing.view(hv.mapped(txRingHandle)), Netif.TX_SLOT_SIZE);
        port = hv.events().bindInterdomain(dom0, frontDomid, front.eventChannel());
        hv.events().bindHandler(dom0, port, this::interrupt);
        canQueue = front.featureRxNotify();
        gsoExtra = front.featureGsoTcpv4() || front.featureGsoTcpv6();
        features = PortFeatures.IP_CSUM | extraFeatures
                | (front.featureSg() ? PortFeatures.SG : 0)
                | (front.featureGsoTcpv4() ? PortFeatures.TSO : 0)
                | (front.featureGsoTcpv6() ? PortFeatures.TSO6 | PortFeatures.IPV6_CSUM : 0);
        reqConsPeek = 0;
    }

    /**
     * Tells netback which bridge port it is, for the guest's transmitted packets.
     *
     * @param bridge the bridge
     * @param port this vif's port number
     */
    public void attach(final Bridge bridge, final int port) {
        this.bridge = bridge;
        this.bridgePort = port;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int features() {
        return features;
    }

    @Override
    public int mtu() {
        return mtu;
    }

    /** @return true if the vif's queue is stopped for want of guest buffers */
    public boolean queueStopped() {
        return stopped;
    }

    /** @return the event channel port in the driver domain */
    public int eventPort() {
        return port;
    }

    // ------------------------------------------------------------------------------------ guest receive

    /** {@code dev_queue_xmit} onto the vif: through the queue discipline. */
    @Override
    public void transmit(final Packet packet) {
        if (qdiscSize == QUEUE_LENGTH) {
            ledger.increment(Counter.NETBACK_QDISC_DROPPED);
            packet.release();
            return;
        }
        qdisc[(qdiscHead + qdiscSize++) % QUEUE_LENGTH] = packet;
        runQueue();
    }

    /** {@code qdisc_run}: hand queued packets to the device while its queue runs. */
    private void runQueue() {
        while (qdiscSize > 0 && !stopped) {
            final Packet p = Objects.requireNonNull(qdisc[qdiscHead]);
            qdisc[qdiscHead] = null;
            qdiscHead = (qdiscHead + 1) % QUEUE_LENGTH;
            qdiscSize--;
            startXmit(p);
        }
    }

    /** {@code netif_be_start_xmit}. */
    private void startXmit(final Packet p0) {
        Packet p = p0;
        final BackRing r = rx;
        if (r == null || queueFull(r)) {
            ledger.increment(Counter.NETBACK_RX_DROPPED);
            p.release();
            return;
        }
        if (slotting == SlottingPolicy.XEN_3_1) {
            if (p.fragList() != null) {
                ledger.increment(Counter.NETBACK_FRAG_LIST_DROPPED);
                p.release();
                return;
            }
            if (p.headLength() + (p.headOffset() & PAGE - 1) >= PAGE) {
                final Packet copy = copySkb(p);
                if (copy == null) {
                    ledger.increment(Counter.NETBACK_RX_DROPPED);
                    return;
                }
                p = copy;
            }
        }
        reqConsPeek += slotsFor(p);
        if (canQueue && queueFull(r)) {
            r.requestEvent(reqConsPeek + MAX_REQUIRED_SLOTS);
            if (queueFull(r)) {
                stopped = true;
                ledger.increment(Counter.NETBACK_QUEUE_STOPS);
            }
        }
        if (rxSize == rxQueue.length) {
            final @Nullable Packet[] grown = new Packet[rxSize * 2];
            for (int i = 0; i < rxSize; i++) {
                grown[i] = rxQueue[(rxHead + i) % rxSize];
            }
            rxQueue = grown;
            rxHead = 0;
        }
        rxQueue[(rxHead + rxSize++) % rxQueue.length] = p;
        if (!rxScheduled) {
            rxScheduled = true;
            dom0.vcpu().schedule(rxAction);
        }
    }

    /** {@code netbk_queue_full}: too few posted requests, or too few slots free of unanswered requests. */
    private boolean queueFull(final BackRing r) {
        final int needed = MAX_REQUIRED_SLOTS;
        return Integer.compareUnsigned(r.sharedRequestProducer() - reqConsPeek, needed) < 0
                || Integer.compareUnsigned(r.responseProducer() + r.size() - reqConsPeek, needed) < 0;
    }

    private int slotsFor(final Packet p) {
        final int gso = p.gsoSize() != 0 && gsoExtra ? 1 : 0;
        if (slotting == SlottingPolicy.XEN_3_1) {
            return 1 + p.fragmentCount() + gso;
        }
        return Math.max(1, (p.length() + PAGE - 1) / PAGE) + gso;
    }

    /**
     * {@code netbk_copy_skb}: a new packet whose head holds up to {@link #COPY_SKB_HEAD} bytes and whose
     * fragments are fresh whole pages; the old packet is freed.
     */
    private @Nullable Packet copySkb(final Packet p) {
        final int length = p.length();
        final int head = Math.min(COPY_SKB_HEAD, p.headLength());
        if ((length - head + PAGE - 1) / PAGE > Netif.MAX_SKB_FRAGS) {
            p.release();
            return null;
        }
        final Packet n = pool.acquire(COPY_SKB_HEAD);
        p.copyRange(0, head, n.headBuffer(), n.headOffset());
        n.headLength(head);
        for (int at = head; at < length; at += PAGE) {
            final int chunk = Math.min(PAGE, length - at);
            final ByteBuffer page = pages.acquire(PAGE);
            p.copyRange(at, chunk, page, 0);
            n.addFragment(page, 0, chunk, pages);
        }
        n.copyMetadataFrom(p);
        ledger.increment(Counter.NETBACK_COPY_SKB);
        ledger.add(Counter.NETBACK_COPY_SKB_BYTES, length);
        p.release();
        return n;
    }

    /** {@code net_rx_action}: one batch. */
    private void rxAction() {
        rxScheduled = false;
        final BackRing r = rx;
        if (r == null) {
            return;
        }
        ledger.increment(Counter.NETBACK_RX_BATCHES);
        copies.clear();
        slots = 0;
        int packets = 0;
        int count = 0;
        while (rxSize > 0) {
            final Packet p = Objects.requireNonNull(rxQueue[rxHead]);
            rxQueue[rxHead] = null;
            rxHead = (rxHead + 1) % rxQueue.length;
            rxSize--;
            batchPackets[packets] = p;
            batchFirstSlot[packets] = slots;
            final int dataSlots = slotting == SlottingPolicy.XEN_3_1 ? gopXen31(r, p) : gopDense(r, p);
            packets++;
            count += dataSlots;
            if (count + Netif.MAX_SKB_FRAGS >= r.size()) {
                break;
            }
        }
        batchFirstSlot[packets] = slots;
        slotFirstOp[slots] = copies.size();
        hv.grantCopy(dom0, copies);
        boolean notify = false;
        for (int i = 0; i < packets; i++) {
            final Packet p = Objects.requireNonNull(batchPackets[i]);
            notify |= respond(r, p, batchFirstSlot[i], batchFirstSlot[i + 1]);
            p.release();
            batchPackets[i] = null;
        }
        if (notify) {
            ledger.increment(Counter.NETBACK_RX_NOTIFY);
            hv.events().send(dom0, port);
        }
        if (stopped && !queueFull(r)) {
            wake();
        }
        if (rxSize > 0 && !rxScheduled) {
            rxScheduled = true;
            dom0.vcpu().schedule(rxAction);
        }
    }

    /** {@code netbk_gop_skb}: head in request 0, the GSO extra's request skipped, a fragment per request. */
    private int gopXen31(final BackRing r, final Packet p) {
        final int cons = r.requestConsumer();
        final int extraSlots = p.gsoSize() != 0 && gsoExtra ? 1 : 0;
        addSlot(r, cons);
        copies.localToGrant(p.headBuffer(), p.headOffset(), frontDomid, rxRequest.gref(), 0, p.headLength());
        slotBytes[slots - 1] = p.headLength();
        for (int f = 0; f < p.fragmentCount(); f++) {
            addSlot(r, cons + 1 + extraSlots + f);
            copies.localToGrant(p.fragmentBuffer(f), p.fragmentOffset(f), frontDomid, rxRequest.gref(), 0,
                    p.fragmentLength(f));
            slotBytes[slots - 1] = p.fragmentLength(f);
        }
        r.requestConsumer(cons + 1 + extraSlots + p.fragmentCount());
        return 1 + p.fragmentCount();
    }

    /** {@code xenvif_rx_skb}: the packet's bytes packed into 4096-byte slots, no copy crossing a source page. */
    private int gopDense(final BackRing r, final Packet p) {
        final int cons = r.requestConsumer();
        final int extraSlots = p.gsoSize() != 0 && gsoExtra ? 1 : 0;
        final int first = slots;
        denseFirst = first;
        denseCons = cons;
        denseExtra = extraSlots;
        denseFill = PAGE; // no slot open yet
        p.forEachPiece(densePiece);
        if (slots == first) { // an empty packet still takes a slot
            addSlot(r, cons);
            slotBytes[slots - 1] = 0;
        }
        final int dataSlots = slots - first;
        r.requestConsumer(cons + dataSlots + extraSlots);
        return dataSlots;
    }

    // The packet gopDense is laying out.
    private int denseFirst;
    private int denseCons;
    private int denseExtra;

    private void densePiece(final ByteBuffer buffer, final int offset, final int length) {
        int at = offset;
        int left = length;
        while (left > 0) {
            if (denseFill == PAGE) {
                final int k = slots - denseFirst;
                addSlot(rx(), denseCons + k + (k > 0 ? denseExtra : 0));
                slotBytes[slots - 1] = 0;
                denseFill = 0;
            }
            final int chunk = Math.min(Math.min(left, PAGE - denseFill), PAGE - (at & PAGE - 1));
            copies.localToGrant(buffer, at, frontDomid, rxRequest.gref(), denseFill, chunk);
            denseFill += chunk;
            slotBytes[slots - 1] += chunk;
            at += chunk;
            left -= chunk;
        }
    }

    private BackRing rx() {
        return Objects.requireNonNull(rx, "rx");
    }

    /** Opens data slot {@code slots} on request {@code index}; {@link #rxRequest} then views that request. */
    private void addSlot(final BackRing r, final int index) {
        if (slots == slotRequestId.length) {
            throw new IllegalStateException("netback batch overflow");
        }
        rxRequest.wrap(r.page(), r.slot(index));
        slotRequestId[slots] = rxRequest.id();
        slotFirstOp[slots] = copies.size();
        slots++;
    }

    /** Writes one packet's responses and pushes them; returns true if the guest asked to be notified. */
    private boolean respond(final BackRing r, final Packet p, final int firstSlot, final int endSlot) {
        int status = Netif.NETIF_RSP_OKAY;
        for (int op = slotFirstOp[firstSlot]; op < slotFirstOp[endSlot]; op++) {
            if (copies.status(op) != GrantStatus.OKAY) {
                status = Netif.NETIF_RSP_ERROR;
            }
        }
        int flags = switch (p.checksumState()) {
            case PARTIAL -> Netif.NETRXF_CSUM_BLANK | Netif.NETRXF_DATA_VALIDATED;
            case UNNECESSARY -> Netif.NETRXF_DATA_VALIDATED;
            case NONE, COMPLETE -> 0;
        };
        final int dataSlots = endSlot - firstSlot;
        if (dataSlots > 1) {
            flags |= Netif.NETRXF_MORE_DATA;
        }
        final boolean gso = p.gsoSize() != 0 && gsoExtra;
        int prod = r.responseProducer();
        rxResponse.wrap(r.page(), r.slot(prod++)).set(slotRequestId[firstSlot], 0, flags,
                status < 0 ? status : slotBytes[firstSlot]);
        if (gso) {
            rxResponse.addFlags(Netif.NETRXF_EXTRA_INFO);
            // Xen 3.1 writes TCPv4 whatever the packet (it knows no other type); the dense netback writes the real one
            extra.wrap(r.page(), r.slot(prod++)).setGso(p.gsoSize(),
                    slotting == SlottingPolicy.DENSE && p.gsoType() == GsoType.TCPV6 ? Netif.XEN_NETIF_GSO_TYPE_TCPV6
                            : Netif.XEN_NETIF_GSO_TYPE_TCPV4);
            ledger.increment(Counter.NETBACK_RX_EXTRA_SLOTS);
        }
        for (int s = firstSlot + 1; s < endSlot; s++) {
            rxResponse.wrap(r.page(), r.slot(prod++)).set(slotRequestId[s], 0,
                    s + 1 < endSlot ? Netif.NETRXF_MORE_DATA : 0, status < 0 ? status : slotBytes[s]);
        }
        r.responseProducer(prod);
        ledger.add(Counter.NETBACK_RX_SLOTS, dataSlots + (gso ? 1 : 0));
        if (status < 0) {
            ledger.increment(Counter.NETBACK_RX_ERRORS);
        } else {
            ledger.increment(Counter.NETBACK_RX_PACKETS);
            ledger.add(Counter.NETBACK_RX_BYTES, p.length());
        }
        return r.pushResponsesAndCheckNotify();
    }

    private void wake() {
        stopped = false;
        runQueue();
    }

    // ----------------------------------------------------------------------------------- guest transmit

    /** {@code netif_be_int}: the guest posted RX buffers or TX requests. */
    private void interrupt() {
        if (!txScheduled) {
            txScheduled = true;
            dom0.vcpu().schedule(txAction);
        }
        final BackRing r = rx;
        if (stopped && r != null && !queueFull(r)) {
            wake();
        }
    }

    /** {@code net_tx_action}: every posted TX request. */
    private void txAction() {
        txScheduled = false;
        final BackRing t = tx;
        if (t == null) {
            return;
        }
        do {
            while (t.unconsumedRequests() > 0) {
                final int cons = t.requestConsumer();
                t.requestConsumer(cons + 1);
                txRequest.wrap(t.page(), t.slot(cons));
                transmitOne(t, txRequest.gref(), txRequest.offset(), txRequest.flags(), txRequest.id(), txRequest.size());
            }
        } while (t.finalCheckForRequests());
    }

    private void transmitOne(final BackRing t, final int gref, final int offset, final int flags, final int id, final int size) {
        final Bridge b = bridge;
        if (b == null || size < 14 || offset + size > PAGE
                || (flags & (Netif.NETTXF_MORE_DATA | Netif.NETTXF_EXTRA_INFO)) != 0 || pendingFreeCount == 0) {
            ledger.increment(Counter.NETBACK_TX_ERRORS);
            txRespond(t, id, Netif.NETIF_RSP_ERROR);
            return;
        }
        final int handle = hv.map(dom0, frontDomid, gref, true);
        if (handle < 0) {
            ledger.increment(Counter.NETBACK_TX_ERRORS);
            txRespond(t, id, Netif.NETIF_RSP_ERROR);
            return;
        }
        final ByteBuffer page = hv.mapped(handle);
        final int headLength = Math.min(size, PKT_PROT_LEN);
        final Packet p = pool.acquire(headLength);
        p.putHead(page, offset, headLength);
        ledger.add(Counter.NETBACK_TX_HEADER_BYTES, headLength);
        if (size > headLength) {
            final int idx = pendingFree[--pendingFreeCount];
            pendingHandle[idx] = handle;
            pendingId[idx] = id;
            p.addFragment(page, offset + headLength, size - headLength, pendingRelease[idx]);
        } else {
            hv.unmap(handle);
            txRespond(t, id, Netif.NETIF_RSP_OKAY);
        }
        if ((flags & Netif.NETTXF_CSUM_BLANK) != 0) {
            headers.markPartial(p);
        } else if ((flags & Netif.NETTXF_DATA_VALIDATED) != 0) {
            p.checksumState(ChecksumState.UNNECESSARY);
        }
        ledger.increment(Counter.NETBACK_TX_PACKETS);
        b.receive(bridgePort, p);
    }

    /** {@code netif_idx_release}: the packet holding a mapped TX page was freed. */
    private void releasePending(final int idx) {
        hv.unmap(pendingHandle[idx]);
        pendingFree[pendingFreeCount++] = idx;
        final BackRing t = tx;
        if (t != null) {
            txRespond(t, pendingId[idx], Netif.NETIF_RSP_OKAY);
        }
    }

    private void txRespond(final BackRing t, final int id, final int status) {
        final int prod = t.responseProducer();
        txResponse.wrap(t.page(), t.slot(prod)).set(id, status);
        t.responseProducer(prod + 1);
        if (t.pushResponsesAndCheckNotify()) {
            hv.events().send(dom0, port);
        }
    }

    /** @return packets waiting in the queue discipline and the RX queue */
    public int queued() {
        return qdiscSize + rxSize;
    }

    /** Unmaps the rings; queued packets are freed. */
    public void disconnect() {
        while (qdiscSize > 0) {
            Objects.requireNonNull(qdisc[qdiscHead]).release();
            qdisc[qdiscHead] = null;
            qdiscHead = (qdiscHead + 1) % QUEUE_LENGTH;
            qdiscSize--;
        }
        while (rxSize > 0) {
            Objects.requireNonNull(rxQueue[rxHead]).release();
            rxQueue[rxHead] = null;
            rxHead = (rxHead + 1) % rxQueue.length;
            rxSize--;
        }
        if (rx != null) {
            hv.unmap(rxRingHandle);
            hv.unmap(txRingHandle);
            rx = null;
            tx = null;
        }
    }
}
