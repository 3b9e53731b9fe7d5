package io.lro4j.cli;

import com.google.gson.GsonBuilder;
import io.lro4j.api.AggregationMode;
import io.lro4j.api.LroConfig;
import io.lro4j.api.MergePolicy;
import io.lro4j.drivers.pcap.LinkType;
import io.lro4j.drivers.pcap.PcapDriverProvider;
import io.lro4j.drivers.pcap.PcapFormatException;
import io.lro4j.drivers.pcap.PcapReplay;
import io.lro4j.drivers.pcap.PcapReplayDriver;
import io.lro4j.drivers.rtl8169.DriverEra;
import io.lro4j.drivers.rtl8169.HostTiming;
import io.lro4j.drivers.rtl8169.Rtl8169DriverProvider;
import io.lro4j.drivers.rtl8169.Rtl8169Host;
import io.lro4j.drivers.rtl8169.Rtl8169Options;
import io.lro4j.drivers.rtl8169.Rtl8169Stats;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lro replay IN OUT}: replays a capture through a driver (the pcap replay driver or the RTL8169 NIC
 * model) and the LRO engine, writes what the stack would receive, and prints the statistics.
 */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Replays a capture through a driver and the LRO engine and writes every packet the stack would "
                + "receive to OUT with its receive timestamp (an aggregate takes its last segment's). Prints the statistics.",
            "--driver pcap (default): frames are fed in polls of --poll frames, each ending with flushAll.",
            "--driver rtl8169: frames cross a --link-mbps link to the RealTek NIC model at their capture times; its "
                + "interrupts, the CPU costs (--irq-latency-ns, --cpu-ns-per-packet, --cpu-ns-per-poll) and the NAPI "
                + "budget (--poll) decide when polls run and how many frames each finds, so the LRO rate follows arrival "
                + "timing. Prints the NIC's counters and packets per poll beside the LRO rate.",
            "Exit status: 0 on success; 2 on bad options or a bad input (for a capture that ends in the middle of a "
                + "record, everything before the fault is still replayed and written)."})
