package io.lro4j.spi;

import io.lro4j.api.Lro;
import io.lro4j.api.LroConfig;
import io.lro4j.api.LroEngine;
import io.lro4j.api.LroStats;
import io.lro4j.api.PacketSink;
import io.lro4j.api.header.EthernetHeader;
import io.lro4j.api.packet.ChecksumState;
import io.lro4j.api.packet.Packet;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Themann's {@code net_lro_mgr}: an engine configured by the driver together with the driver's header
 * seekers. This is the whole driver contract:
 *
 * <pre>{@code
 * LroManager lro = LroManager.create(config, stack::receive, mySkbSeeker, myFragSeeker);
 * // NAPI poll:
 * for (each received packet)  lro.receiveSkb(packet);     // or receiveFrags(packet) for page receive
 * lro.flushAll();                                         // at the end of every poll
 * }</pre>
 *
 * <p>{@link #receiveSkb} asks the skb seeker where the headers are, records that on the packet
 * ({@link Packet#headers}), marks the checksum state from what the seeker verified, and hands the packet to
 * the engine; a refused packet reaches the engine with no network header and is passed up. The engine
 * never trusts the seeker: it re-derives and re-checks every header itself. A manager is used by one
 * thread, like the engine inside it.
 */
public final class LroManager {

    private final LroEngine engine;
    private final @Nullable SkbHeaderSeeker skbSeeker;
    private final @Nullable FragHeaderSeeker fragSeeker;
    private final HeaderLocation location = new HeaderLocation();

    private LroManager(final LroEngine engine, final @Nullable SkbHeaderSeeker skbSeeker,
            final @Nullable FragHeaderSeeker fragSeeker) {
        this.engine = engine;
        this.skbSeeker = skbSeeker;
        this.fragSeeker = fragSeeker;
    }

    /**
     * Creates a manager around a new engine from {@link Lro#newEngine}.
     *
     * @param config engine configuration
     * @param stack where packets are delivered
     * @param skbSeeker the skb-mode seeker, or null if the driver never calls {@link #receiveSkb}
     * @param fragSeeker the page-mode seeker, or null if the driver never calls {@link #receiveFrags}
     * @return the manager
     */
    public static LroManager create(final LroConfig config, final PacketSink stack,
            final @Nullable SkbHeaderSeeker skbSeeker, final @Nullable FragHeaderSeeker fragSeeker) {
        return of(Lro.newEngine(config, stack), skbSeeker, fragSeeker);
    }

    /**
     * Creates a manager around an existing engine.
     *
     * @param engine the engine
     * @param skbSeeker the skb-mode seeker, or null
     * @param fragSeeker the page-mode seeker, or null
     * @return the manager
     */
    public static LroManager of(final LroEngine engine, final @Nullable SkbHeaderSeeker skbSeeker,
            final @Nullable FragHeaderSeeker fragSeeker) {
        if (skbSeeker == null && fragSeeker == null) {
            throw new IllegalArgumentException("an LroManager needs an skb or a frag header seeker");
        }
        return new LroManager(Objects.requireNonNull(engine, "engine"), skbSeeker, fragSeeker);
    }

    /**
     * Receives a packet in skb mode (inet_lro's {@code lro_receive_skb}).
     *
     * @param packet a received packet; ownership passes to the engine
     */
    public void receiveSkb(final Packet packet) {
        final SkbHeaderSeeker seeker = skbSeeker;
        if (seeker == null) {
            throw new IllegalStateException("receiveSkb needs an skb header seeker; this manager has none");
        }
        final boolean located = seeker.seek(packet, location.reset());
        apply(packet, located);
        engine.receive(packet);
    }

    /**
     * Receives a packet whose data is in page fragments (inet_lro's {@code lro_receive_frags}). Its head
     * must be empty; the frag seeker looks at the first fragment.
     *
     * @param packet a received packet; ownership passes to the engine
     */
    public void receiveFrags(final Packet packet) {
        final FragHeaderSeeker seeker = fragSeeker;
        if (seeker == null) {
            throw new IllegalStateException("receiveFrags needs a frag header seeker; this manager has none");
        }
        if (packet.headLength() != 0 || packet.fragmentCount() == 0) {
            throw new IllegalArgumentException("receiveFrags takes a packet with an empty head and at least one "
                    + "fragment; use receiveSkb for " + packet);
        }
        final boolean located = seeker.seek(packet.fragmentBuffer(0), packet.fragmentOffset(0),
                packet.fragmentLength(0), location.reset());
        apply(packet, located);
        engine.receive(packet);
    }

    private void apply(final Packet packet, final boolean located) {
        final HeaderLocation at = location;
        if (!located || at.networkOffset() < 0) {
            packet.headers(0, at.macOffset(), -1, -1);
            return;
        }
        final int etherType = at.has(HeaderLocation.IPV6) ? EthernetHeader.TYPE_IPV6
                : at.has(HeaderLocation.IPV4) ? EthernetHeader.TYPE_IPV4 : 0;
        packet.headers(etherType, at.macOffset(), at.networkOffset(), at.transportOffset());
        if (at.has(HeaderLocation.CHECKSUM_BAD)) {
            packet.checksumBad(true);
        } else if (at.has(HeaderLocation.CHECKSUM_VERIFIED) && packet.checksumState() == ChecksumState.NONE) {
            packet.checksumState(ChecksumState.UNNECESSARY);
        }
    }

    /** Delivers every held aggregate (inet_lro's {@code lro_flush_all}). */
    public void flushAll() {
        engine.flushAll();
    }

    /** @return the engine's counters */
    public LroStats stats() {
        return engine.stats();
    }

    /** @return the engine inside */
    public LroEngine engine() {
        return engine;
    }
}
