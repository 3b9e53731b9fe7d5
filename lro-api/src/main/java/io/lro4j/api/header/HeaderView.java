package io.lro4j.api.header;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * What every header flyweight shares: the buffer and absolute offset it is pointed at. Each concrete view
 * has its own {@code wrap(buffer, offset)} returning itself; this class checks that the buffer is in network
 * byte order, which every absolute read and write of the views relies on.
 */
public abstract sealed class HeaderView permits EthernetHeader, Ipv4Header, Ipv6Header, TcpHeader {

    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

    /** The wrapped buffer. */
    ByteBuffer buffer = NOTHING;
    /** Absolute index of the header's first byte. */
    int offset;

    HeaderView() {
        // views are created once and re-pointed with wrap()
    }

    /** Points the view at {@code buffer} from {@code offset} on. */
    final void point(final ByteBuffer target, final int at) {
        if (target.order() != ByteOrder.BIG_ENDIAN) {
            throw new IllegalArgumentException("header views need a BIG_ENDIAN buffer");
        }
        this.buffer = target;
        this.offset = at;
    }

    /** @return absolute index of the header in the wrapped buffer */
    public final int offset() {
        return offset;
    }

    /** @return the wrapped buffer */
    public final ByteBuffer buffer() {
        return buffer;
    }
}
