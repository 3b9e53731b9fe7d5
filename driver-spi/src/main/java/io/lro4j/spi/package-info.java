/**
 * The driver SPI: header seekers, the LRO manager, capabilities and driver discovery.
 */
@NullMarked
package io.lro4j.spi;

import org.jspecify.annotations.NullMarked;
