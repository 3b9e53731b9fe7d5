/**
 * The Xen split-driver path as one receiving machine ({@link io.lro4j.xen.XenHost}), its set-up and its
 * registration as driver {@code xen-netfront}.
 */
@NullMarked
package io.lro4j.xen;

import org.jspecify.annotations.NullMarked;
