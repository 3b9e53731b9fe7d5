package io.lro4j.drivers.rtl8169;

import io.lro4j.api.LroConfig;
import io.lro4j.api.LroStats;
import io.lro4j.api.PacketSink;
import io.lro4j.api.packet.BufferPool;
import io.lro4j.api.packet.ChecksumState;
import io.lro4j.api.packet.Packet;
import io.lro4j.api.packet.PacketPool;
import io.lro4j.spi.LroManager;
import io.lro4j.spi.seeker.SoftwareHeaderSeeker;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The driver side of the RTL8169 model: Linux's r8169 receive path with LRO in it, as the paper's Guest-2
 * put it, following {@code rtl8169_interrupt}, {@code rtl8169_poll} and {@code rtl8169_rx_interrupt} of
 * 2.6.18 (or today's driver, per {@link DriverEra}).
 *
 * <pre>
 *  interrupt: {@link #isr()}     read IntrStatus, ack it, mask the NAPI events, schedule the poll
 *  poll:      {@link #poll(int)} for up to min(budget, ring room) descriptors the device handed back:
 *                  RES             drop, count by kind, re-arm the buffer
 *                  not FS|LS       drop (over-MTU frame), count, re-arm
 *                  else            length - FCS, checksum state from the bits, VLAN tag from opts2,
 *                                  copybreak copy or zero-copy hand-off, LRO receive
 *             LRO flushAll; refill consumed slots; reclaim sent TX descriptors;
 *             under budget: NAPI complete and unmask
 * </pre>
 *
 * The step methods ({@link #beginPoll}, {@link #rxOne}, {@link #endPoll}) are the same poll split where
 * time passes, for a host that interleaves arrivals with the poll ({@link Rtl8169Host}). LRO runs in skb
 * mode on linear packets whose headers a software seeker locates (the chip does not parse for LRO) and whose
 * checksum state comes from the descriptor, in either aggregation mode of the configuration.
 * Not thread-safe, like NAPI.
 */
public final class Rtl8169Driver implements AutoCloseable {

    /** Receive descriptors ({@code NUM_RX_DESC}). */
    public static final int NUM_RX_DESC = 256;
    /** Transmit descriptors ({@code NUM_TX_DESC}). */
    public static final int NUM_TX_DESC = 64;
    /** Bytes reserved before a received frame so the IP header is aligned ({@code NET_IP_ALIGN}). */
    public static final int NET_IP_ALIGN = 2;

    private static final int FCS = EthernetLink.FCS_LENGTH;

    private final Rtl8169Device device;
    private final BusAddressSpace bus;
    private final Rtl8169Options options;
    private final DriverEra era;
    private final int rxBufferSize;
    private final int lengthMask;
    private final BufferPool buffers = new BufferPool();
    private final PacketPool pool;
    private final LroManager lro;
    private final DescriptorRing rxRing = new DescriptorRing(NUM_RX_DESC);
    private final DescriptorRing txRing = new DescriptorRing(NUM_TX_DESC);
    /** 2.6.18: the packet whose head is each slot's buffer, null once handed up (Rx_skbuff). */
    private final @Nullable Packet[] rxPacket = new Packet[NUM_RX_DESC];
    /** Modern: each slot's persistent buffer (Rx_databuff). */
    private final @Nullable ByteBuffer[] rxData = new ByteBuffer[NUM_RX_DESC];
    private final long[] rxMapping = new long[NUM_RX_DESC];
    private final @Nullable ByteBuffer[] txBuffer = new ByteBuffer[NUM_TX_DESC];
    private final long[] txMapping = new long[NUM_TX_DESC];
    private final int[] txLength = new int[NUM_TX_DESC];
    private final long[] perPoll;
    private final Map<String, Long> counters = new LinkedHashMap<>();
    private int curRx;
    private int dirtyRx;
    private int curTx;
    private int dirtyTx;
    private int intrMask = Rtl8169Registers.INTR_MASK_DEFAULT;
    private boolean napiScheduled;
    private int failAllocations;
    private IntConsumer pollListener = work -> { };
    private boolean closed;

    // counters (fields, not map entries, on the per-packet path)
    private long rxPackets;
    private long rxBytes;
    private long rxErrors;
    private long rxCrcErrors;
    private long rxLengthErrors;
    private long rxRunt;
    private long rxTooLong;
    private long rxFifoOverflow;
    private long rxFragmented;
    private long rxDropped;
    private long rxCopybreak;
    private long rxChecksumOk;
    private long rxChecksumNone;
    private long rxVlanTags;
    private long rxBuffersExhausted;
    private long allocFailures;
    private long interrupts;
    private long polls;
    private long pollsAtBudget;
    private long txPackets;
    private long txBytes;
    private long txBusy;

    /**
     * Opens the driver on a device: allocates and maps the receive buffers, arms all 256 descriptors,
     * programs the chip (C+ command, receive configuration, mitigation, interrupt mask) and enables it.
     *
     * @param device the chip
     * @param bus its DMA address space
     * @param config the LRO configuration
     * @param stack where received packets go
     * @param options the driver's set-up
     * @param wire where the chip transmits
     */
    public Rtl8169Driver(final Rtl8169Device device, final BusAddressSpace bus, final LroConfig config,
            final PacketSink stack, final Rtl8169Options options, final Rtl8169Device.FrameSink wire) {
        this.device = device;
        this.bus = bus;
        this.options = options;
        this.era = options.era();
        this.rxBufferSize = era.rxBufferSize();
        this.lengthMask = era == DriverEra.LINUX_2_6_18 ? 0x1FFF : RxDescriptor.LENGTH_MASK;
        this.pool = new PacketPool(buffers, Math.max(Packet.DEFAULT_MAX_FRAGMENTS, config.maxAggregated()));
        final SoftwareHeaderSeeker seeker = new SoftwareHeaderSeeker(true, false);
        this.lro = LroManager.create(config, stack, seeker, null);
        this.perPoll = new long[options.weight() + 1];
        for (int i = 0; i < NUM_RX_DESC; i++) {
            if (!fill(i)) {
                throw new IllegalStateException("cannot allocate receive buffer " + i + " at open");
            }
        }
        // cur_rx = dirty_rx = 0 with every slot armed: dirty_rx counts slots refilled, so the loop may look at
        // 256 + dirty_rx - cur_rx descriptors before reaching one not yet refilled.
        device.rxRing(rxRing);
        device.txRing(txRing, wire);
        device.cplusCmd(Rtl8169Registers.CPLUS_PCI_MUL_RW
                | (options.rxChecksum() ? Rtl8169Registers.CPLUS_RX_CHKSUM : 0)
                | (options.vlanExtraction() ? Rtl8169Registers.CPLUS_RX_VLAN : 0));
        device.rxConfig(options.acceptErrors() ? Rtl8169Registers.ACCEPT_ERR | Rtl8169Registers.ACCEPT_RUNT : 0);
        device.rxMaxSize(0x3FFF);
        device.intrMitigate(options.intrMitigate());
        device.intrMask(intrMask);
    }

    // -------------------------------------------------------------------------------- buffers

    /** Gives slot {@code i} a buffer (2.6.18: a new packet; modern: a persistent buffer once) and arms it. */
    private boolean fill(final int i) {
        if (era == DriverEra.MODERN) {
            ByteBuffer data = rxData[i];
            if (data == null) {
                data = ByteBuffer.allocate(rxBufferSize + NET_IP_ALIGN);
                rxData[i] = data;
                rxMapping[i] = bus.map(data) + NET_IP_ALIGN;
            }
            markToAsic(i);
            return true;
        }
        if (failAllocations > 0) {
            failAllocations--;
            allocFailures++;
            return false;
        }
        final ByteBuffer buffer = buffers.acquire(rxBufferSize + NET_IP_ALIGN);
        final Packet p = pool.acquire();
        p.setHead(buffer, NET_IP_ALIGN, 0, buffers); // skb_reserve(skb, NET_IP_ALIGN)
        rxPacket[i] = p;
        rxMapping[i] = bus.map(buffer) + NET_IP_ALIGN;
        markToAsic(i);
        return true;
    }

    /** {@code rtl8169_mark_to_asic}: opts2 cleared, the address, then OWN | EOR (kept) | buffer size. */
    private void markToAsic(final int i) {
        rxRing.opts2(i, 0);
        rxRing.address(i, rxMapping[i]);
        rxRing.opts1(i, DescriptorRing.OWN | (rxRing.opts1(i) & DescriptorRing.EOR) | rxBufferSize);
    }

    /**
     * Sets what is told, at the end of every poll, how many descriptors it processed: a trace of polls over
     * time for research, and how tests learn which frames shared a poll.
     *
     * @param listener receives each poll's work
     */
    public void pollListener(final IntConsumer listener) {
        this.pollListener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Makes the next {@code n} receive buffer allocations fail (2.6.18 only): fault injection for the
     * "Rx buffers exhausted" path, where slots stay dead until a later refill succeeds.
     *
     * @param n allocations to fail
     */
    public void failAllocations(final int n) {
        failAllocations = n;
    }

    // ------------------------------------------------------------------------------- interrupt

    /**
     * The interrupt handler: reads {@code IntrStatus}, acknowledges it and, for a receive or transmit event,
     * masks the NAPI events and schedules the poll.
     *
     * @return true if the interrupt was the device's
     */
    public boolean isr() {
        int status = device.intrStatus();
        if (status == 0 || status == 0xFFFF) {
            return false;
        }
        status &= intrMask;
        if (status == 0) {
            return false;
        }
        interrupts++;
        // RxFIFOOver also acknowledges RxOverflow (2.6.18 rtl8169_interrupt).
        device.ackIntrStatus((status & Rtl8169Registers.RX_FIFO_OVER) != 0 ? status | Rtl8169Registers.RX_OVERFLOW : status);
        if ((status & Rtl8169Registers.NAPI_EVENTS) != 0 && !napiScheduled) {
            device.intrMask(intrMask & ~Rtl8169Registers.NAPI_EVENTS);
            napiScheduled = true;
        }
        return true;
    }

    /** @return true while a poll is scheduled (interrupts for NAPI events are masked) */
    public boolean napiScheduled() {
        return napiScheduled;
    }

    // ------------------------------------------------------------------------------------ poll

    /**
     * One NAPI poll: {@link #beginPoll}, {@link #rxOne} until the limit or an empty descriptor, {@link #endPoll}.
     *
     * @param budget the most descriptors to process
     * @return descriptors processed
     */
    public int poll(final int budget) {
        final int limit = beginPoll(budget);
        int work = 0;
        while (work < limit && rxOne()) {
            work++;
        }
        endPoll(work, budget);
        return work;
    }

    /**
     * Starts a poll.
     *
     * @param budget the poll's budget, at most the weight
     * @return how many descriptors it may process: 2.6.18 {@code min(256 + dirty_rx - cur_rx, budget)},
     *     modern {@code min(budget, 256)}
     */
    public int beginPoll(final int budget) {
        if (closed) {
            throw new IllegalStateException("driver is closed");
        }
        if (budget < 1 || budget > options.weight()) {
            throw new IllegalArgumentException("budget must be between 1 and the weight " + options.weight() + ", was " + budget);
        }
        final int room = era == DriverEra.MODERN ? NUM_RX_DESC : NUM_RX_DESC + dirtyRx - curRx;
        return Math.min(room, budget);
    }

    /**
     * Processes the descriptor at {@code cur_rx} if the device has handed it back.
     *
     * @return false if the device still owns it (nothing done)
     */
    public boolean rxOne() {
        final int entry = Math.floorMod(curRx, NUM_RX_DESC);
        final int status = rxRing.opts1(entry);
        if ((status & DescriptorRing.OWN) != 0) {
            return false;
        }
        if ((status & RxDescriptor.RX_RES) != 0) {
            rxErrors++;
            if ((status & (RxDescriptor.RX_RWT | RxDescriptor.RX_RUNT)) != 0) {
                rxLengthErrors++;
            }
            if ((status & RxDescriptor.RX_CRC) != 0) {
                rxCrcErrors++;
            }
            rxRunt += (status & RxDescriptor.RX_RUNT) != 0 ? 1 : 0;
            rxTooLong += (status & RxDescriptor.RX_RWT) != 0 ? 1 : 0;
            rxFifoOverflow += (status & RxDescriptor.RX_FOVF) != 0 ? 1 : 0;
            markToAsic(entry);
        } else if ((status & (DescriptorRing.FS | DescriptorRing.LS)) != (DescriptorRing.FS | DescriptorRing.LS)) {
            rxDropped++; // a frame that spilled over several buffers: larger than the MTU allows
            rxLengthErrors++;
            rxFragmented++;
            markToAsic(entry);
        } else {
            receive(entry, status);
        }
        curRx++;
        return true;
    }

    private void receive(final int entry, final int status) {
        final int size = (status & lengthMask) - FCS;
        final int opts2 = rxRing.opts2(entry); // read before a copybreak re-arms the descriptor and clears it
        final Packet p;
        if (era == DriverEra.MODERN) {
            p = copy(entry, size, NET_IP_ALIGN, rxData[entry]);
            markToAsic(entry);
        } else if (size < options.rxCopybreak()) {
            final Packet ring = rxPacket[entry];
            p = copy(entry, size, ring == null ? 0 : ring.headOffset(), ring == null ? null : ring.headBuffer());
            rxCopybreak++;
            markToAsic(entry);
        } else {
            final Packet ring = rxPacket[entry];
            if (ring == null) {
                throw new IllegalStateException("descriptor " + entry + " handed back without a buffer");
            }
            bus.unmap(rxMapping[entry] - NET_IP_ALIGN); // pci_unmap_single
            rxPacket[entry] = null;
            p = ring.headLength(size);
        }
        rxPackets++;
        rxBytes += size;
        p.checksumState(csum(status)).timestampNanos(device.arrivalNanos(entry)).ingressDevice(options.device());
        if (p.checksumState() == ChecksumState.UNNECESSARY) {
            rxChecksumOk++;
        } else {
            rxChecksumNone++;
        }
        if ((opts2 & RxDescriptor.RX_VLAN_TAG) != 0) {
            rxVlanTags++;
            p.vlanTag(Short.reverseBytes((short) opts2) & 0xFFFF); // swab16
        }
        lro.receiveSkb(p);
    }

    private Packet copy(final int entry, final int size, final int offset, final @Nullable ByteBuffer from) {
        if (from == null) {
            throw new IllegalStateException("descriptor " + entry + " handed back without a buffer");
        }
        final Packet p = pool.acquire(size);
        p.putHead(from, offset, size);
        return p;
    }

    /** {@code rtl8169_rx_csum}, by era. */
    private ChecksumState csum(final int opts1) {
        final int proto = opts1 & RxDescriptor.PROTO_MASK;
        final boolean ok;
        if (era == DriverEra.LINUX_2_6_18) {
            ok = (proto == RxDescriptor.PROTO_TCP && (opts1 & RxDescriptor.TCP_FAIL) == 0)
                    || (proto == RxDescriptor.PROTO_UDP && (opts1 & RxDescriptor.UDP_FAIL) == 0)
                    || (proto == RxDescriptor.PROTO_IP && (opts1 & RxDescriptor.IP_FAIL) == 0);
        } else {
            final int s = opts1 & (RxDescriptor.PROTO_MASK | RxDescriptor.IP_FAIL | RxDescriptor.UDP_FAIL | RxDescriptor.TCP_FAIL);
            ok = s == RxDescriptor.PROTO_TCP || s == RxDescriptor.PROTO_UDP;
        }
        return ok ? ChecksumState.UNNECESSARY : ChecksumState.NONE;
    }

    /**
     * Ends a poll: LRO {@code flushAll}, refill (2.6.18), transmit completion, and, under budget, NAPI
     * complete and the NAPI events unmasked.
     *
     * @param work descriptors processed
     * @param budget the poll's budget
     * @return true if the poll completed (interrupts unmasked); false if it used its whole budget and must run again
     */
    public boolean endPoll(final int work, final int budget) {
        lro.flushAll();
        if (era == DriverEra.LINUX_2_6_18) {
            refill();
        }
        txComplete();
        polls++;
        perPoll[Math.min(work, perPoll.length - 1)]++;
        pollListener.accept(work);
        if (work >= budget) {
            pollsAtBudget++;
            return false;
        }
        napiScheduled = false;
        device.intrMask(intrMask);
        return true;
    }

    /** {@code rtl8169_rx_fill(dirty_rx, cur_rx)}: stops at the first allocation that fails. */
    private void refill() {
        int cur = dirtyRx;
        for (; curRx - cur > 0; cur++) {
            final int i = Math.floorMod(cur, NUM_RX_DESC);
            if (rxPacket[i] != null) {
                continue;
            }
            if (!fill(i)) {
                break;
            }
        }
        dirtyRx = cur;
        if (dirtyRx + NUM_RX_DESC == curRx) {
            rxBuffersExhausted++; // "Rx buffers exhausted"
        }
    }

    // ------------------------------------------------------------------------------- transmit

    /**
     * Queues a frame for transmission ({@code rtl8169_start_xmit}, linear frames): copies it into a mapped
     * buffer, arms a descriptor and kicks the chip.
     *
     * @param frame the frame, Ethernet header first, checksums filled in
     * @param offset absolute index of its first byte
     * @param length its length without FCS
     * @param nanos the time now
     * @return false if the transmit ring is full (the frame is not sent; the stack would requeue it)
     */
    public boolean startXmit(final ByteBuffer frame, final int offset, final int length, final long nanos) {
        if (closed) {
            throw new IllegalStateException("driver is closed");
        }
        if (curTx - dirtyTx >= NUM_TX_DESC) {
            txBusy++;
            return false;
        }
        final int entry = Math.floorMod(curTx, NUM_TX_DESC);
        final ByteBuffer buffer = buffers.acquire(length);
        buffer.put(0, frame, offset, length);
        txBuffer[entry] = buffer;
        txMapping[entry] = bus.map(buffer);
        txLength[entry] = length;
        txRing.opts2(entry, 0);
        txRing.address(entry, txMapping[entry]);
        txRing.opts1(entry, DescriptorRing.OWN | (txRing.opts1(entry) & DescriptorRing.EOR) | DescriptorRing.FS
                | DescriptorRing.LS | length);
        curTx++;
        device.txPoll(nanos); // RTL_W8(TxPoll, NPQ)
        return true;
    }

    /** {@code rtl8169_tx_interrupt}: reclaims descriptors the chip has sent. */
    private void txComplete() {
        while (dirtyTx != curTx) {
            final int entry = Math.floorMod(dirtyTx, NUM_TX_DESC);
            if (txRing.ownedByNic(entry)) {
                break;
            }
            releaseTx(entry);
            txPackets++;
            txBytes += txLength[entry];
            dirtyTx++;
        }
    }

    // ---------------------------------------------------------------------------------- state

    /** @return the receive ring, for inspection */
    public DescriptorRing rxRing() {
        return rxRing;
    }

    /** @return the transmit ring, for inspection */
    public DescriptorRing txRing() {
        return txRing;
    }

    /** @return {@code cur_rx}, the next descriptor the driver inspects (free-running) */
    public int curRx() {
        return curRx;
    }

    /** @return {@code dirty_rx}, the next descriptor to refill (free-running; 2.6.18) */
    public int dirtyRx() {
        return dirtyRx;
    }

    /** @return the options the driver was opened with */
    public Rtl8169Options options() {
        return options;
    }

    /** @return the pool delivered packets come from */
    public PacketPool pool() {
        return pool;
    }

    /** @return the LRO engine's counters */
    public LroStats lroStats() {
        return lro.stats();
    }

    /** @return the driver's and the chip's counters, with the LRO engine's */
    public Rtl8169Stats stats() {
        counters.clear();
        counters.put("rx_packets", rxPackets);
        counters.put("rx_bytes", rxBytes);
        counters.put("rx_errors", rxErrors);
        counters.put("rx_crc_errors", rxCrcErrors);
        counters.put("rx_length_errors", rxLengthErrors);
        counters.put("rx_runt", rxRunt);
        counters.put("rx_too_long", rxTooLong);
        counters.put("rx_fifo_overflow", rxFifoOverflow);
        counters.put("rx_fragmented_frames", rxFragmented);
        counters.put("rx_dropped", rxDropped);
        counters.put("rx_missed", device.rxMissed());
        counters.put("rx_hw_dropped_errors", device.droppedErrors());
        counters.put("rx_copybreak", rxCopybreak);
        counters.put("rx_csum_unnecessary", rxChecksumOk);
        counters.put("rx_csum_none", rxChecksumNone);
        counters.put("rx_vlan_tags", rxVlanTags);
        counters.put("rx_buffers_exhausted", rxBuffersExhausted);
        counters.put("rx_alloc_failures", allocFailures);
        counters.put("dma_faults", device.dmaFaults());
        counters.put("interrupts", interrupts);
        counters.put("polls", polls);
        counters.put("polls_at_budget", pollsAtBudget);
        counters.put("tx_packets", txPackets);
        counters.put("tx_bytes", txBytes);
        counters.put("tx_busy", txBusy);
        return new Rtl8169Stats(counters, perPoll, lro.stats());
    }

    /**
     * Flushes LRO, frees every buffer (receive slots and unsent transmit buffers) and stops the chip's
     * interrupts. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        lro.flushAll();
        closed = true;
        device.intrMask(0);
        for (int i = 0; i < NUM_RX_DESC; i++) {
            rxRing.opts1(i, rxRing.opts1(i) & ~DescriptorRing.OWN);
            final Packet p = rxPacket[i];
            if (p != null) {
                bus.unmap(rxMapping[i] - NET_IP_ALIGN);
                p.release();
                rxPacket[i] = null;
            }
            if (rxData[i] != null) {
                bus.unmap(rxMapping[i] - NET_IP_ALIGN);
                rxData[i] = null;
            }
        }
        txComplete();
        for (; dirtyTx != curTx; dirtyTx++) { // never sent: the chip is stopped
            releaseTx(Math.floorMod(dirtyTx, NUM_TX_DESC));
        }
    }

    /** Unmaps a transmit descriptor's buffer and gives it back. */
    private void releaseTx(final int entry) {
        bus.unmap(txMapping[entry]);
        final ByteBuffer b = txBuffer[entry];
        if (b != null) {
            buffers.recycle(b);
        }
        txBuffer[entry] = null;
    }
}
