package io.lro4j.testbed.tcp;

import java.nio.ByteBuffer;

/**
 * Reads the fields the testbed's TCP endpoints need from an untagged Ethernet + IPv4 + TCP frame, in place
 * (a flyweight: {@link #wrap} then read). Frames that are not IPv4 TCP read as {@link #isTcp()} false.
 *
 * <pre>
 *   0      14                 14+ihl              14+ihl+doff          length
 *   | eth  | IPv4 (ihl bytes) | TCP (doff bytes)  | payload            |
 *   TCP: 0 sport 2 dport 4 seq 8 ack 12 doff|flags 14 window 16 csum 18 urg 20 options
 *   options: 0 EOL, 1 NOP, 8 timestamps (len 10), 5 SACK (len 2 + 8n)
 * </pre>
 */
public final class TcpFrame {

    /** TCP option kinds. */
    static final int OPT_EOL = 0;
    static final int OPT_NOP = 1;
    static final int OPT_SACK = 5;
    static final int OPT_TIMESTAMP = 8;
    /** TCP flags. */
    public static final int FIN = 0x01;
    /** SYN. */
    public static final int SYN = 0x02;
    /** PSH. */
    public static final int PSH = 0x08;
    /** ACK. */
    public static final int ACK = 0x10;

    private static final int ETH = 14;

    private ByteBuffer b = ByteBuffer.allocate(0);
    private int tcp;
    private int data;
    private int end;
    private boolean isTcp;

    /** Creates an unwrapped view. */
    public TcpFrame() {
        // wrap before use
    }

    /**
     * @param buffer the frame's buffer
     * @param offset absolute index of its first byte
     * @param length its length
     * @return this view
     */
    public TcpFrame wrap(final ByteBuffer buffer, final int offset, final int length) {
        this.b = buffer;
        isTcp = false;
        if (length < ETH + 20 || (buffer.getShort(offset + 12) & 0xFFFF) != 0x0800) {
            return this;
        }
        final int ip = offset + ETH;
        final int ihl = (buffer.get(ip) & 0x0F) * 4;
        final int total = buffer.getShort(ip + 2) & 0xFFFF;
        if ((buffer.get(ip) & 0xF0) != 0x40 || buffer.get(ip + 9) != 6 || ihl < 20 || total > length - ETH || total < ihl + 20) {
            return this;
        }
        tcp = ip + ihl;
        final int doff = (buffer.get(tcp + 12) & 0xF0) >>> 2;
        if (doff < 20 || ihl + doff > total) {
            return this;
        }
        data = tcp + doff;
        end = ip + total;
        isTcp = true;
        return this;
    }

    /** @return true if the frame is IPv4 TCP with consistent lengths */
    public boolean isTcp() {
        return isTcp;
    }

    /** @return the source port */
    public int sourcePort() {
        return b.getShort(tcp) & 0xFFFF;
    }

    /** @return the destination port */
    public int destinationPort() {
        return b.getShort(tcp + 2) & 0xFFFF;
    }

    /** @return the sequence number */
    public int seq() {
        return b.getInt(tcp + 4);
    }

    /** @return the acknowledgment number */
    public int ack() {
        return b.getInt(tcp + 8);
    }

    /** @return the flags byte */
    public int flags() {
        return b.get(tcp + 13) & 0xFF;
    }

    /** @return the window field, unscaled */
    public int window() {
        return b.getShort(tcp + 14) & 0xFFFF;
    }

    /** @return absolute index of the payload */
    public int payloadOffset() {
        return data;
    }

    /** @return payload bytes */
    public int payloadLength() {
        return end - data;
    }

    /**
     * Finds an option.
     *
     * @param kind its kind
     * @return absolute index of its kind byte, or -1
     */
    public int option(final int kind) {
        int i = tcp + 20;
        while (i < data) {
            final int k = b.get(i) & 0xFF;
            if (k == OPT_EOL) {
                return -1;
            }
            if (k == OPT_NOP) {
                i++;
                continue;
            }
            if (i + 1 >= data) {
                return -1;
            }
            final int len = b.get(i + 1) & 0xFF;
            if (len < 2 || i + len > data) {
                return -1;
            }
            if (k == kind) {
                return i;
            }
            i += len;
        }
        return -1;
    }

    /** @return the timestamp value (TSval), or 0 without the option */
    public int tsval() {
        final int at = option(OPT_TIMESTAMP);
        return at < 0 ? 0 : b.getInt(at + 2);
    }

    /** @return the number of SACK blocks */
    public int sackBlocks() {
        final int at = option(OPT_SACK);
        return at < 0 ? 0 : ((b.get(at + 1) & 0xFF) - 2) / 8;
    }

    /**
     * @param i a block index
     * @return the block's left edge
     */
    public int sackStart(final int i) {
        return b.getInt(option(OPT_SACK) + 2 + 8 * i);
    }

    /**
     * @param i a block index
     * @return the block's right edge
     */
    public int sackEnd(final int i) {
        return b.getInt(option(OPT_SACK) + 6 + 8 * i);
    }

    /** @return the buffer */
    public ByteBuffer buffer() {
        return b;
    }
}
