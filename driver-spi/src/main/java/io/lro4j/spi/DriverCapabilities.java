package io.lro4j.spi;

import java.util.EnumSet;
import java.util.Set;

/**
 * What a driver declares about itself: its {@link Capability capabilities}, the most page fragments its
 * packets carry, and the largest frame it receives.
 *
 * @param features the capabilities (copied, unmodifiable)
 * @param maxFragments the most page fragments per received packet (0 if it never builds fragmented packets)
 * @param maxFrameLength the largest frame, link-layer header included, in bytes
 */
public record DriverCapabilities(Set<Capability> features, int maxFragments, int maxFrameLength) {

    /**
     * Checks and copies the values.
     *
     * @param features the capabilities
     * @param maxFragments fragments per packet, 0 to 65535
     * @param maxFrameLength bytes per frame, 60 to 16 MiB
     */
    public DriverCapabilities {
        features = features.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(features));
        if (maxFragments < 0 || maxFragments > 0xFFFF) {
            throw new IllegalArgumentException("maxFragments must be between 0 and 65535, was " + maxFragments);
        }
        if (maxFrameLength < 60 || maxFrameLength > (1 << 24)) {
            throw new IllegalArgumentException("maxFrameLength must be between 60 and 16777216, was " + maxFrameLength);
        }
    }

    /**
     * @param capability a capability
     * @return true if the driver claims it
     */
    public boolean has(final Capability capability) {
        return features.contains(capability);
    }
}
