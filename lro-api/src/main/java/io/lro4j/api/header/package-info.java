/**
 * Allocation-free flyweight views of Ethernet, IPv4, IPv6 and TCP headers, and the Internet checksum.
 */
@NullMarked
package io.lro4j.api.header;

import org.jspecify.annotations.NullMarked;
