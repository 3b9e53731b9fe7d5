package io.lro4j.drivers.rtl8169;

import io.lro4j.api.header.EthernetHeader;
import io.lro4j.api.header.InternetChecksum;
import io.lro4j.api.header.Ipv4Header;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;

/**
 * The device side of the RTL8169 model: the chip's receive and transmit engines over the descriptor rings
 * its driver set up, its interrupt status and mask, receive interrupt mitigation, and its counters.
 *
 * <p><b>Receive.</b> {@link #receive} is a frame arriving from the wire. The chip reads the descriptor at
 * its private index; if the chip does not own it (OWN clear), the ring is exhausted: it sets {@code RxOverflow} (descriptor unavailable, RDU) and counts the frame in
 * {@code RxMissed}. Otherwise it checks the FCS, the runt and oversize limits, strips an 802.1Q tag into
 * {@code opts2} when VLAN extraction is on, verifies the IPv4 header and TCP/UDP checksums when receive
 * checksumming is on, DMAs the frame into the buffer the descriptor points to (spilling across descriptors
 * with FS on the first and LS on the last when it is larger than one buffer), writes back {@code opts1}
 * with OWN cleared and EOR kept, moves to the next descriptor (index 0 after EOR) and raises {@code RxOK},
 * subject to mitigation. The device never writes a descriptor it does not own.
 *
 * <p><b>Errors.</b> With {@link Rtl8169Registers#ACCEPT_ERR}/{@link Rtl8169Registers#ACCEPT_RUNT} set in
 * {@code RxConfig} a bad frame is written to a descriptor with {@code RES} and its cause ({@code CRC},
 * {@code RUNT}, {@code RWT}) and the driver drops and counts it; without them the chip drops it itself and
 * only its tally counter sees it ({@link #droppedErrors()}).
 *
 * <p><b>Mitigation.</b> {@code IntrMitigate} 0 (what Linux 2.6.18 writes) raises {@code RxOK} for every
 * frame. Otherwise {@code RxOK} waits until 4·n frames (the RX frames field n) have arrived or the RX timer
 * expires, counted from the first frame not yet signalled, in units of 320 ns, 2.56, 5.12 or 10.24 µs for
 * {@code CPlusCmd.INTT} 0..3 (the 8169 at 1 Gbit/s, from the current driver's ethtool coalescing code).
 *
 * <p><b>Transmit.</b> {@link #txPoll} ({@code TxPoll.NPQ}) sends every descriptor the chip owns, gathering
 * FS..LS into one frame and inserting a VLAN tag if asked, to the wire's {@link FrameSink}, clears OWN and
 * raises {@code TxOK}. Transmit checksum offload and large send are not modelled.
 *
 * <p>Times are nanoseconds on the caller's clock; every call says what time it is. Not thread-safe.
 */
public final class Rtl8169Device {

    /** A receiver of frames the device transmits. */
    @FunctionalInterface
    public interface FrameSink {
        /**
         * @param frame buffer holding the frame (valid only during the call)
         * @param offset absolute index of its first byte
         * @param length its length without FCS
         * @param nanos when it left the chip
         */
        void transmit(ByteBuffer frame, int offset, int length, long nanos);
    }

    /** The shortest frame with its FCS that is not a runt. */
    public static final int MIN_FRAME_WITH_FCS = 64;

    private static final int VLAN_TAG = EthernetHeader.VLAN_TAG_LENGTH;
    private static final long[] TIMER_UNIT_NANOS = {320, 2_560, 5_120, 10_240};

    private final BusAddressSpace bus;
    private final CRC32 crc = new CRC32();
    private final ByteBuffer txFrame = ByteBuffer.allocate(16 * 1024 + VLAN_TAG);
    private @Nullable DescriptorRing rxRing;
    private @Nullable DescriptorRing txRing;
    private @Nullable FrameSink txWire;
    private int rxIndex;
    private int txIndex;
    private int intrStatus;
    private int intrMask;
    private int intrMitigate;
    private int cplusCmd = Rtl8169Registers.CPLUS_PCI_MUL_RW | Rtl8169Registers.CPLUS_RX_CHKSUM;
    private int rxConfig;
    private int rxMaxSize = 0x3FFF;
    private int unsignalled;
    private long timerDeadline = Long.MAX_VALUE;
    private long rxMissed;
    private long rxFrames;
    private long droppedErrors;
    private long dmaFaults;
    private long txFrames;
    private long[] arrival = new long[0];

