/**
 * A real Linux TUN device read and written with {@code virtio_net_hdr}s through the Foreign Function &amp; Memory
 * API ({@link io.lro4j.drivers.tun.TunDevice}), so the kernel takes lro4j's TCP super-packets as single GSO
 * packets.
 */
@NullMarked
package io.lro4j.drivers.tun;

import org.jspecify.annotations.NullMarked;
