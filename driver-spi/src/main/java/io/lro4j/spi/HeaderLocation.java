package io.lro4j.spi;

/**
 * Where a header seeker found a packet's headers, and what it learned: the out-parameters of inet_lro's
 * {@code get_skb_header(skb, &iph, &tcph, &hdr_flags, priv)}.
 *
 * <p>Offsets count from the packet's data start (skb mode) or from the start of the fragment the seeker
 * was given (page mode). One instance is reused for every packet; {@link #reset()} clears it before each
 * call. The engine treats all of it as a hint: it re-derives the TCP header from the IP header and checks
 * every length against the buffer.
 */
public final class HeaderLocation {

    /** The network header is IPv4 (inet_lro's {@code LRO_IPV4}). */
    public static final int IPV4 = 1;
    /** The transport header is TCP (inet_lro's {@code LRO_TCP}). */
    public static final int TCP = 2;
    /** The network header is IPv6. */
    public static final int IPV6 = 4;
    /** The IP header checksum and the TCP checksum were verified and are correct. */
    public static final int CHECKSUM_VERIFIED = 8;
    /** A checksum was verified and is wrong. */
    public static final int CHECKSUM_BAD = 16;

    private int macOffset = -1;
    private int networkOffset = -1;
    private int transportOffset = -1;
    private int flags;

    /** Creates an empty location. */
    public HeaderLocation() {
        // reused for every packet; see reset()
    }

    /**
     * Clears every field (offsets -1, no flags).
     *
     * @return this location
     */
    public HeaderLocation reset() {
        macOffset = -1;
        networkOffset = -1;
        transportOffset = -1;
        flags = 0;
        return this;
    }

    /**
     * Records the header offsets.
     *
     * @param mac offset of the link-layer header, -1 if there is none (raw IP)
     * @param network offset of the IP header
     * @param transport offset of the transport header, -1 if not found
     * @return this location
     */
    public HeaderLocation offsets(final int mac, final int network, final int transport) {
        this.macOffset = mac;
        this.networkOffset = network;
        this.transportOffset = transport;
        return this;
    }

    /**
     * Sets flag bits ({@link #IPV4}, {@link #IPV6}, {@link #TCP}, {@link #CHECKSUM_VERIFIED},
     * {@link #CHECKSUM_BAD}).
     *
     * @param bits bits to set
     * @return this location
     */
    public HeaderLocation set(final int bits) {
        this.flags |= bits;
        return this;
    }

    /** @return offset of the link-layer header, -1 if none */
    public int macOffset() {
        return macOffset;
    }

    /** @return offset of the IP header, -1 if not found */
    public int networkOffset() {
        return networkOffset;
    }

    /** @return offset of the transport header, -1 if not found */
    public int transportOffset() {
        return transportOffset;
    }

    /** @return the flag bits */
    public int flags() {
        return flags;
    }

    /**
     * @param bits flag bits
     * @return true if all of {@code bits} are set
     */
    public boolean has(final int bits) {
        return (flags & bits) == bits;
    }
}
