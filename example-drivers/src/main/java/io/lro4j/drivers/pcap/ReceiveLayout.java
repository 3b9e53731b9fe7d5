package io.lro4j.drivers.pcap;

/**
 * How the {@link PcapReplayDriver} receives a frame into memory, as the two kinds of inet_lro driver did.
 */
public enum ReceiveLayout {
    /** One linear buffer per frame, handed to LRO in skb mode ({@code lro_receive_skb}). */
    LINEAR,
    /**
     * Page-sized buffers: the frame in {@value PcapReplayDriver#PAGE_SIZE}-byte page fragments behind an
     * empty head, handed to LRO in page mode ({@code lro_receive_frags}), as drivers that post pages to their
     * NIC (mlx4, ehea) did. In chain mode the engine passes such packets up unmerged, as skb-mode LRO must.
     */
    PAGES
}