    /**
     * Creates a device on a bus.
     *
     * @param bus the host memory the device reaches by DMA
     */
    public Rtl8169Device(final BusAddressSpace bus) {
        this.bus = bus;
    }

    // ------------------------------------------------------------------ set-up (the driver's register writes)

    /**
     * Points the receive engine at a ring ({@code RxDescAddrLow/High}) and restarts it at descriptor 0.
     *
     * @param ring the ring
     */
    public void rxRing(final DescriptorRing ring) {
        this.rxRing = ring;
        this.rxIndex = 0;
        this.arrival = new long[ring.size()];
    }

    /**
     * Points the transmit engine at a ring ({@code TxDescStartAddr}) and the wire it sends on.
     *
     * @param ring the ring
     * @param wire where transmitted frames go
     */
    public void txRing(final DescriptorRing ring, final FrameSink wire) {
        this.txRing = ring;
        this.txWire = wire;
        this.txIndex = 0;
    }

    /** @param value the new {@code CPlusCmd} */
    public void cplusCmd(final int value) {
        cplusCmd = value;
    }

    /** @return {@code CPlusCmd} */
    public int cplusCmd() {
        return cplusCmd;
    }

    /** @param value the new {@code RxConfig} */
    public void rxConfig(final int value) {
        rxConfig = value;
    }

    /** @param value the new {@code RxMaxSize}: the longest frame with FCS before the watchdog (RWT) trips */
    public void rxMaxSize(final int value) {
        rxMaxSize = value & 0x3FFF;
    }

    /** @param value the new {@code IntrMitigate} */
    public void intrMitigate(final int value) {
        intrMitigate = value & 0xFFFF;
    }

    /** @return {@code IntrMitigate} */
    public int intrMitigate() {
        return intrMitigate;
    }

    /** @param value the new {@code IntrMask} */
    public void intrMask(final int value) {
        intrMask = value & 0xFFFF;
    }

    /** @return {@code IntrMask} */
    public int intrMask() {
        return intrMask;
    }

    /** @return {@code IntrStatus} */
    public int intrStatus() {
        return intrStatus;
    }

    /**
     * Acknowledges interrupt events: {@code IntrStatus} is write-1-to-clear.
     *
     * @param bits the events to clear
     */
    public void ackIntrStatus(final int bits) {
        intrStatus &= ~bits;
    }

    /** @return true while the interrupt line is asserted: an unmasked event is pending */
    public boolean irqAsserted() {
        return (intrStatus & intrMask) != 0;
    }

    // ------------------------------------------------------------------------------------- receive

