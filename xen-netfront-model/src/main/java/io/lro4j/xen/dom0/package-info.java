/**
 * The driver domain: its bridge and the bridge's transmit path, netback and netloop.
 */
@NullMarked
package io.lro4j.xen.dom0;

import org.jspecify.annotations.NullMarked;
