package io.lro4j.drivers.pcap;

import java.util.Optional;

/** The link-layer header type of a capture (the pcap {@code LINKTYPE_} value). */
public enum LinkType {
    /** IEEE 802.3 Ethernet, LINKTYPE_ETHERNET. */
    ETHERNET(1),
    /** Raw IPv4 or IPv6, no link-layer header: LINKTYPE_RAW (as captured on a TUN device). */
    RAW(101),
    /** Raw IPv4 only, LINKTYPE_IPV4. */
    IPV4(228),
    /** Raw IPv6 only, LINKTYPE_IPV6. */
    IPV6(229);

    private final int value;

    LinkType(final int value) {
        this.value = value;
    }

    /** @return the LINKTYPE_ number written in the file header */
    public int value() {
        return value;
    }

    /** @return true if frames start with an Ethernet header */
    public boolean ethernet() {
        return this == ETHERNET;
    }

    /**
     * @param value a LINKTYPE_ number (the upper 4 bits, FCS information, are ignored)
     * @return the link type, if lro4j reads it
     */
    public static Optional<LinkType> of(final int value) {
        final int type = value & 0x0FFF_FFFF;
        for (final LinkType t : values()) {
            if (t.value == type) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
