package io.lro4j.testbed.tcp;

import io.lro4j.api.header.EthernetHeader;
import io.lro4j.api.header.InternetChecksum;
import io.lro4j.api.header.Ipv4Header;
import io.lro4j.api.header.TcpHeader;
import java.nio.ByteBuffer;

/**
 * Finds the IPv4 TCP segment in an untagged Ethernet frame, in place: the header fields through lro-api's
 * {@link TcpHeader} flyweight ({@link #tcp()}), plus what that flyweight does not read: the payload's
 * bounds and the options the testbed's TCP needs (timestamps anywhere, SACK blocks). Frames that are not IPv4 TCP read as {@link #isTcp()} false.
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

    private final Ipv4Header ip = new Ipv4Header();
    private final TcpHeader tcp = new TcpHeader();
    private ByteBuffer b = ByteBuffer.allocate(0);
    private int th;
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
        final int at = offset + EthernetHeader.LENGTH;
        if (length < EthernetHeader.LENGTH + Ipv4Header.MIN_LENGTH
                || (buffer.getShort(offset + EthernetHeader.ETHER_TYPE_OFFSET) & 0xFFFF) != EthernetHeader.TYPE_IPV4) {
            return this;
        }
        ip.wrap(buffer, at);
        final int ihl = ip.headerLength();
        final int total = ip.totalLength();
        if (ip.version() != 4 || ip.protocol() != InternetChecksum.PROTOCOL_TCP || ihl < Ipv4Header.MIN_LENGTH
                || total > length - EthernetHeader.LENGTH || total < ihl + TcpHeader.MIN_LENGTH) {
            return this;
        }
        th = at + ihl;
        tcp.wrap(buffer, th);
        final int doff = tcp.headerLength();
        if (doff < TcpHeader.MIN_LENGTH || ihl + doff > total) {
            return this;
        }
        data = th + doff;
        end = at + total;
        isTcp = true;
        return this;
    }

    /** @return true if the frame is IPv4 TCP with consistent lengths */
    public boolean isTcp() {
        return isTcp;
    }

    /** @return the TCP header (valid when {@link #isTcp()}) */
    public TcpHeader tcp() {
        return tcp;
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
        int i = th + TcpHeader.MIN_LENGTH;
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

    /** @return the timestamp value (TSval), or 0 without a well-formed option (length 10) */
    public int tsval() {
        if (tcp.hasAlignedTimestamp()) {
            return tcp.tsval();
        }
        final int at = option(OPT_TIMESTAMP);
        return at < 0 || (b.get(at + 1) & 0xFF) != 10 ? 0 : b.getInt(at + 2);
    }

    /** @return the number of whole SACK blocks in the SACK option (0 without one) */
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
}
