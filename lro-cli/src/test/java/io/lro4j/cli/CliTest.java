package io.lro4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.lro4j.conformance.ConformanceReport;
import io.lro4j.conformance.Rule;
import io.lro4j.spi.Drivers;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The {@code lro} command, run in process. */
class CliTest {

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    static Run lro(final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        final int exit = cmd.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static String sample() {
        return Path.of(System.getProperty("lro4j.root", "..")).resolve("samples/bulk-1flow-ipv4.pcap").toString();
    }

    @Test
    @DisplayName("replay writes the output and prints the statistics; exit 0")
    void replayText() {
        final Path out = dir.resolve("out.pcap");
        final Run r = lro("replay", sample(), out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(Files.exists(out));
        assertTrue(r.out().contains("LRO statistics:") && r.out().contains("lroRate"), r.out());
        assertTrue(r.out().contains("420 frames read"), r.out());
    }

    @Test
    @DisplayName("--stats json prints machine-readable statistics with every option applied")
    void replayJson() {
        final Run r = lro("replay", sample(), dir.resolve("o.pcap").toString(), "--stats", "json", "--mode",
                "fragments", "--policy", "gro", "--poll", "32", "--max-aggregated", "16", "--max-descriptors", "4");
        assertEquals(0, r.exit(), r.err());
        final JsonObject j = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals("fragments", j.getAsJsonObject("config").get("mode").getAsString());
        assertEquals("gro", j.getAsJsonObject("config").get("policy").getAsString());
        assertEquals(16, j.getAsJsonObject("config").get("maxAggregated").getAsInt());
        assertEquals(420, j.getAsJsonObject("stats").get("received").getAsInt());
        assertEquals(j.get("packetsWritten").getAsLong(), j.getAsJsonObject("stats").get("delivered").getAsLong());
    }

    @Test
    @DisplayName("replay --driver rtl8169 goes through the NIC model and prints packets per poll beside the LRO rate")
    void replayThroughTheNic() {
        final Path out = dir.resolve("nic.pcap");
        Run r = lro("replay", sample(), out.toString(), "--driver", "rtl8169");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("driver rtl8169 (Linux 2.6.18)") && r.out().contains("packets per poll"), r.out());
        assertTrue(r.out().contains("NIC statistics (rtl8169):") && r.out().contains("rx_copybreak"), r.out());
        assertTrue(r.out().contains("420 frames read"), r.out());
        assertTrue(r.err().isEmpty(), "no frame lost at the default timing: " + r.err());
        r = lro("replay", sample(), out.toString(), "--driver", "rtl8169", "--stats", "json", "--era", "modern",
                "--cpu-ns-per-packet", "11000", "--intr-mitigate", "5151");
        assertEquals(0, r.exit(), r.err());
        final JsonObject j = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals("modern", j.getAsJsonObject("config").get("era").getAsString());
        assertEquals(420, j.getAsJsonObject("nic").get("rx_packets").getAsInt());
        assertTrue(j.getAsJsonObject("nic").get("packets_per_poll_mean").getAsDouble() > 1, r.out());
        r = lro("replay", sample(), out.toString(), "--driver", "rtl8169", "--cpu-ns-per-packet", "40000");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("missed with the receive ring full"), "a CPU slower than the wire loses frames: " + r.err());
    }