    /**
     * A frame arrives from the wire.
     *
     * @param frame buffer holding it
     * @param offset absolute index of its first byte
     * @param length its bytes without FCS, as its sender gave them
     * @param padding the minimum-size padding its sender's MAC added ({@link EthernetLink#padding}); 0 for a
     *     collision fragment or anything else that is not a whole frame
     * @param fcs the FCS it arrived with
     * @param nanos when its last bit arrived
     */
    public void receive(final ByteBuffer frame, final int offset, final int length, final int padding, final int fcs,
            final long nanos) {
        advanceTo(nanos);
        final DescriptorRing ring = rxRing;
        if (ring == null) {
            return; // receiver not enabled
        }
        if (!ring.ownedByNic(rxIndex)) {
            rxMissed++;
            intrStatus |= Rtl8169Registers.RX_OVERFLOW;
            return;
        }
        int error = 0;
        final int onWire = length + padding + EthernetLink.FCS_LENGTH;
        if (EthernetLink.fcs(crc, frame, offset, length) != fcs) {
            error |= RxDescriptor.RX_CRC;
        }
        if (onWire < MIN_FRAME_WITH_FCS) {
            error |= RxDescriptor.RX_RUNT;
        }
        if (onWire > rxMaxSize) {
            error |= RxDescriptor.RX_RWT;
        }
        if (error != 0) {
            final int accepted = ((rxConfig & Rtl8169Registers.ACCEPT_ERR) != 0 ? RxDescriptor.RX_CRC : 0)
                    | ((rxConfig & Rtl8169Registers.ACCEPT_RUNT) != 0 ? RxDescriptor.RX_RUNT : 0);
            if ((error & ~accepted & (RxDescriptor.RX_CRC | RxDescriptor.RX_RUNT)) != 0) {
                droppedErrors++; // filtered in hardware, seen only by the tally counters
                return;
            }
            error |= RxDescriptor.RX_RES;
        }
        int start = offset;
        int bytes = length;
        int opts2 = 0;
        if ((cplusCmd & Rtl8169Registers.CPLUS_RX_VLAN) != 0 && length >= EthernetHeader.LENGTH + VLAN_TAG
                && (frame.getShort(offset + EthernetHeader.ETHER_TYPE_OFFSET) & 0xFFFF) == EthernetHeader.TPID_8021Q) {
            final int tci = frame.getShort(offset + EthernetHeader.ETHER_TYPE_OFFSET + 2) & 0xFFFF;
            opts2 = RxDescriptor.RX_VLAN_TAG | (Short.reverseBytes((short) tci) & 0xFFFF);
            bytes -= VLAN_TAG;
        }
        final int status = error != 0 || (cplusCmd & Rtl8169Registers.CPLUS_RX_CHKSUM) == 0 ? 0
                : checksumStatus(frame, offset, length);
        if (!dma(ring, frame, start, bytes, opts2 != 0, status | error, opts2, nanos)) {
            return;
        }
        rxFrames++;
        if (error != 0) {
            intrStatus |= Rtl8169Registers.RX_ERR;
        }
        signalRx(nanos);
    }

    /**
     * Writes a frame (its tag, if extracted, left out) into as many owned descriptors as it needs and hands
     * them back; false if the ring ran out or a buffer was not mapped (nothing handed back then).
     */
    private boolean dma(final DescriptorRing ring, final ByteBuffer frame, final int start, final int bytes,
            final boolean tagged, final int status, final int opts2, final long nanos) {
        final int total = bytes + EthernetLink.FCS_LENGTH;
        // How many descriptors the frame needs; all must be the chip's before it writes any.
        int need = 0;
        int room = 0;
        int index = rxIndex;
        while (room < total) {
            if (!ring.ownedByNic(index) || need == ring.size()) {
                rxMissed++;
                intrStatus |= Rtl8169Registers.RX_OVERFLOW;
                return false;
            }
            room += ring.opts1(index) & RxDescriptor.LENGTH_MASK;
            need++;
            index = next(ring, index);
        }
        index = rxIndex;
        int written = 0;
        for (int d = 0; d < need; d++) {
            final long address = ring.address(index);
            final ByteBuffer target = bus.resolve(address);
            final int size = ring.opts1(index) & RxDescriptor.LENGTH_MASK;
            if (target == null || BusAddressSpace.offsetOf(address) + size > target.capacity()) {
                dmaFaults++;
                intrStatus |= Rtl8169Registers.SYS_ERR;
                return false;
            }
            final int at = BusAddressSpace.offsetOf(address);
            final int n = Math.min(size, total - written);
            // The frame's bytes, the 4 FCS bytes after them (the model writes zeros there: the driver drops them).
            final int data = Math.max(0, Math.min(n, bytes - written));
            if (data > 0) {
                if (tagged && written == 0) {
                    final int head = Math.min(data, 2 * EthernetHeader.ADDRESS_LENGTH);
                    target.put(at, frame, start, head);
                    target.put(at + head, frame, start + head + VLAN_TAG, data - head);
                } else {
                    final int src = start + written + (tagged ? VLAN_TAG : 0);
                    target.put(at, frame, src, data);
                }
            }
            for (int z = data; z < n; z++) {
                target.put(at + z, (byte) 0);
            }
            written += n;
            arrival[index] = nanos;
            ring.opts2(index, opts2);
            final int eor = ring.opts1(index) & DescriptorRing.EOR;
            final int fs = d == 0 ? DescriptorRing.FS : 0;
            final int ls = d == need - 1 ? DescriptorRing.LS : 0;
            // A multi-descriptor frame reports its whole length in its last descriptor, the buffer size in the others.
            final int len = ls != 0 ? total & RxDescriptor.LENGTH_MASK : size;
            ring.opts1(index, eor | fs | ls | status | len); // OWN cleared: the driver's now
            index = next(ring, index);
        }
        rxIndex = index;
        return true;
    }

