/**
 * The sk_buff operations the model's kernels share beyond lro4j's packet.
 */
@NullMarked
package io.lro4j.xen.skb;

import org.jspecify.annotations.NullMarked;
