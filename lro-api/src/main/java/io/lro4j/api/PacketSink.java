package io.lro4j.api;

import io.lro4j.api.packet.Packet;

/**
 * Where the engine delivers packets: the network stack above the driver ({@code netif_receive_skb}).
 *
 * <p>The sink takes ownership and must eventually {@link Packet#release() release} each packet. It is
 * called on the engine's thread and must not call back into the engine that is delivering.
 */
@FunctionalInterface
public interface PacketSink {

    /**
     * Takes one packet: an aggregate, a single held packet, or a packet passed up unmerged.
     *
     * @param packet the packet, now owned by the sink
     */
    void deliver(Packet packet);
}
