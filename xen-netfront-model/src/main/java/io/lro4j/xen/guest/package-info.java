/**
 * The guest: netfront, with LRO through the driver SPI.
 */
@NullMarked
package io.lro4j.xen.guest;

import org.jspecify.annotations.NullMarked;
