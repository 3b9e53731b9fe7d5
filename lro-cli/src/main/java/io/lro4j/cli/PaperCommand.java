package io.lro4j.cli;

import com.google.gson.GsonBuilder;
import io.lro4j.testbed.Calibration;
import io.lro4j.testbed.LocalTraffic;
import io.lro4j.testbed.PaperConfig;
import io.lro4j.testbed.RunResult;
import io.lro4j.testbed.Testbed;
import io.lro4j.testbed.TestbedOptions;
import io.lro4j.testbed.cpu.CostModel;
import io.lro4j.testbed.report.PaperNumbers;
import io.lro4j.testbed.report.PaperReport;
import io.lro4j.testbed.report.Table;
import io.lro4j.testbed.report.TableFormat;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lro paper}: runs the paper's testbed and prints its tables beside the model's. */
@Command(name = "paper", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Reruns Hatori and Oi's testbed (Native, Guest-1, Guest-2, Guest-3, and lro4j's configurations beyond "
                + "them) as a discrete-event simulation and prints the paper's Tables II-VI with the model's figures beside the "
                + "paper's, then writes them as Markdown, CSV and JSON, with charts (PNG and SVG), to --out.",
                "Configurations: " + "native, guest-1, guest-2, guest-3, guest-2-gso, guest-3-page, guest-2-segack, guest-3-segack, "
                        + "guest-2-gso-segack, guest-3-page-segack; 'paper' is the first four, 'all' every one."})
final class PaperCommand implements Callable<Integer> {

    @Option(names = "--bytes", defaultValue = "1G", paramLabel = "N[K|M|G]",
            description = "Bytes each configuration sends (the paper sent 10G; default: ${DEFAULT-VALUE}).")
    String bytes = "1G";

    @Option(names = "--configs", defaultValue = "all", paramLabel = "LIST",
            description = "Comma-separated configurations, or paper or all (default: ${DEFAULT-VALUE}).")
    String configs = "all";

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "The run's seed (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--out", defaultValue = "target/paper", paramLabel = "DIR",
            description = "Where the report, data and charts go (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("target/paper");

    @Option(names = "--local-traffic", defaultValue = "0", paramLabel = "N[K|M|G]",
            description = "Bytes of the driver domain's own TCP connection to the guest, beside the transfer, in every Xen "
                    + "configuration (the paper's loopback packets, which skb-mode LRO passes up as fragmented; default: none).")
    String localBytes = "0";

    @Option(names = "--local-rate", defaultValue = "100M", paramLabel = "BITS[K|M|G]",
            description = "The local connection's application rate in bits per second, decimal units (default: ${DEFAULT-VALUE}).")
    String localRate = "100M";

    @Option(names = "--local-vif", defaultValue = "same", paramLabel = "same|second",
            description = "The local connection goes to the guest's eth0 beside the transfer (same), or to eth1 over a second "
                    + "vif pair without LRO, the paper's workaround (second; default: ${DEFAULT-VALUE}).")
    String localVif = "same";

    @Option(names = "--cost", paramLabel = "KEY=VALUE",
            description = "Changes one CPU cost of costs.properties (cycles; cpu.hz in Hz), e.g. --cost op.TCP_RX_PACKET=20000. Repeatable.")
    List<String> costs = new ArrayList<>();

    @Option(names = "--calibrate", description = "Searches op.TCP_RX_PACKET for the value at which Guest-1 reaches the paper's "
            + "505.4 Mbit/s, prints it and exits: the testbed's one calibration.")
    boolean calibrate;

    @Option(names = "--jobs", paramLabel = "N", description = "Configurations simulated at once (default: the number of "
            + "processors). Each run is deterministic on its own, so the figures do not depend on it.")
    int jobs = Runtime.getRuntime().availableProcessors();

    @Option(names = "--no-progress", description = "No progress bar on the terminal.")
    boolean noProgress;

    @CommandLine.Spec
    @SuppressWarnings("NullAway.Init")
    CommandLine.Model.CommandSpec spec;

    /** @return the --local-* options as a {@link LocalTraffic} */
    LocalTraffic localTraffic() {
        final long n = "0".equals(localBytes.trim()) ? 0 : parseUnits(localBytes, 1024, "--local-traffic");
        final boolean second = switch (localVif.trim().toLowerCase(Locale.ROOT)) {
            case "same" -> false;
            case "second" -> true;
            default -> throw new IllegalArgumentException("--local-vif must be same or second, was '" + localVif + "'");
        };
        return new LocalTraffic(n, parseRate(localRate), second);
    }

    static long parseRate(final String s) {
        return parseUnits(s, 1000, "--local-rate");
    }

    static long parseBytes(final String s) {
        return parseUnits(s, 1024, "--bytes");
    }

