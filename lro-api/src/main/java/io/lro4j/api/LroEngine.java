package io.lro4j.api;

import io.lro4j.api.packet.Packet;

/**
 * One LRO engine: the per-receive-queue aggregator a driver feeds and a stack receives from.
 *
 * <p>The driver hands each received packet to {@link #receive(Packet)} after its header seeker recorded
 * where the IP header is ({@link Packet#headers}); the engine re-checks every offset and field itself and
 * never trusts the seeker. At the end of every poll the driver calls {@link #flushAll()}, so nothing is
 * held between polls. Aggregates and unmerged packets go to the {@link PacketSink} given at creation.
 *
 * <p>Threading: like a NAPI context, an engine belongs to one receive queue and is used by one thread at a
 * time; it takes no locks. {@link #stats()} may be read from that thread only.
 *
 * <p>Bad input never throws: a packet the engine cannot use is passed up unmerged and counted under its
 * {@link Verdict}. Only misuse (a released packet, a sink that calls back into the engine) is an error.
 */
public interface LroEngine {

    /**
     * Takes one received packet: merges it, holds it, or passes it up. Ownership passes to the engine.
     *
     * @param packet a packet whose {@link Packet#networkHeader()} was set by a header seeker (or is -1)
     */
    void receive(Packet packet);

    /** Delivers every held aggregate (Linux's {@code lro_flush_all}); call it at the end of each poll. */
    void flushAll();

    /**
     * Delivers the aggregates held longer than {@link LroConfig#flushTimeoutNanos()}; does nothing when no
     * time bound is configured. {@link #receive} also does this when a bound is configured.
     *
     * @return the number of aggregates flushed
     */
    int flushExpired();

    /** @return flows currently holding an aggregate */
    int activeFlows();

    /** @return a snapshot of the counters */
    LroStats stats();

    /** @return the configuration */
    LroConfig config();
}
