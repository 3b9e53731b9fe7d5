package io.lro4j.testbed.tcp;

/**
 * The connection's addresses: the sender's and receiver's MACs, IPv4 addresses and ports, and the sender's
 * initial sequence number (the handshake is not simulated: both ends start established, with timestamps,
 * SACK and a window scale of 7 agreed).
 *
 * @param senderMac the sender's MAC (low 48 bits)
 * @param receiverMac the receiver's MAC
 * @param senderIp the sender's IPv4 address
 * @param receiverIp the receiver's IPv4 address
 * @param senderPort the sender's port
 * @param receiverPort the receiver's port
 * @param isn the sender's initial sequence number (the first data byte is isn)
 */
public record Endpoints(long senderMac, long receiverMac, long senderIp, long receiverIp, int senderPort, int receiverPort,
        int isn) {

    /** The window scale both ends use. */
    public static final int WINDOW_SCALE = 7;

    /**
     * The paper's hosts with a given initial sequence number.
     *
     * @param receiverMac the receiver's MAC
     * @param isn the initial sequence number
     * @return the endpoints
     */
    public static Endpoints of(final long receiverMac, final int isn) {
        return new Endpoints(0x0200_0000_0001L, receiverMac, 0x0A00_0001L, 0x0A00_0002L, 40000, 5001, isn);
    }
}
