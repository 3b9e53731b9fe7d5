package io.lro4j.drivers.pcap;

import io.lro4j.api.LroConfig;
import io.lro4j.api.PacketSink;
import io.lro4j.spi.Capability;
import io.lro4j.spi.DriverCapabilities;
import io.lro4j.spi.LroDriver;
import io.lro4j.spi.LroDriverProvider;
import java.util.EnumSet;

/**
 * Registers the {@link PcapReplayDriver} as driver {@value #NAME}, for Ethernet frames received linearly.
 * (For raw-IP captures construct the driver directly with {@link LinkType#RAW}, as {@link PcapReplay}
 * does.) {@link PcapPagesDriverProvider} registers its page-receiving variant.
 */
public class PcapDriverProvider implements LroDriverProvider {

    /** The driver's name. */
    public static final String NAME = "pcap";

    private final ReceiveLayout layout;

    /** Creates the provider (called by {@link java.util.ServiceLoader}). */
    public PcapDriverProvider() {
        this(ReceiveLayout.LINEAR);
    }

    PcapDriverProvider(final ReceiveLayout layout) {
        this.layout = layout;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "capture-file replay: frames copied into pooled packets, software header seeking and checksum "
                + "verification, NAPI-style polls";
    }

    @Override
    public DriverCapabilities capabilities() {
        return new DriverCapabilities(EnumSet.of(Capability.ETHERNET, Capability.RX_CHECKSUM, Capability.IPV6, Capability.JUMBO_FRAMES),
                0, PcapWriter.SNAP_LENGTH);
    }

    @Override
    public LroDriver open(final LroConfig config, final PacketSink stack) {
        return new PcapReplayDriver(config, stack, LinkType.ETHERNET, 0, 0, layout);
    }
}
