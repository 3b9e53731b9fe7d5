package io.lro4j.xen;

/** Where LRO runs on the guest's receive path: the paper's configurations Guest-1, Guest-2 and Guest-3. */
public enum LroPlacement {
    /** No LRO (Guest-1). */
    NONE("none"),
    /** In the physical NIC's driver in the driver domain (Guest-2). */
    NIC("nic"),
    /** In the guest's netfront (Guest-3). */
    NETFRONT("netfront");

    private final String id;

    LroPlacement(final String id) {
        this.id = id;
    }

    /** @return the short name used on command lines */
    public String id() {
        return id;
    }

    /**
     * @param id a short name
     * @return the placement
     * @throws IllegalArgumentException naming the valid ones
     */
    public static LroPlacement of(final String id) {
        for (final LroPlacement p : values()) {
            if (p.id.equalsIgnoreCase(id)) {
                return p;
            }
        }
        throw new IllegalArgumentException("LRO placement must be one of none, nic, netfront; was " + id);
    }
}
