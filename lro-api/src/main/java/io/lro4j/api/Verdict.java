package io.lro4j.api;

/**
 * What the engine did with one received packet. Every packet gets exactly one verdict, and
 * {@link LroStats} counts each: {@link #HELD} and {@link #MERGED} took the packet into an aggregate, every
 * other verdict is a reason it was passed up unmerged.
 *
 * <p>When a packet that is not merged belongs to a flow with a held aggregate, that aggregate is flushed
 * first, so a flow's packets reach the stack in their order; {@link LroStats#flushesBy(Verdict)} counts
 * those flushes per reason. A packet whose flow cannot be told ({@link #NOT_LOCATED}) flushes every flow.
 */
public enum Verdict {
    /** Started a new aggregate (it is held until its flow is flushed). */
    HELD("started an aggregate"),
    /** Appended to its flow's aggregate. */
    MERGED("merged into an aggregate"),
    /** The driver's header seeker refused the packet or located no IP header. */
    NOT_LOCATED("header seeker found no IP header"),
    /** Neither IPv4 nor IPv6. */
    NOT_IP("not IPv4 or IPv6"),
    /** IP, but not TCP. */
    NOT_TCP("not TCP"),
    /** IPv6 with extension headers (not aggregated). */
    IPV6_EXTENSION_HEADERS("IPv6 extension headers"),
    /** Header too short, IHL or TCP data offset out of range, or length fields that contradict each other. */
    MALFORMED("malformed headers or lengths"),
    /** The IP length says more bytes than the frame has. */
    TRUNCATED("truncated (IP length beyond the frame)"),
    /** The frame has bytes after the IP packet (Ethernet padding): never merged, like inet_lro. */
    PADDED("padded frame"),
    /** The headers are not contiguous in one buffer (they straddle the head and a fragment). */
    SPLIT_HEADERS("headers split across buffers"),
    /** IPv4 header with options (IHL above 5). */
    IP_OPTIONS("IPv4 options"),
    /** An IPv4 fragment (MF set or a non-zero offset). */
    IP_FRAGMENT("IPv4 fragment"),
    /** The IPv4 header checksum is wrong. */
    BAD_IP_CHECKSUM("bad IPv4 header checksum"),
    /** The TCP checksum is wrong (found by the driver, or by the engine's own verification). */
    BAD_TCP_CHECKSUM("bad TCP checksum"),
    /** The IP ECN field says Congestion Experienced: the mark must reach TCP on its own segment. */
    ECN_CE("ECN congestion experienced"),
    /** A checksum state that cannot join the aggregate (PARTIAL mixed with received checksums). */
    CHECKSUM_STATE("incompatible checksum state"),
    /** Chain mode: the packet has fragments or a frag list; fragments mode: it has a frag list. */
    FRAGMENTED_INPUT("fragmented input"),
    /** The packet already stands for several segments (it carries GSO information). */
    GSO_INPUT("already aggregated (GSO) input"),
    /** Forwarding is on and the policy's aggregates are not forwardable: the engine passes through. */
    FORWARDING("forwarding: aggregation disabled"),
    /** LRO is switched off ({@link LroConfig#enabled()}): every packet is passed up untouched. */
    DISABLED("LRO switched off"),
    /** No TCP payload (pure ACK, window update, ...). */
    ZERO_PAYLOAD("no payload"),
    /** TCP flags that cannot be merged (policy-specific: SYN, FIN, RST, URG, ECE, CWR, no ACK, ...). */
    TCP_FLAGS("TCP flags"),
    /** TCP options other than none or NOP,NOP,TS, or a mix of both within a flow (inet_lro policy). */
    TCP_OPTIONS("TCP options"),
    /** TSval before the aggregate's first TSval (inet_lro policy). */
    TIMESTAMP_REGRESSION("timestamp went back"),
    /** TSecr is zero (inet_lro policy). */
    TSECR_ZERO("TSecr is zero"),
    /** The sequence number is not the one that continues the aggregate. */
    OUT_OF_ORDER("out of sequence"),
    /** The ACK number differs from the aggregate's (GRO policy). */
    ACK_MISMATCH("ACK differs"),
    /** The window differs from the aggregate's (GRO policy). */
    WINDOW_MISMATCH("window differs"),
    /** TCP option bytes differ from the aggregate's (GRO policy). */
    OPTIONS_MISMATCH("TCP options differ"),
    /** TOS/traffic class, TTL/hop limit, DF or flow label differ from the aggregate's (GRO policy). */
    IP_HEADER_MISMATCH("IP header fields differ"),
    /** The IPv4 ID neither continues the +1 sequence nor stays fixed (GRO policy). */
    IP_ID_MISMATCH("IP ID sequence broken"),
    /** The segment is longer than the aggregate's segment size (GRO policy). */
    SEGMENT_SIZE("segment size"),
    /** The link-layer header differs from the aggregate's (GRO policy). */
    L2_MISMATCH("link-layer header differs"),
    /** The flow table is full and the policy does not evict (inet_lro's {@code no_desc}). */
    NO_DESCRIPTOR("no free flow descriptor");

    private final String description;

    Verdict(final String description) {
        this.description = description;
    }

    /** @return a short human-readable description */
    public String description() {
        return description;
    }

    /** @return true for {@link #HELD} and {@link #MERGED} */
    public boolean aggregated() {
        return this == HELD || this == MERGED;
    }
}
