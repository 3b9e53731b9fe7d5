package io.lro4j.drivers.rtl8169;

/**
 * The transmit descriptor's bits (Linux 2.6.18 {@code r8169.c}, {@code enum _DescStatusBit}), in
 * {@code opts1} and {@code opts2} of a {@link DescriptorRing} entry: the driver writes {@code OWN | FS | LS |
 * (EOR if last) | length} with the buffer's address and the chip clears {@code OWN} once the frame is on the
 * wire.
 */
public final class TxDescriptor {

    /** opts1 bit 27: large send ({@code LargeSend}); the model does not segment, so drivers leave it clear. */
    public static final int LARGE_SEND = 1 << 27;
    /** opts1 bit 18: compute the IPv4 header checksum ({@code IPCS}). */
    public static final int IPCS = 1 << 18;
    /** opts1 bit 17: compute the UDP checksum ({@code UDPCS}). */
    public static final int UDPCS = 1 << 17;
    /** opts1 bit 16: compute the TCP checksum ({@code TCPCS}). */
    public static final int TCPCS = 1 << 16;
    /** opts1 bits 15..0: the frame's length without FCS. */
    public static final int LENGTH_MASK = 0xFFFF;
    /** opts2 bit 17: insert the VLAN tag in opts2 bits 15..0 (byte-swapped). */
    public static final int TX_VLAN_TAG = 1 << 17;

    private TxDescriptor() {
    }
}
