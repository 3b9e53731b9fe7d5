package io.lro4j.drivers.rtl8169;

/**
 * The receive descriptor's bits (Linux 2.6.18 {@code r8169.c:367–415}, identical in today's
 * {@code r8169_main.c}), as the NIC writes them back into {@code opts1} and {@code opts2} of a
 * {@link DescriptorRing} entry. When the driver arms a descriptor it writes {@code OWN | (EOR if last) |
 * buffer size}: the buffer size goes in the length bits.
 */
public final class RxDescriptor {

    /** opts1 bit 23: receive FIFO overflow (defined from 2.6.28, where it triggers a reset). */
    public static final int RX_FOVF = 1 << 23;
    /** opts1 bit 22: receive watchdog timer expired (frame too long). */
    public static final int RX_RWT = 1 << 22;
    /** opts1 bit 21: receive error summary. */
    public static final int RX_RES = 1 << 21;
    /** opts1 bit 20: runt (shorter than 64 bytes with its FCS). */
    public static final int RX_RUNT = 1 << 20;
    /** opts1 bit 19: CRC error. */
    public static final int RX_CRC = 1 << 19;
    /** opts1 bit 18: protocol id bit 1 ({@code PID1}). */
    public static final int PID1 = 1 << 18;
    /** opts1 bit 17: protocol id bit 0 ({@code PID0}). */
    public static final int PID0 = 1 << 17;
    /** The protocol id field. */
    public static final int PROTO_MASK = PID1 | PID0;
    /** Protocol id: TCP over IPv4 ({@code RxProtoTCP}). */
    public static final int PROTO_TCP = PID0;
    /** Protocol id: UDP over IPv4 ({@code RxProtoUDP}). */
    public static final int PROTO_UDP = PID1;
    /** Protocol id: other IPv4 ({@code RxProtoIP}). */
    public static final int PROTO_IP = PID1 | PID0;
    /** opts1 bit 16: IPv4 header checksum failed. */
    public static final int IP_FAIL = 1 << 16;
    /** opts1 bit 15: UDP checksum failed. */
    public static final int UDP_FAIL = 1 << 15;
    /** opts1 bit 14: TCP checksum failed. */
    public static final int TCP_FAIL = 1 << 14;
    /** opts1 bits 13..0: the frame's length including its 4-byte FCS (2.6.18 masks 13 bits; 14 are defined). */
    public static final int LENGTH_MASK = 0x3FFF;
    /** opts2 bit 16: a VLAN tag was extracted into opts2 bits 15..0 (byte-swapped). */
    public static final int RX_VLAN_TAG = 1 << 16;

    private RxDescriptor() {
    }
}