    private static int next(final DescriptorRing ring, final int index) {
        return (ring.opts1(index) & DescriptorRing.EOR) != 0 ? 0 : (index + 1) % ring.size();
    }

    /**
     * The protocol id and checksum-fail bits for a frame: IPv4 only (behind at most one 802.1Q tag); TCP and
     * UDP checksums over the IP length; an IP fragment or an IP length beyond the frame is reported as plain
     * IP, since its transport checksum cannot be checked. A UDP checksum of 0 means none.
     */
    private static int checksumStatus(final ByteBuffer f, final int offset, final int length) {
        int l3 = EthernetHeader.LENGTH;
        int type = length >= l3 ? f.getShort(offset + EthernetHeader.ETHER_TYPE_OFFSET) & 0xFFFF : 0;
        if (type == EthernetHeader.TPID_8021Q && length >= l3 + VLAN_TAG) {
            type = f.getShort(offset + EthernetHeader.ETHER_TYPE_OFFSET + VLAN_TAG) & 0xFFFF;
            l3 += VLAN_TAG;
        }
        if (type != EthernetHeader.TYPE_IPV4 || length < l3 + Ipv4Header.MIN_LENGTH) {
            return 0;
        }
        final int ip = offset + l3;
        final int vihl = f.get(ip) & 0xFF;
        final int ihl = (vihl & 0x0F) * 4;
        if (vihl >>> 4 != 4 || ihl < Ipv4Header.MIN_LENGTH || l3 + ihl > length) {
            return 0;
        }
        final int ipFail = InternetChecksum.verifies(InternetChecksum.sum(f, ip, ihl, 0)) ? 0 : RxDescriptor.IP_FAIL;
        final int total = f.getShort(ip + Ipv4Header.TOTAL_LENGTH_OFFSET) & 0xFFFF;
        final int protocol = f.get(ip + Ipv4Header.PROTOCOL_OFFSET) & 0xFF;
        final boolean fragment = (f.getShort(ip + Ipv4Header.FRAGMENT_OFFSET)
                & (Ipv4Header.FLAG_MF | Ipv4Header.FRAGMENT_OFFSET_MASK)) != 0;
        final boolean tcp = protocol == InternetChecksum.PROTOCOL_TCP;
        final boolean udp = protocol == 17;
        if ((!tcp && !udp) || fragment || total < ihl || l3 + total > length) {
            return RxDescriptor.PROTO_IP | ipFail;
        }
        final int l4 = total - ihl;
        if (l4 < (tcp ? 20 : 8)) {
            return (tcp ? RxDescriptor.PROTO_TCP | RxDescriptor.TCP_FAIL : RxDescriptor.PROTO_UDP | RxDescriptor.UDP_FAIL)
                    | ipFail;
        }
        if (udp && f.getShort(ip + ihl + 6) == 0) {
            return RxDescriptor.PROTO_UDP | ipFail;
        }
        final long addresses = InternetChecksum.sum(f, ip + Ipv4Header.SOURCE_OFFSET, 8, 0);
        final long sum = InternetChecksum.sum(f, ip + ihl, l4, addresses + protocol + l4);
        final boolean ok = InternetChecksum.verifies(sum);
        return tcp ? RxDescriptor.PROTO_TCP | (ok ? 0 : RxDescriptor.TCP_FAIL) | ipFail
                : RxDescriptor.PROTO_UDP | (ok ? 0 : RxDescriptor.UDP_FAIL) | ipFail;
    }

    /** Counts a received frame toward mitigation and raises RxOK when it is time. */
    private void signalRx(final long nanos) {
        final int frames = (intrMitigate >>> Rtl8169Registers.MITIGATE_RX_FRAMES_SHIFT) & 0xF;
        final int timer = (intrMitigate >>> Rtl8169Registers.MITIGATE_RX_TIMER_SHIFT) & 0xF;
        if (frames == 0 && timer == 0) {
            intrStatus |= Rtl8169Registers.RX_OK;
            return;
        }
        unsignalled++;
        if (frames != 0 && unsignalled >= 4 * frames) {
            fireRx();
        } else if (timer != 0 && timerDeadline == Long.MAX_VALUE) {
            timerDeadline = nanos + timer * TIMER_UNIT_NANOS[cplusCmd & Rtl8169Registers.CPLUS_INTT_MASK];
        }
    }

