/** The TUN driver's internals: its system calls and how they are found (not exported). */
@NullMarked
package io.lro4j.drivers.tun.internal;

import org.jspecify.annotations.NullMarked;
