/**
 * Per-stage counters of the Xen model: copies, grant operations, ring slots, notifications, packets.
 */
@NullMarked
package io.lro4j.xen.accounting;

import org.jspecify.annotations.NullMarked;
