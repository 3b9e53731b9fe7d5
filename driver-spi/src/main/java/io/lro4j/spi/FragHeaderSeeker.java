package io.lro4j.spi;

import java.nio.ByteBuffer;

/**
 * Page mode's header seeker, inet_lro's {@code get_frag_header}: given the first fragment of a packet
 * received into pages, find the MAC, IP and TCP headers in it.
 *
 * <p>Drivers that receive into pages (myri10ge in Linux, netfront's multi-slot packets here) hand the
 * engine a packet whose head is empty and whose data sits in fragments; this seeker sees only the first
 * one, which must hold all the headers.
 */
@FunctionalInterface
public interface FragHeaderSeeker {

    /**
     * Locates the headers in the first fragment.
     *
     * @param fragment the fragment's buffer (big-endian)
     * @param offset absolute index of the fragment's first byte
     * @param length bytes in the fragment
     * @param out cleared before the call; receives offsets relative to {@code offset}, and flags
     * @return true to offer the packet for aggregation, false to refuse it
     */
    boolean seek(ByteBuffer fragment, int offset, int length, HeaderLocation out);
}
