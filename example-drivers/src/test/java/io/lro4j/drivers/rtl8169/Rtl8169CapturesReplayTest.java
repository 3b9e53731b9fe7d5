package io.lro4j.drivers.rtl8169;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lro4j.api.AggregationMode;
import io.lro4j.api.LroConfig;
import io.lro4j.conformance.Frames;
import io.lro4j.drivers.pcap.CaptureCheck;
import io.lro4j.drivers.pcap.LinkType;
import io.lro4j.drivers.pcap.PcapReplay;
import io.lro4j.drivers.pcap.PcapWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every wire capture in ../shared/pcaps (skipped with the reason when that folder is absent) replayed
 * through the RTL8169 model on its virtual clock, as {@code lro replay --driver rtl8169} does, for both eras
 * and both aggregation modes with the default timing: no frame missed or dropped, and the output passes the
 * Java capture check and check_lro_output.py. Rates and packets per poll go to target/rtl8169-rates.md.
 */
class Rtl8169CapturesReplayTest {

    private static final List<String> TABLE = new ArrayList<>();

    @TempDir
    static Path dir;

    @TestFactory
    Stream<DynamicTest> everySharedCaptureThroughTheNic() throws IOException {
        return CaptureCheck.forEachSharedCapture(in -> Stream.of(DriverEra.values()).flatMap(era -> Stream.of(
                AggregationMode.values()).map(mode -> DynamicTest.dynamicTest(in.getFileName() + " " + era.id() + " "
                        + mode.id(), () -> replay(in, era, mode)))));
    }

    private static void replay(final Path in, final DriverEra era, final AggregationMode mode) throws Exception {
        final String name = in.getFileName().toString().replace(".wire.pcap", "");
        final Path out = dir.resolve(name + "." + era.id() + "." + mode.id() + ".pcap");
        final Rtl8169Host[] host = new Rtl8169Host[1];
        final PcapReplay.Result r = PcapReplay.run(in, out, (linkType, stack) -> {
            assertEquals(LinkType.ETHERNET, linkType);
            host[0] = Rtl8169Host.timed(HostTiming.defaults(), LroConfig.builder().mode(mode).build(), stack,
                    Rtl8169Options.defaults().withEra(era), (f, o, l, t) -> { });
            return host[0];
        }, 0, n -> { });
        assertNull(r.inputError());
        final Rtl8169Stats s = host[0].stats();
        assertEquals(0, s.get("rx_missed") + s.get("rx_errors") + s.get("rx_dropped"), () -> "frames lost: " + s);
        assertEquals(r.framesRead(), s.get("rx_packets"));
        assertEquals(1, r.polls(), "the replay ends only the last poll; the NIC decides the rest");
        final CaptureCheck check = CaptureCheck.of(in, out);
        final CaptureCheck.PythonCheck python = CaptureCheck.python(in, out);
        synchronized (TABLE) {
            TABLE.add(String.format(Locale.ROOT, "| %s | %s | %s | %d | %.2f | %.2f | %d | %s |", name, era.id(), mode.id(),
                    s.get("polls"), s.meanPacketsPerPoll(), s.lro().lroRate(), s.get("rx_copybreak"), python.verdict()));
        }
        assertNull(check.failure(), check.failure());
        assertTrue(!python.failed(), "check_lro_output.py says:\n" + python.output());
    }

    @Test
    void aVlanTaggedCaptureComesOutWithItsTagsThoughTheChipExtractsThem() throws Exception {
        final Path in = dir.resolve("vlan.pcap");
        try (PcapWriter w = PcapWriter.create(in, LinkType.ETHERNET, false)) {
            for (int i = 0; i < 200; i++) {
                final byte[] f = Frames.segment(1000 + i * Frames.MSS, Frames.MSS).vlan(7).toBytes();
                w.write(ByteBuffer.wrap(f), 0, f.length, 1_000_000_000L + i * 1_000L);
            }
        }
        final Path out = dir.resolve("vlan.out.pcap");
        final Rtl8169Host[] host = new Rtl8169Host[1];
        PcapReplay.run(in, out, (linkType, stack) -> host[0] = Rtl8169Host.timed(new HostTiming(EthernetLink.GIGABIT,
                5_000, 10_000, 2_000), LroConfig.defaults(), stack, Rtl8169Options.defaults(), (f, o, l, t) -> { }), 0, n -> { });
        assertEquals(200, host[0].stats().get("rx_vlan_tags"), "the chip extracted every tag");
        assertTrue(host[0].stats().lro().lroRate() > 1, "and LRO merged within the VLAN");
        final CaptureCheck check = CaptureCheck.of(in, out);
        assertNull(check.failure(), check.failure());
        assertTrue(!CaptureCheck.python(in, out).failed(), "check_lro_output.py");
    }

    @AfterAll
    static void writeTable() throws IOException {
        CaptureCheck.writeTable("rtl8169-rates.md", "| capture | era | mode | polls | packets per poll | LRO rate "
                + "| copybreak copies | check_lro_output.py |", TABLE.stream().sorted().toList());
    }
}
