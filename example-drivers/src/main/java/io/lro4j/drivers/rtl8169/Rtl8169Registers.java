package io.lro4j.drivers.rtl8169;

/**
 * The RTL8169 registers and bits the model uses, with the names and values of Linux 2.6.18's
 * {@code drivers/net/r8169.c} (lines 202–300): the interrupt status and mask bits, the C+ command bits
 * (receive checksum offload and VLAN extraction), the receive configuration's accept bits and the
 * {@code IntrMitigate} field layout. Only what the model reads or writes is here.
 */
public final class Rtl8169Registers {

    /** {@code TxPoll} (0x38): writing {@link #NPQ} tells the chip normal-priority TX descriptors are ready. */
    public static final int TX_POLL = 0x38;
    /** {@code TxPoll} bit: normal-priority queue polling. */
    public static final int NPQ = 0x40;
    /** {@code IntrMask} (0x3C). */
    public static final int INTR_MASK = 0x3C;
    /** {@code IntrStatus} (0x3E), write 1 to clear. */
    public static final int INTR_STATUS = 0x3E;
    /** {@code RxConfig} (0x44). */
    public static final int RX_CONFIG = 0x44;
    /** {@code RxMissed} (0x4C): frames missed for want of a descriptor. */
    public static final int RX_MISSED = 0x4C;
    /** {@code RxMaxSize} (0xDA): 2.6.18 writes 16383, "no filter". */
    public static final int RX_MAX_SIZE = 0xDA;
    /** {@code CPlusCmd} (0xE0). */
    public static final int CPLUS_CMD = 0xE0;
    /** {@code IntrMitigate} (0xE2). */
    public static final int INTR_MITIGATE = 0xE2;

    /** IntrStatus: a frame was received. */
    public static final int RX_OK = 0x0001;
    /** IntrStatus: a frame was received with an error. */
    public static final int RX_ERR = 0x0002;
    /** IntrStatus: a frame was sent. */
    public static final int TX_OK = 0x0004;
    /** IntrStatus: a transmit error. */
    public static final int TX_ERR = 0x0008;
    /** IntrStatus: receive descriptor unavailable (RDU), the ring had no descriptor the chip owns. */
    public static final int RX_OVERFLOW = 0x0010;
    /** IntrStatus: link change. */
    public static final int LINK_CHG = 0x0020;
    /** IntrStatus: receive FIFO overflow. */
    public static final int RX_FIFO_OVER = 0x0040;
    /** IntrStatus: transmit descriptor unavailable. */
    public static final int TX_DESC_UNAVAIL = 0x0080;
    /** IntrStatus: software interrupt. */
    public static final int SW_INT = 0x0100;
    /** IntrStatus: system error. */
    public static final int SYS_ERR = 0x8000;
    /** The events NAPI masks while it polls (2.6.18 {@code rtl8169_napi_event}). */
    public static final int NAPI_EVENTS = RX_OK | RX_OVERFLOW | RX_FIFO_OVER | TX_OK | TX_ERR;
    /** The interrupt mask 2.6.18 enables ({@code rtl8169_intr_mask}). */
    public static final int INTR_MASK_DEFAULT = SYS_ERR | LINK_CHG | RX_OVERFLOW | RX_FIFO_OVER | TX_ERR | TX_OK
            | RX_ERR | RX_OK;

    /** CPlusCmd: hardware VLAN tag extraction. */
    public static final int CPLUS_RX_VLAN = 1 << 6;
    /** CPlusCmd: receive checksum offload. */
    public static final int CPLUS_RX_CHKSUM = 1 << 5;
    /** CPlusCmd: PCI multiple read/write (2.6.18 sets it with RxChkSum). */
    public static final int CPLUS_PCI_MUL_RW = 1 << 3;
    /** CPlusCmd: the interrupt timer unit field {@code INTT}, bits 1..0. */
    public static final int CPLUS_INTT_MASK = 0x3;

    /** RxConfig: accept frames with a CRC or alignment error ({@code AcceptErr}). */
    public static final int ACCEPT_ERR = 0x20;
    /** RxConfig: accept runts ({@code AcceptRunt}). */
    public static final int ACCEPT_RUNT = 0x10;

    /** IntrMitigate, bits 3..0: RX frames, in units of 4 frames. */
    public static final int MITIGATE_RX_FRAMES_SHIFT = 0;
    /** IntrMitigate, bits 7..4: RX timer, in units set by link speed and {@code INTT}. */
    public static final int MITIGATE_RX_TIMER_SHIFT = 4;

    private Rtl8169Registers() {
    }
}