    private void fireRx() {
        intrStatus |= Rtl8169Registers.RX_OK;
        unsignalled = 0;
        timerDeadline = Long.MAX_VALUE;
    }

    /**
     * Lets the device's timers run to {@code nanos}: an expired mitigation timer raises RxOK.
     *
     * @param nanos the time now
     */
    public void advanceTo(final long nanos) {
        if (nanos >= timerDeadline) {
            fireRx();
        }
    }

    /** @return when the mitigation timer expires, or {@link Long#MAX_VALUE} if it is not running */
    public long timerDeadline() {
        return timerDeadline;
    }

    /**
     * @param index a receive descriptor the device handed back
     * @return when the frame in it arrived (the model's receive timestamp)
     */
    public long arrivalNanos(final int index) {
        return arrival[index];
    }

    // ------------------------------------------------------------------------------------ transmit

    /**
     * The driver wrote {@code TxPoll.NPQ}: sends every frame whose descriptors the chip owns.
     *
     * @param nanos the time now
     */
    public void txPoll(final long nanos) {
        final DescriptorRing ring = txRing;
        final FrameSink wire = txWire;
        if (ring == null || wire == null) {
            return;
        }
        int length = 0;
        int first = txIndex;
        int index = txIndex;
        boolean sent = false;
        for (int seen = 0; seen < ring.size() && ring.ownedByNic(index); seen++) {
            final int opts1 = ring.opts1(index);
            if ((opts1 & DescriptorRing.FS) != 0) {
                length = 0;
                first = index;
            }
            final int n = opts1 & TxDescriptor.LENGTH_MASK;
            final long address = ring.address(index);
            final ByteBuffer source = bus.resolve(address);
            if (source == null || length + n > txFrame.capacity() - VLAN_TAG) {
                dmaFaults++;
                intrStatus |= Rtl8169Registers.TX_ERR;
            } else {
                txFrame.put(length, source, BusAddressSpace.offsetOf(address), n);
                length += n;
            }
            if ((opts1 & DescriptorRing.LS) != 0) {
                final int opts2 = ring.opts2(first);
                int sendLength = length;
                if ((opts2 & TxDescriptor.TX_VLAN_TAG) != 0 && length >= EthernetHeader.ETHER_TYPE_OFFSET) {
                    insertTag(length, Short.reverseBytes((short) opts2) & 0xFFFF);
                    sendLength += VLAN_TAG;
                }
                wire.transmit(txFrame, 0, sendLength, nanos);
                txFrames++;
                sent = true;
                // Hand every descriptor of the frame back.
                for (int i = first; ; i = next(ring, i)) {
                    ring.opts1(i, ring.opts1(i) & ~DescriptorRing.OWN);
                    if (i == index) {
                        break;
                    }
                }
                txIndex = next(ring, index);
            }
            index = next(ring, index);
        }
        if (sent) {
            intrStatus |= Rtl8169Registers.TX_OK;
        }
    }

    private void insertTag(final int length, final int tci) {
        final int at = EthernetHeader.ETHER_TYPE_OFFSET;
        final byte[] a = txFrame.array();
        System.arraycopy(a, at, a, at + VLAN_TAG, length - at);
        txFrame.putShort(at, (short) EthernetHeader.TPID_8021Q).putShort(at + 2, (short) tci);
    }

    // ------------------------------------------------------------------------------------ counters

    /** @return frames missed for want of a descriptor ({@code RxMissed}) */
    public long rxMissed() {
        return rxMissed;
    }

    /** @return frames written to the receive ring */
    public long rxFrames() {
        return rxFrames;
    }

    /** @return bad frames the chip dropped itself (its receive configuration did not accept them) */
    public long droppedErrors() {
        return droppedErrors;
    }

    /** @return descriptors whose buffer address was not mapped for DMA */
    public long dmaFaults() {
        return dmaFaults;
    }

    /** @return frames transmitted */
    public long txFrames() {
        return txFrames;
    }

    /** @return the receive descriptor the device will fill next */
    public int rxIndex() {
        return rxIndex;
    }
}
