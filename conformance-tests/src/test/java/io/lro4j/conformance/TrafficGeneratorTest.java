package io.lro4j.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lro4j.api.header.EthernetHeader;
import io.lro4j.spi.Capability;
import io.lro4j.spi.DriverCapabilities;
import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** What the generator gives a driver follows its capabilities, and a seed means the same traffic for every driver. */
class TrafficGeneratorTest {

    private static final int SEEDS = 300;

    private static List<TrafficEvent> traffic(final EnumSet<Capability> features, final long seed) {
        return TrafficGenerator.forDriver(new DriverCapabilities(features, 0, 65_535)).generate(seed).events();
    }

    private static boolean tagged(final byte[] frame) {
        return (ByteBuffer.wrap(frame).getShort(EthernetHeader.ETHER_TYPE_OFFSET) & 0xFFFF) == EthernetHeader.TPID_8021Q;
    }

    /** The frame without its 802.1Q tag, as a driver without Ethernet must get it. */
    private static byte[] untagged(final byte[] frame) {
        if (!tagged(frame)) {
            return frame;
        }
        final byte[] out = new byte[frame.length - EthernetHeader.VLAN_TAG_LENGTH];
        System.arraycopy(frame, 0, out, 0, EthernetHeader.ETHER_TYPE_OFFSET);
        System.arraycopy(frame, EthernetHeader.ETHER_TYPE_OFFSET + EthernetHeader.VLAN_TAG_LENGTH, out,
                EthernetHeader.ETHER_TYPE_OFFSET, out.length - EthernetHeader.ETHER_TYPE_OFFSET);
        return out;
    }

    @Test
    void withoutEthernetTheSameTrafficUntagged() {
        int taggedFrames = 0;
        for (long seed = 0; seed < SEEDS; seed++) {
            final List<TrafficEvent> ethernet = traffic(EnumSet.of(Capability.ETHERNET, Capability.IPV6), seed);
            final List<TrafficEvent> raw = traffic(EnumSet.of(Capability.IPV6), seed);
            assertEquals(ethernet.size(), raw.size(), "seed " + seed + ": the same events");
            for (int i = 0; i < raw.size(); i++) {
                final byte[] e = ethernet.get(i).frame();
                final byte[] r = raw.get(i).frame();
                assertEquals(e == null, r == null, "seed " + seed + " event " + i + ": the same poll ends");
                if (e != null) {
                    final byte[] rf = Objects.requireNonNull(r);
                    assertTrue(!tagged(rf), "seed " + seed + " event " + i + ": a tagged frame for a driver without ETHERNET");
                    taggedFrames += tagged(e) ? 1 : 0;
                    assertArrayEquals(untagged(e), rf, "seed " + seed + " event " + i + ": the same frame, untagged");
                }
            }
        }
        assertTrue(taggedFrames > 100, "drivers with ETHERNET still get tagged frames: " + taggedFrames);
    }
}