    /** A positive number with an optional K, M or G suffix in units of {@code k}; the error names {@code option}. */
    private static long parseUnits(final String s, final long k, final String option) {
        final String t = s.trim().toUpperCase(Locale.ROOT);
        final int suffix = t.isEmpty() ? -1 : "KMG".indexOf(t.charAt(t.length() - 1));
        final long unit = suffix < 0 ? 1 : suffix == 0 ? k : suffix == 1 ? k * k : k * k * k;
        try {
            final long v = Math.multiplyExact(Long.parseLong(suffix < 0 ? t : t.substring(0, t.length() - 1)), unit);
            if (v < 1) {
                throw new NumberFormatException();
            }
            return v;
        } catch (final NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(option + " must be a positive number with an optional K, M or G suffix, was '" + s + "'",
                    e);
        }
    }

    @Override
    public Integer call() throws IOException {
        final PrintWriter w = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        CostModel model = CostModel.defaults();
        for (final String c : costs) {
            final int eq = c.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("--cost must be KEY=VALUE, was '" + c + "'");
            }
            final String value = c.substring(eq + 1).trim();
            try {
                model = model.with(c.substring(0, eq).trim(), Double.parseDouble(value));
            } catch (final NumberFormatException e) {
                throw new IllegalArgumentException("--cost " + c.substring(0, eq).trim() + " must be a number, was '" + value + "'", e);
            }
        }
        final TestbedOptions options = TestbedOptions.defaults().withBytes(parseBytes(bytes)).withSeed(seed).withCosts(model)
                .withLocalTraffic(localTraffic());
        if (calibrate) {
            final CostModel m = Calibration.calibrate(options, 505.4, line -> {
                w.println("  " + line);
                w.flush();
            });
            w.printf(Locale.ROOT, "%s=%.0f  (Guest-1 at 505.4 Mbit/s; %d bytes, seed %d)%n", Calibration.KEY,
                    m.cycles(io.lro4j.testbed.cpu.Op.TCP_RX_PACKET), options.bytes(), seed);
            return 0;
        }
        if (jobs < 1) {
            throw new IllegalArgumentException("--jobs must be at least 1, was " + jobs);
        }
        final List<PaperConfig> list = PaperConfig.parse(configs);
        final List<RunResult> results = runAll(list, options, new Progress(err, !noProgress && isTerminal(), list));
        final PaperReport report = new PaperReport(results);
        w.printf(Locale.ROOT, "lro paper: %d bytes per configuration, seed %d, CPU %.2f GHz (paper: 10 GiB)%n%n", options.bytes(),
                seed, model.hz() / 1e9);
        for (final Table t : report.tables()) {
            w.println(TableFormat.text(t));
        }
        Files.createDirectories(out);
        Files.writeString(out.resolve("paper.md"), report.markdown(options), StandardCharsets.UTF_8);
        for (final Table t : report.tables()) {
            Files.writeString(out.resolve("paper-" + t.id() + ".csv"), TableFormat.csv(t), StandardCharsets.UTF_8);
        }
        Files.writeString(out.resolve("paper.json"), json(options, results, report), StandardCharsets.UTF_8);
        charts(results);
        w.println("wrote " + out.resolve("paper.md") + ", paper-*.csv, paper.json, paper-throughput.{png,svg}, paper-lro-rate.{png,svg}");
        final boolean intact = results.stream().allMatch(r -> r.streamIntact() && (r.local() == null || r.local().streamIntact()));
        if (!intact) {
            err.println("lro paper: a configuration's received stream differs from the sent one (see the 'stream' columns)");
        }
        return intact ? 0 : 1;
    }

    /** Runs the configurations, {@link #jobs} at a time; the results in the list's order. */
    private List<RunResult> runAll(final List<PaperConfig> list, final TestbedOptions options, final Progress progress) {
        final ExecutorService pool = Executors.newFixedThreadPool(Math.min(jobs, list.size()), r -> {
            final Thread t = new Thread(r, "lro-paper");
            t.setDaemon(true);
            return t;
        });
        try {
            final List<Future<RunResult>> futures = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                final PaperConfig c = list.get(i);
                final int index = i;
                futures.add(pool.submit(() -> {
                    final RunResult r = Testbed.run(c, options, f -> progress.show(index, f));
                    progress.done(index, r);
                    return r;
                }));
            }
            final List<RunResult> results = new ArrayList<>();
            for (final Future<RunResult> f : futures) {
                results.add(f.get());
            }
            return results;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("lro paper was interrupted", e);
        } catch (final ExecutionException e) {
            final Throwable cause = e.getCause();
            throw cause instanceof RuntimeException re ? re : new IllegalStateException(cause);
        } finally {
            pool.shutdownNow();
        }
    }

    /** A terminal gets the bar; a pipe or file gets one line per configuration. */
    @SuppressWarnings("SystemConsoleNull") // on JDK 21 (our release) null still means "not a terminal"
    private static boolean isTerminal() {
        return System.console() != null && System.getenv("TERM") != null && !"dumb".equals(System.getenv("TERM"));
    }

    private static String json(final TestbedOptions options, final List<RunResult> results, final PaperReport report) {
        final Map<String, Object> m = new LinkedHashMap<>();
        final Map<String, Object> set = new LinkedHashMap<>();
        set.put("bytes", options.bytes());
        set.put("seed", options.seed());
        set.put("linkBitsPerSecond", options.linkBitsPerSecond());
        set.put("switchLatencyNanos", options.switchLatencyNanos());
        set.put("irqLatencyNanos", options.irqLatencyNanos());
        set.put("upcallLatencyNanos", options.upcallLatencyNanos());
        set.put("mss", options.mss());
        set.put("receiveWindow", options.receiveWindow());
        set.put("costs", options.costs().toMap());
        m.put("options", set);
        final List<Map<String, Object>> runs = new ArrayList<>();
        for (final RunResult r : results) {
            final Map<String, Object> x = new LinkedHashMap<>();
            x.put("config", r.config().id());
            x.put("paper", PaperNumbers.of(r.config()));
            x.put("result", r);
            x.put("packetsPerAck", r.packetsPerAck());
            x.put("sackRate", r.sackRate());
            runs.add(x);
        }
        m.put("runs", runs);
        final Map<String, Object> tables = new LinkedHashMap<>();
        report.tables().forEach(t -> tables.put(t.id(), t));
        m.put("tables", tables);
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeSpecialFloatingPointValues().create().toJson(m);
    }

    private void charts(final List<RunResult> results) throws IOException {
        System.setProperty("java.awt.headless", "true");
        final List<String> names = results.stream().map(r -> r.config().label()).toList();
        final List<Double> paperMbps = results.stream().map(r -> orZero(PaperNumbers.of(r.config()).mbps())).toList();
        final List<Double> modelMbps = results.stream().map(RunResult::mbps).toList();
        save(chart("Throughput: paper vs model", "Mbit/s", names, paperMbps, modelMbps), "paper-throughput");
        final List<Double> paperRate = results.stream().map(r -> orZero(PaperNumbers.of(r.config()).lroRate())).toList();
        final List<Double> modelRate = results.stream().map(RunResult::lroRate).toList();
        save(chart("LRO rate: paper vs model", "segments per TCP-layer packet", names, paperRate, modelRate), "paper-lro-rate");
    }

    private static double orZero(final @org.jspecify.annotations.Nullable Double v) {
        return v == null ? 0 : v;
    }

    private static CategoryChart chart(final String title, final String yTitle, final List<String> names, final List<Double> paper,
            final List<Double> model) {
        final CategoryChart c = new CategoryChartBuilder().width(1000).height(500).title(title).xAxisTitle("configuration")
                .yAxisTitle(yTitle).build();
        c.getStyler().setXAxisLabelRotation(30);
        c.addSeries("paper (0 = not in the paper)", names, paper);
        c.addSeries("model", names, model);
        return c;
    }

    private void save(final CategoryChart chart, final String name) throws IOException {
        BitmapEncoder.saveBitmap(chart, out.resolve(name).toString(), BitmapEncoder.BitmapFormat.PNG);
        VectorGraphicsEncoder.saveVectorGraphic(chart, out.resolve(name).toString(), VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
    }

    /**
     * A one-line progress bar on the terminal (stderr) over every configuration's share of its bytes, and one line
     * per configuration as it finishes; without a terminal, the lines only. Called from the runs' threads.
     */
    private static final class Progress {
        private final PrintWriter err;
        private final boolean bar;
        private final List<PaperConfig> configs;
        private final double[] fractions;
        private int finished;
        private int lastPercent = -1;

        Progress(final PrintWriter err, final boolean bar, final List<PaperConfig> configs) {
            this.err = err;
            this.bar = bar;
            this.configs = configs;
            this.fractions = new double[configs.size()];
        }

        synchronized void show(final int index, final double fraction) {
            fractions[index] = fraction;
            if (!bar) {
                return;
            }
            double sum = 0;
            for (final double f : fractions) {
                sum += f;
            }
            final int percent = (int) (100 * sum / fractions.length);
            if (percent == lastPercent) {
                return;
            }
            lastPercent = percent;
            draw(percent);
        }

        private void draw(final int percent) {
            final int filled = percent * 30 / 100;
            err.printf(Locale.ROOT, "\r[%s%s] %3d%%  %d of %d configurations done", "#".repeat(filled), ".".repeat(30 - filled),
                    percent, finished, fractions.length);
            err.flush();
        }

        synchronized void done(final int index, final RunResult r) {
            fractions[index] = 1;
            finished++;
            if (bar) {
                err.print("\r" + " ".repeat(72) + "\r");
            }
            err.printf(Locale.ROOT, "  %-22s %7.1f Mbit/s  LRO rate %.2f  %s%n", configs.get(index).id(), r.mbps(), r.lroRate(),
                    r.streamIntact() ? "stream identical" : "STREAM DIFFERS");
            if (bar && finished < fractions.length) {
                draw(lastPercent);
            }
            err.flush();
        }
    }
}
