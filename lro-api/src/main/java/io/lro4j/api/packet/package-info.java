/**
 * The packet model: {@link io.lro4j.api.packet.Packet}, lro4j's sk_buff, with its pools.
 */
@NullMarked
package io.lro4j.api.packet;

import org.jspecify.annotations.NullMarked;
