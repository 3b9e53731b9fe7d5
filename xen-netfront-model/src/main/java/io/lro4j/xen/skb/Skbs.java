package io.lro4j.xen.skb;

import io.lro4j.api.header.EthernetHeader;
import io.lro4j.api.header.InternetChecksum;
import io.lro4j.api.packet.BufferPool;
import io.lro4j.api.packet.ChecksumState;
import io.lro4j.api.packet.Packet;
import java.nio.ByteBuffer;

/**
 * The few {@code sk_buff} operations both kernels of the model need beyond {@link Packet}: finding the TCP
 * header of a frame, preparing a partial checksum ({@code gso_send_check}, a sender's {@code CHECKSUM_HW}),
 * completing one in software ({@code skb_checksum_help}) and putting a hardware-stripped VLAN tag back.
 * Headers are read from the packet's linear head, where every kernel path of the model keeps them.
 */
public final class Skbs {

    /** Offset of the checksum field in a TCP header. */
    public static final int TCP_CHECKSUM_OFFSET = 16;
    private static final int IPPROTO_TCP = 6;

    private Skbs() {
    }

    /**
     * Locates the TCP header of an Ethernet frame (IPv4 without fragmentation, or IPv6 without extension
     * headers) in the packet's first piece: the head, or the first fragment of a packet received into pages.
     *
     * @param p a packet whose data starts with the Ethernet header
     * @return offset of the TCP header from the data start, or -1 if it is not such a TCP packet
     */
    public static int tcpOffset(final Packet p) {
        if (p.headLength() > 0) {
            return tcpOffset(p.headBuffer(), p.headOffset(), p.headLength());
        }
        return p.fragmentCount() > 0 ? tcpOffset(p.fragmentBuffer(0), p.fragmentOffset(0), p.fragmentLength(0)) : -1;
    }

    /**
     * Locates the TCP header of an Ethernet frame in one buffer.
     *
     * @param b the buffer
     * @param o absolute index of the frame's first byte
     * @param len bytes of the frame in {@code b}
     * @return offset of the TCP header from {@code o}, or -1
     */
    public static int tcpOffset(final ByteBuffer b, final int o, final int len) {
        int l3 = EthernetHeader.LENGTH;
        if (len < l3) {
            return -1;
        }
        int type = b.getShort(o + EthernetHeader.ETHER_TYPE_OFFSET) & 0xFFFF;
        if (type == EthernetHeader.TPID_8021Q) {
            if (len < l3 + Packet.VLAN_TAG_LENGTH) {
                return -1;
            }
            type = b.getShort(o + EthernetHeader.ETHER_TYPE_OFFSET + Packet.VLAN_TAG_LENGTH) & 0xFFFF;
            l3 += Packet.VLAN_TAG_LENGTH;
        }
        if (type == EthernetHeader.TYPE_IPV4 && len >= l3 + 20) {
            final int ihl = (b.get(o + l3) & 0x0F) * 4;
            final boolean fragment = (b.getShort(o + l3 + 6) & 0x3FFF) != 0;
            final int l4 = l3 + ihl;
            return ihl >= 20 && !fragment && (b.get(o + l3 + 9) & 0xFF) == IPPROTO_TCP && len >= l4 + 20 ? l4 : -1;
        }
        if (type == EthernetHeader.TYPE_IPV6 && len >= l3 + 40 + 20) {
            return (b.get(o + l3 + 6) & 0xFF) == IPPROTO_TCP ? l3 + 40 : -1;
        }
        return -1;
    }

    /**
     * Whether the frame is IPv6.
     *
     * @param p a packet whose TCP offset {@link #tcpOffset} found
     * @return true for IPv6
     */
    public static boolean isIpv6(final Packet p) {
        return (p.headBuffer().get(p.headOffset() + networkOffset(p)) & 0xF0) == 0x60;
    }

