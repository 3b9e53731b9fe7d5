package io.lro4j.cli;

import com.google.gson.GsonBuilder;
import io.lro4j.api.AggregationMode;
import io.lro4j.api.LroConfig;
import io.lro4j.api.MergePolicy;
import io.lro4j.drivers.pcap.PcapFormatException;
import io.lro4j.drivers.pcap.PcapReplay;
import io.lro4j.drivers.pcap.PcapReplayDriver;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.LongConsumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lro replay IN OUT}: replays a capture through the pcap driver and the LRO engine, writes what the
 * stack would receive, and prints the engine's statistics.
 */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Replays a capture through the pcap replay driver and the LRO engine: frames are fed in polls of "
                + "--poll frames, each poll ends with flushAll, and every packet the stack would receive is written to "
                + "OUT with its capture timestamp (an aggregate takes its last segment's). Prints the statistics.",
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

    @Option(names = "--mode", defaultValue = "chain", paramLabel = "chain|fragments", converter = ModeConverter.class,
            description = "chain (skb mode: segments chained on a frag list) or fragments (page mode); default ${DEFAULT-VALUE}")
    AggregationMode mode = AggregationMode.CHAIN;

    @Option(names = "--policy", defaultValue = "inet-lro", paramLabel = "inet-lro|gro", converter = PolicyConverter.class,
            description = "merge rules: inet-lro (Themann's, the default) or gro (Linux GRO-strict)")
    MergePolicy policy = MergePolicy.INET_LRO;

    @Option(names = "--poll", defaultValue = "64", paramLabel = "N",
            description = "frames per poll (NAPI budget); flushAll after each; default ${DEFAULT-VALUE}")
    int poll = PcapReplay.DEFAULT_POLL;

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
            description = "fragment slots per packet (fragments mode); default max(17, --max-aggregated); "
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
        try {
            r = PcapReplay.run(input, output, config, poll, maxFragments, progress);
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
        if (stats.equals("json")) {
            out.println(json(r, config, fragments));
        } else {
            text(out, r, config, fragments);
        }
        out.flush();
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

    private void text(final PrintWriter out, final PcapReplay.Result r, final LroConfig c, final int fragments) {
        out.printf(Locale.ROOT, "replayed %s -> %s%n", input, output);
        out.printf(Locale.ROOT, "  mode %s, policy %s, %d descriptors, maxAggregated %d, mtu %d%s, polls of %d frames%n",
                c.mode().id(), c.policy().id(), c.maxDescriptors(), c.maxAggregated(), c.mtu(),
                c.mode() == AggregationMode.FRAGMENTS ? ", " + fragments + " fragment slots" : "", poll);
        out.printf(Locale.ROOT, "  %d frames read, %d packets written (%d bytes), %d polls%n", r.framesRead(),
                r.packetsWritten(), r.bytesWritten(), r.polls());
        out.println("LRO statistics:");
        out.print(r.stats().format());
    }

    private String json(final PcapReplay.Result r, final LroConfig c, final int fragments) {
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

    /** Converts {@code --policy}, naming the setting on error. */
    static final class PolicyConverter implements CommandLine.ITypeConverter<MergePolicy> {
        @Override
        public MergePolicy convert(final String value) {
            return MergePolicy.parse(value);
        }
    }
}