final class ReplayCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "IN.pcap", description = "capture to replay: classic pcap (not pcapng), "
            + "Ethernet or raw IP, micro- or nanosecond timestamps")
    @SuppressWarnings("NullAway.Init")
    Path input;

    @Parameters(index = "1", paramLabel = "OUT.pcap", description = "capture to write (replaced if it exists)")
    @SuppressWarnings("NullAway.Init")
    Path output;

    @Option(names = "--driver", defaultValue = "pcap", paramLabel = "pcap|rtl8169",
            description = "the driver frames go through; default ${DEFAULT-VALUE}")
    String driver = "pcap";

    @Option(names = "--mode", defaultValue = "chain", paramLabel = "chain|fragments", converter = ModeConverter.class,
            description = "chain (skb mode: segments chained on a frag list) or fragments (page mode); default ${DEFAULT-VALUE}")
    AggregationMode mode = AggregationMode.CHAIN;

    @Option(names = "--policy", defaultValue = "inet-lro", paramLabel = "inet-lro|gro", converter = PolicyConverter.class,
            description = "merge rules: inet-lro (Themann's, the default) or gro (Linux GRO-strict)")
    MergePolicy policy = MergePolicy.INET_LRO;

    @Option(names = "--poll", defaultValue = "64", paramLabel = "N",
            description = "pcap: frames per poll, flushAll after each; rtl8169: the NAPI weight (most frames per poll); "
                    + "default ${DEFAULT-VALUE}")
    int poll = PcapReplay.DEFAULT_POLL;

    @Option(names = "--era", defaultValue = "2.6.18", paramLabel = "2.6.18|modern", converter = EraConverter.class,
            description = "rtl8169: the Linux r8169 driver to follow (2.6.18, what the paper ran, or today's); "
                    + "default ${DEFAULT-VALUE}")
    DriverEra era = DriverEra.LINUX_2_6_18;

    @Option(names = "--link-mbps", defaultValue = "1000", paramLabel = "MBPS",
            description = "rtl8169: the link's rate; frames arrive no faster than it (0: at their capture times); "
                    + "default ${DEFAULT-VALUE}")
    long linkMbps = 1000;

    @Option(names = "--irq-latency-ns", defaultValue = "5000", paramLabel = "NS",
            description = "rtl8169: from interrupt to handler; default ${DEFAULT-VALUE}")
    long irqLatency = HostTiming.defaults().irqLatencyNanos();

    @Option(names = "--cpu-ns-per-packet", defaultValue = "4000", paramLabel = "NS",
            description = "rtl8169: CPU time per frame a poll processes; default ${DEFAULT-VALUE}")
    long perPacket = HostTiming.defaults().perPacketNanos();

    @Option(names = "--cpu-ns-per-poll", defaultValue = "2000", paramLabel = "NS",
            description = "rtl8169: CPU time per poll beyond its frames; default ${DEFAULT-VALUE}")
    long perPoll = HostTiming.defaults().perPollNanos();

    @Option(names = "--intr-mitigate", defaultValue = "0", paramLabel = "HEX",
            description = "rtl8169: the IntrMitigate register (0 = off, as 2.6.18; e.g. 5151); default ${DEFAULT-VALUE}")
    String intrMitigate = "0";

    @Option(names = "--copybreak", defaultValue = "200", paramLabel = "BYTES",
            description = "rtl8169 (2.6.18): frames shorter than this are copied (rx_copybreak); default ${DEFAULT-VALUE}")
    int copybreak = Rtl8169Options.DEFAULT_RX_COPYBREAK;

    @Option(names = "--max-aggregated", defaultValue = "64", paramLabel = "N",
            description = "most segments per aggregate; default ${DEFAULT-VALUE}")
    int maxAggregated = LroConfig.DEFAULT_MAX_AGGREGATED;

    @Option(names = "--max-descriptors", defaultValue = "8", paramLabel = "N",
            description = "most flows holding an aggregate at once (inet_lro used 8); default ${DEFAULT-VALUE}")
    int maxDescriptors = LroConfig.DEFAULT_MAX_DESCRIPTORS;

    @Option(names = "--mtu", defaultValue = "1500", paramLabel = "BYTES",
            description = "device MTU (inet-lro flushes at 65535 - MTU); default ${DEFAULT-VALUE}")
    int mtu = LroConfig.DEFAULT_MTU;

    @Option(names = "--max-fragments", defaultValue = "0", paramLabel = "N",
            description = "pcap: fragment slots per packet (fragments mode); default max(17, --max-aggregated); "
                    + "17 models a Linux skb (MAX_SKB_FRAGS)")
    int maxFragments;

    @Option(names = "--stats", defaultValue = "text", paramLabel = "text|json",
            description = "statistics format on standard output; default ${DEFAULT-VALUE}")
    String stats = "text";

    @CommandLine.Spec
    @SuppressWarnings("NullAway.Init")
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (!stats.equals("text") && !stats.equals("json")) {
            throw new IllegalArgumentException("stats must be text or json, was '" + stats + "'");
        }
        final LroConfig config = LroConfig.builder().mode(mode).policy(policy).maxAggregated(maxAggregated)
                .maxDescriptors(maxDescriptors).mtu(mtu).build();
        if (poll < 1) {
            throw new IllegalArgumentException("poll must be at least 1 frame, was " + poll);
        }
        if (!driver.equals(PcapDriverProvider.NAME) && !driver.equals(Rtl8169DriverProvider.NAME)) {
            throw new IllegalArgumentException("driver must be pcap or rtl8169, was '" + driver + "'");
        }
        final CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        final boolean throughNic = driver.equals(Rtl8169DriverProvider.NAME);
        for (final String option : throughNic ? new String[] {"--max-fragments"} : new String[] {"--era", "--link-mbps",
                "--irq-latency-ns", "--cpu-ns-per-packet", "--cpu-ns-per-poll", "--intr-mitigate", "--copybreak"}) {
            if (parsed != null && parsed.hasMatchedOption(option)) {
                throw new IllegalArgumentException(option + " does not apply to --driver " + driver);
            }
        }
        if (linkMbps < 0) {
            throw new IllegalArgumentException("link-mbps must be at least 0 (0 = capture timing), was " + linkMbps);
        }
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        if (!Files.isReadable(input)) {
            err.println("lro replay: cannot read " + input);
            return Main.USAGE;
        }
        final Path parent = output.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        final boolean interactive = interactive();
        final LongConsumer progress = frames -> {
            if (interactive) {
                err.printf(Locale.ROOT, "\r  %,d frames replayed...", frames);
                err.flush();
            }
        };
        final PcapReplay.Result r;
        final Rtl8169Host[] nic = new Rtl8169Host[1];
        try {
            if (throughNic) {
                final Rtl8169Options options = rtl8169Options();
                final HostTiming timing = new HostTiming(linkMbps * 1_000_000L, irqLatency, perPacket, perPoll);
                r = PcapReplay.run(input, output, (linkType, stack) -> {
                    if (linkType != LinkType.ETHERNET) {
                        throw new IllegalArgumentException("the rtl8169 driver takes Ethernet captures; " + input
                                + " has link type " + linkType);
                    }
                    nic[0] = Rtl8169Host.timed(timing, config, stack, options, (f, o, l, t) -> { });
                    return nic[0];
                }, 0, progress);
            } else {
                r = PcapReplay.run(input, output, config, poll, maxFragments, progress);
            }
        } catch (PcapFormatException e) {
            err.println("lro replay: " + e.getMessage() + "; nothing was written");
            return Main.USAGE;
        } finally {
            if (interactive) {
                err.print("\r\033[K");
                err.flush();
            }
        }
        final int fragments = maxFragments == 0 ? PcapReplayDriver.defaultMaxFragments(config) : maxFragments;
        final Rtl8169Host host = nic[0];
        final Rtl8169Stats nicStats = host == null ? null : host.stats();
        if (stats.equals("json")) {
            out.println(json(r, config, fragments, nicStats));
        } else {
            text(out, r, config, fragments, nicStats);
        }
        out.flush();
        if (nicStats != null) {
            final long lost = nicStats.get("rx_missed") + nicStats.get("rx_errors") + nicStats.get("rx_dropped");
            if (lost > 0) {
                err.printf(Locale.ROOT, "lro replay: the NIC lost %d frames (%d missed with the receive ring full: the CPU "
                        + "fell behind the link; %d errors; %d dropped); %s lacks them, as a real receiver would%n", lost,
                        nicStats.get("rx_missed"), nicStats.get("rx_errors"), nicStats.get("rx_dropped"), output);
            }
        }
        final PcapFormatException fault = r.inputError();
        if (fault != null) {
            err.println("lro replay: " + fault.getMessage() + "; the " + r.framesRead()
                    + " frames before it were replayed and written to " + output);
            return Main.USAGE;
        }
        return 0;
    }

    /**
     * Whether standard error is a terminal, for the progress line. JDK 22+ always has a console object, and
     * only {@code Console.isTerminal()} (absent from Java 21, so called reflectively) tells.
     */
    @SuppressWarnings("SystemConsoleNull")
    static boolean interactive() {
        final java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // Java 21: a console exists only for a terminal
        }
    }

    private Rtl8169Options rtl8169Options() {
        final int mitigate;
        try {
            mitigate = Integer.parseInt(intrMitigate.startsWith("0x") ? intrMitigate.substring(2) : intrMitigate, 16);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("intr-mitigate must be a 16-bit hex value such as 5151, was '"
                    + intrMitigate + "'", e);
        }
        return Rtl8169Options.defaults().withEra(era).withWeight(poll).withIntrMitigate(mitigate).withRxCopybreak(copybreak);
    }

    private void text(final PrintWriter out, final PcapReplay.Result r, final LroConfig c, final int fragments,
            final @Nullable Rtl8169Stats nic) {
        out.printf(Locale.ROOT, "replayed %s -> %s%n", input, output);
        out.printf(Locale.ROOT, "  mode %s, policy %s, %d descriptors, maxAggregated %d, mtu %d%s, %s%n",
                c.mode().id(), c.policy().id(), c.maxDescriptors(), c.maxAggregated(), c.mtu(),
                c.mode() == AggregationMode.FRAGMENTS ? ", " + fragments + " fragment slots" : "",
                nic == null ? "polls of " + poll + " frames" : "driver rtl8169 (Linux " + era.id() + "), NAPI weight " + poll);
        if (nic == null) {
            out.printf(Locale.ROOT, "  %d frames read, %d packets written (%d bytes), %d polls%n", r.framesRead(),
                    r.packetsWritten(), r.bytesWritten(), r.polls());
        } else {
            out.printf(Locale.ROOT, "  link %s, irq latency %d ns, %d ns per packet, %d ns per poll%n",
                    linkMbps == 0 ? "at capture times" : linkMbps + " Mbit/s", irqLatency, perPacket, perPoll);
            out.printf(Locale.ROOT, "  %d frames read, %d packets written (%d bytes), %d polls%n", r.framesRead(),
                    r.packetsWritten(), r.bytesWritten(), nic.get("polls"));
            out.printf(Locale.ROOT, "  LRO rate %.2f segments per aggregate at %.2f packets per poll%n",
                    r.stats().lroRate(), nic.meanPacketsPerPoll());
        }
        out.println("LRO statistics:");
        out.print(r.stats().format());
        if (nic != null) {
            out.println("NIC statistics (rtl8169):");
            out.print(nic.format());
        }
    }

    private String json(final PcapReplay.Result r, final LroConfig c, final int fragments, final @Nullable Rtl8169Stats nic) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("input", input.toString());
        m.put("output", output.toString());
        final Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("mode", c.mode().id());
        cfg.put("policy", c.policy().id());
        cfg.put("maxDescriptors", c.maxDescriptors());
        cfg.put("maxAggregated", c.maxAggregated());
        cfg.put("mtu", c.mtu());
        cfg.put("maxFragments", fragments);
        cfg.put("poll", poll);
        m.put("config", cfg);
        m.put("framesRead", r.framesRead());
        m.put("packetsWritten", r.packetsWritten());
        m.put("bytesWritten", r.bytesWritten());
        m.put("polls", r.polls());
        m.put("stats", r.stats().toMap());
        if (nic != null) {
            cfg.put("driver", Rtl8169DriverProvider.NAME);
            cfg.put("era", era.id());
            cfg.put("linkMbps", linkMbps);
            cfg.put("irqLatencyNanos", irqLatency);
            cfg.put("cpuNanosPerPacket", perPacket);
            cfg.put("cpuNanosPerPoll", perPoll);
            m.put("nic", nic.toMap());
        }
        final PcapFormatException fault = r.inputError();
        if (fault != null) {
            m.put("inputError", fault.getMessage());
        }
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(m);
    }

    /** Converts {@code --mode}, naming the setting on error. */
    static final class ModeConverter implements CommandLine.ITypeConverter<AggregationMode> {
        @Override
        public AggregationMode convert(final String value) {
            return AggregationMode.parse(value);
        }
    }

    /** Converts {@code --era}, naming the setting on error. */
    static final class EraConverter implements CommandLine.ITypeConverter<DriverEra> {
        @Override
        public DriverEra convert(final String value) {
            return DriverEra.parse(value);
        }
    }

    /** Converts {@code --policy}, naming the setting on error. */
    static final class PolicyConverter implements CommandLine.ITypeConverter<MergePolicy> {
        @Override
        public MergePolicy convert(final String value) {
            return MergePolicy.parse(value);
        }
    }
}