    /**
     * Makes the TCP checksum partial, as a sender with checksum offload leaves it ({@code CHECKSUM_HW}; in
     * 2.6.18's {@code tcp_v4_gso_send_check}): the field holds the folded pseudo-header sum and the packet
     * says where the checksum starts and where it goes.
     *
     * @param p a TCP packet, its headers in a writable head
     * @param tcp its TCP offset from {@link #tcpOffset}
     */
    public static void makePartial(final Packet p, final int tcp) {
        final ByteBuffer b = p.headBuffer();
        final int o = p.headOffset();
        final int tcpLength = p.length() - tcp;
        final int l3 = networkOffset(p);
        final long addresses = isIpv6(p) ? InternetChecksum.sum(b, o + l3 + 8, 32, 0)
                : InternetChecksum.sum(b, o + l3 + 12, 8, 0);
        final int pseudo = InternetChecksum.fold(InternetChecksum.pseudoHeaderSum(addresses, tcpLength));
        b.putShort(o + tcp + TCP_CHECKSUM_OFFSET, (short) pseudo);
        p.checksumPartial(tcp, TCP_CHECKSUM_OFFSET).checksumState(ChecksumState.PARTIAL);
    }

    private static int networkOffset(final Packet p) {
        return (p.headBuffer().getShort(p.headOffset() + EthernetHeader.ETHER_TYPE_OFFSET) & 0xFFFF)
                == EthernetHeader.TPID_8021Q ? EthernetHeader.LENGTH + Packet.VLAN_TAG_LENGTH : EthernetHeader.LENGTH;
    }

    /**
     * Completes a partial checksum in software ({@code skb_checksum_help}): sums the TCP segment, its field
     * holding the pseudo-header sum, and writes the result; the checksum state becomes NONE.
     *
     * @param p a packet in state PARTIAL, its headers in a writable head
     * @return bytes summed
     */
    public static int completeChecksum(final Packet p) {
        final int start = p.checksumStart();
        final int length = p.length() - start;
        final int sum = InternetChecksum.finish(p.checksum(start, length));
        p.headBuffer().putShort(p.headOffset() + start + p.checksumOffset(), (short) (sum == 0 ? 0xFFFF : sum));
        p.checksumState(ChecksumState.NONE);
        return length;
    }

    /**
     * Puts a hardware-stripped VLAN tag back into the frame after the MAC addresses: the head is copied into
     * a new one with the tag; fragments and frag list stay as they are.
     *
     * @param p a packet with a hardware VLAN tag
     * @param pool where new heads come from
     * @return bytes copied
     */
    public static int insertVlanTag(final Packet p, final BufferPool pool) {
        int copied = 0;
        if (p.headLength() < Packet.MAC_ADDRESSES_LENGTH) {
            copied += p.linearize(pool);
        }
        final int head = p.headLength();
        final ByteBuffer tagged = pool.acquire(head + Packet.VLAN_TAG_LENGTH);
        final ByteBuffer b = p.headBuffer();
        final int o = p.headOffset();
        tagged.put(0, b, o, Packet.MAC_ADDRESSES_LENGTH);
        tagged.putShort(Packet.MAC_ADDRESSES_LENGTH, (short) EthernetHeader.TPID_8021Q);
        tagged.putShort(Packet.MAC_ADDRESSES_LENGTH + 2, (short) p.vlanTci());
        tagged.put(Packet.MAC_ADDRESSES_LENGTH + Packet.VLAN_TAG_LENGTH, b, o + Packet.MAC_ADDRESSES_LENGTH,
                head - Packet.MAC_ADDRESSES_LENGTH);
        p.setHead(tagged, 0, head + Packet.VLAN_TAG_LENGTH, pool);
        p.clearVlanTag();
        if (p.networkHeader() >= 0) { // the headers moved back by the tag
            p.headers(p.protocol(), p.macHeader(), p.networkHeader() + Packet.VLAN_TAG_LENGTH,
                    p.transportHeader() < 0 ? -1 : p.transportHeader() + Packet.VLAN_TAG_LENGTH);
        }
        return copied + head;
    }
}
