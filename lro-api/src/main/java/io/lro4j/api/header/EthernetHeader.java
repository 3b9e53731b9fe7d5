package io.lro4j.api.header;

import java.nio.ByteBuffer;

/**
 * A reusable view of an Ethernet II header and its 802.1Q / 802.1ad tags, over a big-endian buffer.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Destination MAC address                    |
 * +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                               |                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
 * |                      Source MAC address                       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   EtherType, or TPID 0x8100   |  PCP|D|  VLAN ID (if tagged)  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  EtherType (after each tag)   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Like an Agrona/SBE flyweight, one instance is {@link #wrap wrapped} over successive frames; it never
 * copies and never allocates. Reads are absolute and bounds-checked by the buffer.
 */
public final class EthernetHeader extends HeaderView {

    /** Offset of the destination MAC address. */
    public static final int DESTINATION_OFFSET = 0;
    /** Offset of the source MAC address. */
    public static final int SOURCE_OFFSET = 6;
    /** Offset of the EtherType (or of the first tag's TPID). */
    public static final int ETHER_TYPE_OFFSET = 12;
    /** Length of an untagged Ethernet II header. */
    public static final int LENGTH = 14;
    /** Length of one 802.1Q tag (TPID + TCI). */
    public static final int VLAN_TAG_LENGTH = 4;
    /** Length of a MAC address. */
    public static final int ADDRESS_LENGTH = 6;

    /** EtherType of IPv4. */
    public static final int TYPE_IPV4 = 0x0800;
    /** EtherType of IPv6. */
    public static final int TYPE_IPV6 = 0x86DD;
    /** EtherType of ARP. */
    public static final int TYPE_ARP = 0x0806;
    /** TPID of an 802.1Q customer VLAN tag. */
    public static final int TPID_8021Q = 0x8100;
    /** TPID of an 802.1ad service VLAN tag (QinQ). */
    public static final int TPID_8021AD = 0x88A8;
    /** Mask of the VLAN ID within a tag control information (TCI) word. */
    public static final int VLAN_ID_MASK = 0x0FFF;

    /** Creates a view; {@link #wrap wrap} it before use. */
    public EthernetHeader() {
        // views are created once and re-pointed with wrap()
    }

    /**
     * Points this view at the header that starts at {@code offset}.
     *
     * @param buffer a big-endian buffer
     * @param offset absolute index of the first byte of the header
     * @return this view
     */
    public EthernetHeader wrap(final ByteBuffer buffer, final int offset) {
        point(buffer, offset);
        return this;
    }

    /** @return the 16-bit field at offset 12: the EtherType, or a TPID when the frame is tagged */
    public int etherTypeOrTpid() {
        return buffer.getShort(offset + ETHER_TYPE_OFFSET) & 0xFFFF;
    }

    /**
     * The tag control information of the {@code index}-th VLAN tag; only meaningful when
     * {@link #isVlanTpid(int)} holds for the field before it.
     *
     * @param index 0 for the outer tag
     * @return the 16-bit TCI
     */
    public int tagControl(final int index) {
        return buffer.getShort(offset + ETHER_TYPE_OFFSET + 2 + index * VLAN_TAG_LENGTH) & 0xFFFF;
    }

    /**
     * Walks the VLAN tags and returns the EtherType that follows them.
     *
     * @param available bytes of the frame readable from the header start
     * @return the EtherType after at most two tags, or -1 if the frame is too short
     */
    public int innerEtherType(final int available) {
        int typeOffset = ETHER_TYPE_OFFSET;
        for (int tags = 0; tags <= 2; tags++) {
            if (typeOffset + 2 > available) {
                return -1;
            }
            final int type = buffer.getShort(offset + typeOffset) & 0xFFFF;
            if (!isVlanTpid(type) || tags == 2) {
                return type;
            }
            typeOffset += VLAN_TAG_LENGTH;
        }
        return -1;
    }

    /**
     * The header length including VLAN tags (14, 18 or 22 bytes).
     *
     * @param available bytes of the frame readable from the header start
     * @return the length, or -1 if the frame is too short
     */
    public int headerLength(final int available) {
        int typeOffset = ETHER_TYPE_OFFSET;
        for (int tags = 0; tags < 2; tags++) {
            if (typeOffset + 2 > available) {
                return -1;
            }
            if (!isVlanTpid(buffer.getShort(offset + typeOffset) & 0xFFFF)) {
                break;
            }
            typeOffset += VLAN_TAG_LENGTH;
        }
        return typeOffset + 2 <= available ? typeOffset + 2 : -1;
    }

    /**
     * Writes an untagged header.
     *
     * @param destination 48-bit destination address
     * @param source 48-bit source address
     * @param etherType the EtherType
     * @return this view
     */
    public EthernetHeader write(final long destination, final long source, final int etherType) {
        putAddress(offset + DESTINATION_OFFSET, destination);
        putAddress(offset + SOURCE_OFFSET, source);
        buffer.putShort(offset + ETHER_TYPE_OFFSET, (short) etherType);
        return this;
    }

    /** @return the 48-bit destination address */
    public long destination() {
        return getAddress(offset + DESTINATION_OFFSET);
    }

    /** @return the 48-bit source address */
    public long source() {
        return getAddress(offset + SOURCE_OFFSET);
    }

    private long getAddress(final int index) {
        return ((buffer.getShort(index) & 0xFFFFL) << 32) | (buffer.getInt(index + 2) & 0xFFFF_FFFFL);
    }

    private void putAddress(final int index, final long address) {
        buffer.putShort(index, (short) (address >>> 32));
        buffer.putInt(index + 2, (int) address);
    }

    /**
     * Whether a 16-bit value is a VLAN TPID (802.1Q or 802.1ad).
     *
     * @param type the value at an EtherType position
     * @return true for 0x8100 and 0x88A8
     */
    public static boolean isVlanTpid(final int type) {
        return type == TPID_8021Q || type == TPID_8021AD;
    }
}
