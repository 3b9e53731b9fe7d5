package io.lro4j.xen.guest;

/** Which netfront the guest runs, where they differ (research notes §2.1, §2.2). */
public enum NetfrontEra {
    /**
     * Xen 3.1's netfront (the paper's): {@code data_validated} or {@code csum_blank} give
     * CHECKSUM_UNNECESSARY; GSO extra info of type TCPv4 only.
     */
    XEN_3_1("3.1"),
    /**
     * Current xen-netfront: {@code csum_blank} gives CHECKSUM_PARTIAL, {@code data_validated}
     * CHECKSUM_UNNECESSARY; GSO TCPv4 and TCPv6.
     */
    MODERN("modern");

    private final String id;

    NetfrontEra(final String id) {
        this.id = id;
    }

    /** @return the short name used on command lines */
    public String id() {
        return id;
    }
}
