package io.lro4j.drivers.pcap;

import io.lro4j.spi.Capability;
import io.lro4j.spi.DriverCapabilities;
import java.util.EnumSet;

/**
 * Registers the {@link PcapReplayDriver} receiving into pages ({@link ReceiveLayout#PAGES}) as driver
 * {@value #NAME}: every frame arrives in {@value PcapReplayDriver#PAGE_SIZE}-byte page fragments and goes to
 * LRO in page mode, so fragments mode aggregates it and chain (skb) mode passes it up whole.
 */
public final class PcapPagesDriverProvider extends PcapDriverProvider {

    /** The driver's name. */
    public static final String NAME = "pcap-pages";

    /** Pages of the largest frame this driver receives into page fragments. */
    private static final int MAX_PAGES = 17;

    /** Creates the provider (called by {@link java.util.ServiceLoader}). */
    public PcapPagesDriverProvider() {
        super(ReceiveLayout.PAGES);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "capture-file replay into 4 KiB pages: each frame in page fragments behind an empty head, LRO in "
                + "page mode (lro_receive_frags), software header seeking and checksum verification";
    }

    @Override
    public DriverCapabilities capabilities() {
        return new DriverCapabilities(EnumSet.of(Capability.ETHERNET, Capability.RX_CHECKSUM, Capability.IPV6, Capability.JUMBO_FRAMES,
                Capability.PAGE_MODE, Capability.SCATTER_GATHER), MAX_PAGES, MAX_PAGES * PcapReplayDriver.PAGE_SIZE);
    }
}
