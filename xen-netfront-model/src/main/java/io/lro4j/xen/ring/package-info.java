/**
 * Xen's network interface protocol: the shared ring page and its two ends, the request, response and extra-info layouts, and what a frontend writes to xenstore.
 */
@NullMarked
package io.lro4j.xen.ring;

import org.jspecify.annotations.NullMarked;
