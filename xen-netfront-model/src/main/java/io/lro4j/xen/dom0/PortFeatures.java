package io.lro4j.xen.dom0;

/**
 * What a bridge port's device can take on transmit ({@code dev->features}, Linux 2.6.18 {@code NETIF_F_*}):
 * the bridge's transmit path copies or segments whatever a port cannot take.
 */
public final class PortFeatures {

    /** {@code NETIF_F_SG}: page fragments. */
    public static final int SG = 1;
    /** {@code NETIF_F_IP_CSUM}: completes partial TCP/UDP checksums over IPv4. */
    public static final int IP_CSUM = 1 << 1;
    /** {@code NETIF_F_IPV6_CSUM}: the same over IPv6. */
    public static final int IPV6_CSUM = 1 << 2;
    /** {@code NETIF_F_FRAGLIST}: packets with a frag list. Xen 3.1's vif never has it. */
    public static final int FRAGLIST = 1 << 3;
    /** {@code NETIF_F_TSO}: TCPv4 GSO packets. */
    public static final int TSO = 1 << 4;
    /** {@code NETIF_F_TSO6}: TCPv6 GSO packets. */
    public static final int TSO6 = 1 << 5;

    private PortFeatures() {
    }

    /**
     * @param features feature bits
     * @return their names, such as {@code "SG|IP_CSUM"}
     */
    public static String format(final int features) {
        final StringBuilder b = new StringBuilder();
        final String[] names = {"SG", "IP_CSUM", "IPV6_CSUM", "FRAGLIST", "TSO", "TSO6"};
        for (int i = 0; i < names.length; i++) {
            if ((features & 1 << i) != 0) {
                b.append(b.length() > 0 ? "|" : "").append(names[i]);
            }
        }
        return b.length() == 0 ? "none" : b.toString();
    }
}
