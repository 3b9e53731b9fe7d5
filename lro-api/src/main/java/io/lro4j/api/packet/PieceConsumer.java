package io.lro4j.api.packet;

import java.nio.ByteBuffer;

/**
 * Receives the pieces of a packet in data order: its head, its page fragments, then the pieces of each
 * packet on its frag list. Used to write or checksum a packet without linearizing it.
 */
@FunctionalInterface
public interface PieceConsumer {

    /**
     * Takes one piece. The buffer must not be kept or modified.
     *
     * @param buffer the buffer holding the piece
     * @param offset absolute index of the piece's first byte
     * @param length bytes in the piece, at least 1
     */
    void accept(ByteBuffer buffer, int offset, int length);
}