    @Test
    @DisplayName("bad settings fail with exit 2 and a message naming the setting")
    void badSettings() {
        final String out = dir.resolve("x.pcap").toString();
        Run r = lro("replay", sample(), out, "--mode", "linear");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("mode must be one of chain, fragments"), r.err());
        r = lro("replay", sample(), out, "--max-aggregated", "0");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("maxAggregated must be between 1 and"), r.err());
        r = lro("replay", sample(), out, "--max-descriptors", "0");
        assertTrue(r.err().contains("maxDescriptors"), r.err());
        r = lro("replay", sample(), out, "--stats", "xml");
        assertEquals(2, r.exit());
        r = lro("replay", sample(), out, "--driver", "e1000");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("driver must be pcap or rtl8169"), r.err());
        r = lro("replay", sample(), out, "--driver", "rtl8169", "--era", "2.4");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("era must be 2.6.18 or modern"), r.err());
        r = lro("replay", sample(), out, "--era", "modern");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--era does not apply to --driver pcap"), r.err());
        r = lro("replay", sample(), out, "--driver", "rtl8169", "--max-fragments", "17");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--max-fragments does not apply to --driver rtl8169"), r.err());
        r = lro("replay", sample(), out, "--driver", "rtl8169", "--intr-mitigate", "zz");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("intr-mitigate"), r.err());
        r = lro("replay", dir.resolve("missing.pcap").toString(), out);
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("cannot read"), r.err());
    }

    @Test
    @DisplayName("a truncated capture: exit 2, the byte offset named, everything before it written")
    void truncatedCapture() throws Exception {
        final byte[] bytes = Files.readAllBytes(Path.of(sample()));
        final Path in = Files.write(dir.resolve("cut.pcap"), Arrays.copyOf(bytes, 200_001));
        final Path out = dir.resolve("cut.out.pcap");
        final Run r = lro("replay", in.toString(), out.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("cut.pcap") && r.err().contains("byte offset"), r.err());
        assertTrue(r.out().contains("frames read"), "statistics are still printed");
        assertTrue(Files.size(out) > 100_000, "the frames before the fault were written");
        final Run notPcap = lro("replay", Files.write(dir.resolve("junk.pcap"), new byte[100]).toString(), out.toString());
        assertEquals(2, notPcap.exit());
        assertTrue(notPcap.err().contains("not a pcap file"), notPcap.err());
    }

    @Test
    @DisplayName("--help on every command; drivers lists the pcap driver and the engine")
    void helpAndDrivers() {
        for (final String[] args : new String[][] {{"--help"}, {"replay", "--help"}, {"drivers", "--help"},
            {"conform", "--help"}}) {
            final Run r = lro(args);
            assertEquals(0, r.exit());
            assertTrue(r.out().startsWith("Usage: lro"), r.out());
        }
        assertTrue(lro("replay", "--help").out().contains("--max-descriptors"));
        final Run d = lro("drivers");
        assertEquals(0, d.exit());
        assertTrue(d.out().contains("pcap") && d.out().contains("pcap-pages") && d.out().contains("PAGE_MODE")
                && d.out().contains("lro4j"), d.out());
        assertTrue(lro("--version").out().contains("lro4j"));
    }

    @Test
    @DisplayName("conform --driver pcap: each rule, a summary per area, exit 0; an unknown driver is bad usage")
    void conformPcap() {
        final Run r = lro("conform", "--driver", "pcap", "--scenarios", "5");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("GOLD-1   PASSED") && r.out().contains("RAND-1   PASSED"), r.out());
        assertTrue(r.out().contains("area") && r.out().contains("merge") && r.out().contains("CONFORMS"), r.out());
        assertTrue(r.out().contains("SKIPPED required SEEK-3") && r.out().contains("does not claim VLAN_EXTRACTION"), r.out());
        final Run unknown = lro("conform", "--driver", "no-such-driver");
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("driver 'no-such-driver' not found") && unknown.err().contains("pcap"), unknown.err());
        assertEquals(2, lro("conform", "--driver", "pcap", "--scenarios", "0").exit());
    }

    @Test
    @DisplayName("conform --driver tun: through a real TUN device, the 802.1Q rules not applicable; exit 3 with the cause where it cannot run")
    void conformTun() {
        final Run r = lro("conform", "--driver", "tun", "--scenarios", "3", "--quiet");
        if (Drivers.require("tun").conformanceHarnessUnavailabilityCause().isEmpty()) {
            assertEquals(0, r.exit(), r.out() + r.err());
            assertTrue(r.out().contains("CONFORMS") && r.out().contains("SKIPPED required SEEK-2")
                    && r.out().contains("does not claim ETHERNET"), r.out());
        } else {
            assertEquals(ConformCommand.UNAVAILABLE, r.exit(), r.out() + r.err());
            assertTrue(r.err().contains("driver tun cannot run here"), r.err());
        }
    }

    @Test
    @DisplayName("conform exits 1 exactly when a required rule failed")
    void conformExitCode() {
        final ConformanceReport.RuleResult requiredFailed = new ConformanceReport.RuleResult(Rule.MERGE_2,
                ConformanceReport.Status.FAILED, 0, 1, 0, "PSH lost");
        final ConformanceReport.RuleResult optionalFailed = new ConformanceReport.RuleResult(Rule.SEEK_5,
                ConformanceReport.Status.FAILED, 0, 1, 0, "not merged");
        final ConformanceReport.RuleResult passed = new ConformanceReport.RuleResult(Rule.MERGE_1,
                ConformanceReport.Status.PASSED, 1, 0, 0, "");
        assertEquals(1, ConformCommand.exitCode(new ConformanceReport("k", java.util.List.of(passed, requiredFailed))));
        assertEquals(0, ConformCommand.exitCode(new ConformanceReport("k", java.util.List.of(passed, optionalFailed))));
    }

    @Test
    @DisplayName("paper: the tables, the files, the local-traffic table and its JSON; exit 0 when every stream is intact")
    void paperWithLocalTraffic() throws Exception {
        final Run r = lro("paper", "--configs", "guest-3,guest-3-page", "--bytes", "4M", "--local-traffic", "1M", "--local-rate", "50M",
                "--no-progress", "--jobs", "2", "--out", dir.toString());
        assertEquals(0, r.exit(), r.err());
        for (final String t : new String[] {"Table II", "Table III", "Table IV", "Table V", "Table VI", "Model figures",
            "Driver-domain local traffic"}) {
            assertTrue(r.out().contains(t), t + " missing:\n" + r.out());
        }
        assertTrue(r.err().contains("guest-3 ") && r.err().contains("guest-3-page"), "one line per configuration: " + r.err());
        for (final String f : new String[] {"paper.md", "paper-table2.csv", "paper-local.csv", "paper.json", "paper-throughput.png",
            "paper-lro-rate.svg"}) {
            assertTrue(Files.size(dir.resolve(f)) > 0, f);
        }
        final JsonObject j = JsonParser.parseString(Files.readString(dir.resolve("paper.json"))).getAsJsonObject();
        final JsonObject first = j.getAsJsonArray("runs").get(0).getAsJsonObject();
        assertEquals("guest-3", first.get("config").getAsString(), "results in the order asked, whatever finished first");
        final JsonObject local = first.getAsJsonObject("result").getAsJsonObject("local");
        assertEquals(1L << 20, local.get("bytes").getAsLong());
        assertTrue(local.get("streamIntact").getAsBoolean());
        assertEquals(local.get("dataPackets").getAsLong(),
                first.getAsJsonObject("result").getAsJsonObject("lroVerdicts").get("FRAGMENTED_INPUT").getAsLong(),
                "skb-mode LRO passed every local packet up");
    }

    @Test
    @DisplayName("paper: bad settings fail with exit 2 and a message naming the setting")
    void paperBadSettings() {
        Run r = lro("paper", "--jobs", "0", "--bytes", "1M", "--out", dir.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--jobs must be at least 1"), r.err());
        r = lro("paper", "--local-vif", "third", "--bytes", "1M", "--out", dir.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--local-vif must be same or second"), r.err());
        r = lro("paper", "--local-traffic", "1M", "--local-rate", "10", "--bytes", "1M", "--out", dir.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("local traffic rate must be between 1 Mbit/s"), r.err());
        r = lro("paper", "--bytes", "lots", "--out", dir.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--bytes must be a positive number"), r.err());
        r = lro("paper", "--configs", "guest-4", "--bytes", "1M", "--out", dir.toString());
        assertEquals(2, r.exit(), r.err());
    }
}
