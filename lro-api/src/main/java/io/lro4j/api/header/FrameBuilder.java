package io.lro4j.api.header;

import io.lro4j.api.packet.Packet;
import io.lro4j.api.packet.PacketPool;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * Writes complete TCP frames: Ethernet (optionally 802.1Q-tagged) or raw IP, IPv4 or IPv6, TCP with or
 * without the aligned timestamp option, and a payload, with correct checksums and lengths.
 *
 * <p>For tests, traffic generators and drivers' conformance harnesses. A builder is mutable and reusable:
 * set what differs from the previous frame and {@link #writeTo write} again. Unless set explicitly the
 * payload bytes are a function of the flow's ports and the byte's sequence number
 * ({@link #payloadByte}), so any reassembly can be checked byte by byte.
 *
 * <pre>{@code
 * FrameBuilder f = new FrameBuilder().ipv4(0x0A000001, 0x0A000002).ports(40000, 80)
 *         .seq(1000).ack(1).flags(TcpHeader.ACK).timestamp(100, 200).payloadLength(1448);
 * Packet p = f.toPacket(pool);
 * }</pre>
 */
public final class FrameBuilder {

    private final EthernetHeader eth = new EthernetHeader();
    private final Ipv4Header ipv4 = new Ipv4Header();
    private final Ipv6Header ipv6 = new Ipv6Header();
    private final TcpHeader tcp = new TcpHeader();

    private boolean ethernet = true;
    private long dstMac = 0x0200_0000_0002L;
    private long srcMac = 0x0200_0000_0001L;
    private int vlanTci = -1;
    private int ipVersion = 4;
    private long src4 = 0x0A00_0001L;
    private long dst4 = 0x0A00_0002L;
    private long srcHigh = 0x2001_0DB8_0000_0000L;
    private long srcLow = 1;
    private long dstHigh = 0x2001_0DB8_0000_0000L;
    private long dstLow = 2;
    private int tos;
    private int ttl = 64;
    private int ipId;
    private boolean dontFragment = true;
    private int fragmentWord;
    private int flowLabel;
    private byte[] ipOptions = new byte[0];
    private int sourcePort = 40000;
    private int destinationPort = 80;
    private int seq;
    private int ack;
    private int flags = TcpHeader.ACK;
    private int window = 501;
    private boolean timestamp;
    private int tsval;
    private int tsecr;
    private byte[] tcpOptions = new byte[0];
    private int payloadLength;
    private byte[] payload = new byte[0];
    private boolean explicitPayload;
    private int padding;
    private boolean badIpChecksum;
    private boolean badTcpChecksum;

    /** Creates a builder for an untagged Ethernet/IPv4/TCP ACK segment without payload. */
    public FrameBuilder() {
        // defaults above
    }

    /**
     * @param on true for an Ethernet header (the default), false for a raw IP packet
     * @return this builder
     */
    public FrameBuilder ethernet(final boolean on) {
        this.ethernet = on;
        return this;
    }

    /**
     * @param destination 48-bit destination MAC
     * @param source 48-bit source MAC
     * @return this builder
     */
    public FrameBuilder macs(final long destination, final long source) {
        this.dstMac = destination;
        this.srcMac = source;
        return this;
    }

    /**
     * @param tci an in-band 802.1Q tag control word, or -1 for none
     * @return this builder
     */
    public FrameBuilder vlan(final int tci) {
        this.vlanTci = tci;
        return this;
    }

    /**
     * IPv4 addresses.
     *
     * @param source source address as an unsigned 32-bit value
     * @param destination destination address
     * @return this builder
     */
    public FrameBuilder ipv4(final long source, final long destination) {
        this.ipVersion = 4;
        this.src4 = source;
        this.dst4 = destination;
        return this;
    }

    /**
     * IPv6 addresses, as 64-bit halves.
     *
     * @param sourceHigh upper half of the source
     * @param sourceLow lower half of the source
     * @param destinationHigh upper half of the destination
     * @param destinationLow lower half of the destination
     * @return this builder
     */
    public FrameBuilder ipv6(final long sourceHigh, final long sourceLow, final long destinationHigh,
            final long destinationLow) {
        this.ipVersion = 6;
        this.srcHigh = sourceHigh;
        this.srcLow = sourceLow;
        this.dstHigh = destinationHigh;
        this.dstLow = destinationLow;
        return this;
    }

    /**
     * @param tos IPv4 TOS or IPv6 traffic class (ECN in the low two bits)
     * @return this builder
     */
    public FrameBuilder tos(final int tos) {
        this.tos = tos;
        return this;
    }

    /**
     * @param ttl TTL or hop limit
     * @return this builder
     */
    public FrameBuilder ttl(final int ttl) {
        this.ttl = ttl;
        return this;
    }

    /**
     * @param id IPv4 identification
     * @return this builder
     */
    public FrameBuilder ipId(final int id) {
        this.ipId = id;
        return this;
    }

    /**
     * @param df the IPv4 Don't Fragment bit (default set)
     * @return this builder
     */
    public FrameBuilder dontFragment(final boolean df) {
        this.dontFragment = df;
        return this;
    }

    /**
     * Makes the packet an IPv4 fragment.
     *
     * @param moreFragments the MF bit
     * @param offsetUnits fragment offset in 8-byte units
     * @return this builder
     */
    public FrameBuilder fragment(final boolean moreFragments, final int offsetUnits) {
        this.fragmentWord = (moreFragments ? Ipv4Header.FLAG_MF : 0) | (offsetUnits & Ipv4Header.FRAGMENT_OFFSET_MASK);
        return this;
    }

    /**
     * @param label IPv6 flow label
     * @return this builder
     */
    public FrameBuilder flowLabel(final int label) {
        this.flowLabel = label;
        return this;
    }

    /**
     * @param options IPv4 option bytes, a multiple of 4, at most 40
     * @return this builder
     */
    public FrameBuilder ipOptions(final byte[] options) {
        if (options.length % 4 != 0 || options.length > 40) {
            throw new IllegalArgumentException("IPv4 options must be a multiple of 4 bytes, at most 40");
        }
        this.ipOptions = options.clone();
        return this;
    }

    /**
     * @param source source port
     * @param destination destination port
     * @return this builder
     */
    public FrameBuilder ports(final int source, final int destination) {
        this.sourcePort = source;
        this.destinationPort = destination;
        return this;
    }

    /**
     * @param seq sequence number
     * @return this builder
     */
    public FrameBuilder seq(final int seq) {
        this.seq = seq;
        return this;
    }

    /**
     * @param ack acknowledgment number
     * @return this builder
     */
    public FrameBuilder ack(final int ack) {
        this.ack = ack;
        return this;
    }

    /**
     * @param flags TCP flag bits (default ACK)
     * @return this builder
     */
    public FrameBuilder flags(final int flags) {
        this.flags = flags;
        return this;
    }

    /**
     * @param window TCP window
     * @return this builder
     */
    public FrameBuilder window(final int window) {
        this.window = window;
        return this;
    }

    /**
     * Adds the aligned timestamp option (NOP, NOP, TS): doff 8.
     *
     * @param tsval TSval
     * @param tsecr TSecr
     * @return this builder
     */
    public FrameBuilder timestamp(final int tsval, final int tsecr) {
        this.timestamp = true;
        this.tsval = tsval;
        this.tsecr = tsecr;
        this.tcpOptions = new byte[0];
        return this;
    }

    /**
     * Removes TCP options: doff 5.
     *
     * @return this builder
     */
    public FrameBuilder noOptions() {
        this.timestamp = false;
        this.tcpOptions = new byte[0];
        return this;
    }

    /**
     * Sets raw TCP option bytes instead of the timestamp option.
     *
     * @param options option bytes, a multiple of 4, at most 40
     * @return this builder
     */
    public FrameBuilder tcpOptions(final byte[] options) {
        if (options.length % 4 != 0 || options.length > 40) {
            throw new IllegalArgumentException("TCP options must be a multiple of 4 bytes, at most 40");
        }
        this.timestamp = false;
        this.tcpOptions = options.clone();
        return this;
    }

    /**
     * A payload of {@code length} bytes given by {@link #payloadByte}.
     *
     * @param length payload bytes
     * @return this builder
     */
    public FrameBuilder payloadLength(final int length) {
        if (length < 0) {
            throw new IllegalArgumentException("payload length must not be negative");
        }
        this.payloadLength = length;
        this.explicitPayload = false;
        return this;
    }

    /**
     * An explicit payload.
     *
     * @param bytes the payload
     * @return this builder
     */
    public FrameBuilder payload(final byte[] bytes) {
        this.payload = bytes.clone();
        this.payloadLength = bytes.length;
        this.explicitPayload = true;
        return this;
    }

    /**
     * Appends zero bytes after the IP packet, as Ethernet padding does to short frames.
     *
     * @param bytes padding bytes
     * @return this builder
     */
    public FrameBuilder padding(final int bytes) {
        this.padding = bytes;
        return this;
    }

    /**
     * @param bad true to write a wrong IPv4 header checksum
     * @return this builder
     */
    public FrameBuilder badIpChecksum(final boolean bad) {
        this.badIpChecksum = bad;
        return this;
    }

    /**
     * @param bad true to write a wrong TCP checksum
     * @return this builder
     */
    public FrameBuilder badTcpChecksum(final boolean bad) {
        this.badTcpChecksum = bad;
        return this;
    }

    /** @return the sequence number */
    public int seq() {
        return seq;
    }

    /** @return the payload length */
    public int payloadLength() {
        return payloadLength;
    }

    /** @return the link-layer header length: 0 (raw IP), 14, or 18 with a tag */
    public int linkHeaderLength() {
        return ethernet ? EthernetHeader.LENGTH + (vlanTci >= 0 ? EthernetHeader.VLAN_TAG_LENGTH : 0) : 0;
    }

    /** @return the IP header length */
    public int ipHeaderLength() {
        return ipVersion == 4 ? Ipv4Header.MIN_LENGTH + ipOptions.length : Ipv6Header.LENGTH;
    }

    /** @return the TCP header length */
    public int tcpHeaderLength() {
        return TcpHeader.MIN_LENGTH + (timestamp ? 12 : tcpOptions.length);
    }

    /** @return the frame length in bytes, padding included */
    public int length() {
        return linkHeaderLength() + ipHeaderLength() + tcpHeaderLength() + payloadLength + padding;
    }

    /**
     * The default payload byte at sequence number {@code seq} of the flow with these ports.
     *
     * @param sourcePort the flow's source port
     * @param destinationPort the flow's destination port
     * @param seq a sequence number
     * @return the byte
     */
    public static byte payloadByte(final int sourcePort, final int destinationPort, final int seq) {
        return (byte) (seq * 131 + (seq >>> 8) * 17 + sourcePort * 7 + destinationPort * 3);
    }

    /**
     * Writes the frame.
     *
     * @param buffer a big-endian buffer with {@link #length()} bytes free at {@code offset}
     * @param offset absolute index of the frame's first byte
     * @return the frame length
     */
    public int writeTo(final ByteBuffer buffer, final int offset) {
        final int length = length();
        Objects.checkFromIndexSize(offset, length, buffer.capacity());
        int at = offset;
        if (ethernet) {
            eth.wrap(buffer, at).write(dstMac, srcMac, vlanTci >= 0 ? EthernetHeader.TPID_8021Q : etherType());
            at += EthernetHeader.LENGTH;
            if (vlanTci >= 0) {
                buffer.putShort(at, (short) vlanTci);
                buffer.putShort(at + 2, (short) etherType());
                at += EthernetHeader.VLAN_TAG_LENGTH;
            }
        }
        final int ip = at;
        final int ipHeader = ipHeaderLength();
        final int tcpLength = tcpHeaderLength() + payloadLength;
        final long addressSum;
        if (ipVersion == 4) {
            ipv4.wrap(buffer, ip).write(tos, ipHeader + tcpLength, ipId,
                    (dontFragment ? Ipv4Header.FLAG_DF : 0) | fragmentWord, ttl, InternetChecksum.PROTOCOL_TCP, src4, dst4);
            if (ipOptions.length > 0) {
                buffer.put(ip, (byte) (0x40 | ipHeader / 4));
                buffer.put(ip + Ipv4Header.MIN_LENGTH, ipOptions);
                ipv4.updateChecksum();
            }
            if (badIpChecksum) {
                buffer.putShort(ip + Ipv4Header.CHECKSUM_OFFSET, (short) (ipv4.checksum() ^ 0x5A5A));
            }
            addressSum = ipv4.addressSum();
        } else {
            ipv6.wrap(buffer, ip).write(tos, flowLabel, tcpLength, InternetChecksum.PROTOCOL_TCP, ttl, srcHigh, srcLow,
                    dstHigh, dstLow);
            addressSum = ipv6.addressSum();
        }
        final int th = ip + ipHeader;
        tcp.wrap(buffer, th).write(sourcePort, destinationPort, seq, ack, tcpHeaderLength(), flags, window);
        if (timestamp) {
            tcp.writeAlignedTimestamp(tsval, tsecr);
        } else if (tcpOptions.length > 0) {
            buffer.put(th + TcpHeader.MIN_LENGTH, tcpOptions);
        }
        final int data = th + tcpHeaderLength();
        if (explicitPayload) {
            buffer.put(data, payload);
        } else {
            for (int i = 0; i < payloadLength; i++) {
                buffer.put(data + i, payloadByte(sourcePort, destinationPort, seq + i));
            }
        }
        final long sum = InternetChecksum.pseudoHeaderSum(addressSum, tcpLength)
                + InternetChecksum.sum(buffer, th, tcpLength, 0);
        tcp.checksum(InternetChecksum.finish(sum) ^ (badTcpChecksum ? 0x00FF : 0));
        for (int i = 0; i < padding; i++) {
            buffer.put(data + payloadLength + i, (byte) 0);
        }
        return length;
    }

    /** @return the frame as a new array */
    public byte[] toBytes() {
        final ByteBuffer buffer = ByteBuffer.allocate(length());
        writeTo(buffer, 0);
        return Arrays.copyOf(buffer.array(), length());
    }

    /**
     * Writes the frame into the head of a packet from {@code pool}. The packet's headers are not located.
     *
     * @param pool where the packet comes from
     * @return the packet
     */
    public Packet toPacket(final PacketPool pool) {
        final Packet packet = pool.acquire(length());
        writeTo(packet.headBuffer(), packet.headOffset());
        return packet.headLength(length());
    }

    private int etherType() {
        return ipVersion == 4 ? EthernetHeader.TYPE_IPV4 : EthernetHeader.TYPE_IPV6;
    }
}
