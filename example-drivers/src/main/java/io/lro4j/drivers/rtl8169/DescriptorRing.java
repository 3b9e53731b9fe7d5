package io.lro4j.drivers.rtl8169;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A ring of RTL8169 DMA descriptors kept as bytes in one little-endian buffer, as the chip sees them in host
 * memory (Linux 2.6.18 {@code struct RxDesc} / {@code struct TxDesc}, 16 bytes each): a flyweight, no object
 * per descriptor. Both the device and the driver read and write it, with the ownership rule of the hardware:
 * whoever does not own a descriptor (see {@link #OWN}) leaves it alone.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-------------------------------------------------------+
 * |O|E|F|L|        status / command bits     |   length (13..0)   |  opts1 (le32), bit 31 first
 * +-+-+-+-+-------------------------------------------------------+
 * |                 opts2: VLAN tag, tag-present bit              |  opts2 (le32)
 * +---------------------------------------------------------------+
 * |                 buffer bus address, low 32 bits               |  addr (le64)
 * |                 buffer bus address, high 32 bits              |
 * +---------------------------------------------------------------+
 *   O = OWN (the NIC owns it), E = EOR (ring end), F = FS (first segment), L = LS (last segment)
 * </pre>
 *
 * The receive bits are in {@link RxDescriptor}, the transmit bits in {@link TxDescriptor}.
 */
public final class DescriptorRing {

    /** Bytes per descriptor. */
    public static final int DESCRIPTOR_SIZE = 16;
    /** Offset of {@code opts1}. */
    public static final int OPTS1_OFFSET = 0;
    /** Offset of {@code opts2}. */
    public static final int OPTS2_OFFSET = 4;
    /** Offset of the 64-bit buffer address. */
    public static final int ADDR_OFFSET = 8;
    /** opts1 bit 31 {@code DescOwn}: the NIC owns the descriptor. */
    public static final int OWN = 1 << 31;
    /** opts1 bit 30 {@code RingEnd} (EOR): the last descriptor; the NIC wraps to index 0 after it. */
    public static final int EOR = 1 << 30;
    /** opts1 bit 29 {@code FirstFrag} (FS): first segment of a frame. */
    public static final int FS = 1 << 29;
    /** opts1 bit 28 {@code LastFrag} (LS): last segment of a frame. */
    public static final int LS = 1 << 28;

    private final ByteBuffer bytes;
    private final int size;

    /**
     * Allocates a ring of {@code size} zeroed descriptors; the last one is marked {@link #EOR}.
     *
     * @param size descriptors, at least 1 (the chip's rings hold 1024 at most)
     */
    public DescriptorRing(final int size) {
        if (size < 1 || size > 1024) {
            throw new IllegalArgumentException("a descriptor ring holds 1 to 1024 descriptors, was " + size);
        }
        this.size = size;
        this.bytes = ByteBuffer.allocate(size * DESCRIPTOR_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        opts1(size - 1, EOR);
    }

    /** @return the number of descriptors */
    public int size() {
        return size;
    }

    /**
     * @param index a descriptor index
     * @return its {@code opts1}
     */
    public int opts1(final int index) {
        return bytes.getInt(at(index) + OPTS1_OFFSET);
    }

    /**
     * @param index a descriptor index
     * @param value the new {@code opts1}
     */
    public void opts1(final int index, final int value) {
        bytes.putInt(at(index) + OPTS1_OFFSET, value);
    }

    /**
     * @param index a descriptor index
     * @return its {@code opts2}
     */
    public int opts2(final int index) {
        return bytes.getInt(at(index) + OPTS2_OFFSET);
    }

    /**
     * @param index a descriptor index
     * @param value the new {@code opts2}
     */
    public void opts2(final int index, final int value) {
        bytes.putInt(at(index) + OPTS2_OFFSET, value);
    }

    /**
     * @param index a descriptor index
     * @return its buffer's bus address
     */
    public long address(final int index) {
        return bytes.getLong(at(index) + ADDR_OFFSET);
    }

    /**
     * @param index a descriptor index
     * @param address the buffer's bus address
     */
    public void address(final int index, final long address) {
        bytes.putLong(at(index) + ADDR_OFFSET, address);
    }

    /**
     * @param index a descriptor index
     * @return true if the NIC owns it
     */
    public boolean ownedByNic(final int index) {
        return (opts1(index) & OWN) != 0;
    }

    /** @return the ring's bytes (little-endian), for tests and dumps; do not keep it */
    public ByteBuffer bytes() {
        return bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    private int at(final int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("descriptor " + index + " outside 0.." + (size - 1));
        }
        return index * DESCRIPTOR_SIZE;
    }
}
