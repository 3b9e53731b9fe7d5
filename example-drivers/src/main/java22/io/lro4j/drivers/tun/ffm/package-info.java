/** The TUN driver's system calls through the Foreign Function &amp; Memory API (compiled with release 22; not exported). */
@NullMarked
package io.lro4j.drivers.tun.ffm;

import org.jspecify.annotations.NullMarked;
