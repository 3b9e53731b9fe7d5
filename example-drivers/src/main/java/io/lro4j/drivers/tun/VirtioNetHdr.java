package io.lro4j.drivers.tun;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.jspecify.annotations.Nullable;

/**
 * Flyweight over the 10-byte {@code struct virtio_net_hdr} that a TUN device opened with
 * {@code IFF_VNET_HDR} puts before every packet, in both directions. {@link TunDevice} sets the device to
 * little-endian headers ({@code TUNSETVNETLE}), so the fields are little-endian on every host.
 *
 * <pre>
 *   0        1        2                 4                 6                 8                10
 *   +--------+--------+--------+--------+--------+--------+--------+--------+--------+--------+
 *   | flags  |gso_type|     hdr_len     |    gso_size     |   csum_start    |   csum_offset   |
 *   +--------+--------+--------+--------+--------+--------+--------+--------+--------+--------+
 * </pre>
 *
 * <p>For a TCP super-packet the kernel is to segment: {@code flags} = {@link #F_NEEDS_CSUM},
 * {@code gso_type} = {@link #GSO_TCPV4} or {@link #GSO_TCPV6}, {@code hdr_len} = IP + TCP header bytes,
 * {@code gso_size} = payload bytes per segment, {@code csum_start} = the TCP header's offset,
 * {@code csum_offset} = 16, and the TCP checksum field holds the pseudo-header sum (not complemented), as the
 * kernel's {@code CHECKSUM_PARTIAL} expects. A plain packet has an all-zero header.
 */
public final class VirtioNetHdr {

    /** The header's length. */
    public static final int LENGTH = 10;
    /** {@code VIRTIO_NET_HDR_F_NEEDS_CSUM}: the checksum from csum_start is to be completed. */
    public static final int F_NEEDS_CSUM = 1;
    /** {@code VIRTIO_NET_HDR_F_DATA_VALID}: the checksum was verified. */
    public static final int F_DATA_VALID = 2;
    /** {@code VIRTIO_NET_HDR_GSO_NONE}. */
    public static final int GSO_NONE = 0;
    /** {@code VIRTIO_NET_HDR_GSO_TCPV4}. */
    public static final int GSO_TCPV4 = 1;
    /** {@code VIRTIO_NET_HDR_GSO_UDP}. */
    public static final int GSO_UDP = 3;
    /** {@code VIRTIO_NET_HDR_GSO_TCPV6}. */
    public static final int GSO_TCPV6 = 4;
    /** {@code VIRTIO_NET_HDR_GSO_ECN}, a flag on the GSO type. */
    public static final int GSO_ECN = 0x80;

    static final int FLAGS = 0;
    static final int GSO_TYPE = 1;
    static final int HDR_LEN = 2;
    static final int GSO_SIZE = 4;
    static final int CSUM_START = 6;
    static final int CSUM_OFFSET = 8;

    private @Nullable ByteBuffer buffer;
    private int offset;

    /** Creates an unwrapped view. */
    public VirtioNetHdr() {
        // wrap before use
    }

    /**
     * Views the header at {@code offset}.
     *
     * @param b the buffer
     * @param o absolute index of the header's first byte
     * @return this view
     * @throws IndexOutOfBoundsException if the header does not fit
     */
    public VirtioNetHdr wrap(final ByteBuffer b, final int o) {
        if (o < 0 || o > b.capacity() - LENGTH) {
            throw new IndexOutOfBoundsException("a virtio_net_hdr at " + o + " does not fit in " + b.capacity() + " bytes");
        }
        this.buffer = b;
        this.offset = o;
        return this;
    }

    private ByteBuffer b() {
        final ByteBuffer b = buffer;
        if (b == null) {
            throw new IllegalStateException("wrap a buffer first");
        }
        return b;
    }

    private int u16(final int at) {
        final int v = b().getShort(offset + at) & 0xFFFF;
        return b().order() == ByteOrder.LITTLE_ENDIAN ? v : Short.reverseBytes((short) v) & 0xFFFF;
    }

    private void u16(final int at, final int v) {
        final short s = (short) v;
        b().putShort(offset + at, b().order() == ByteOrder.LITTLE_ENDIAN ? s : Short.reverseBytes(s));
    }

    /** @return the flags */
    public int flags() {
        return b().get(offset + FLAGS) & 0xFF;
    }

    /** @return the GSO type, {@link #GSO_ECN} included */
    public int gsoType() {
        return b().get(offset + GSO_TYPE) & 0xFF;
    }

    /** @return header bytes (IP and TCP) of a GSO packet */
    public int hdrLen() {
        return u16(HDR_LEN);
    }

    /** @return payload bytes per segment of a GSO packet */
    public int gsoSize() {
        return u16(GSO_SIZE);
    }

    /** @return where checksumming starts */
    public int csumStart() {
        return u16(CSUM_START);
    }

    /** @return where, from {@link #csumStart}, the checksum goes */
    public int csumOffset() {
        return u16(CSUM_OFFSET);
    }

    /** Writes an all-zero header: a plain packet with a complete checksum. */
    public void clear() {
        b().putShort(offset, (short) 0).putInt(offset + 2, 0).putInt(offset + 6, 0);
    }

    /**
     * Writes a header.
     *
     * @param flags the flags
     * @param gsoType the GSO type
     * @param hdrLen header bytes
     * @param gsoSize payload bytes per segment
     * @param csumStart where checksumming starts
     * @param csumOffset where the checksum goes, from csumStart
     */
    public void set(final int flags, final int gsoType, final int hdrLen, final int gsoSize, final int csumStart, final int csumOffset) {
        b().put(offset + FLAGS, (byte) flags).put(offset + GSO_TYPE, (byte) gsoType);
        u16(HDR_LEN, hdrLen);
        u16(GSO_SIZE, gsoSize);
        u16(CSUM_START, csumStart);
        u16(CSUM_OFFSET, csumOffset);
    }
}
