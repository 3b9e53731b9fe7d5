package io.lro4j.cli;

import io.lro4j.api.AggregationMode;
import io.lro4j.api.LroConfig;
import io.lro4j.api.MergePolicy;
import io.lro4j.drivers.tun.TunDevice;
import io.lro4j.drivers.tun.TunForwarder;
import io.lro4j.drivers.tun.TunTransmitter;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lro forward}: a user-space LRO forwarder between two TUN devices. */
@Command(name = "forward", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Forwards IP packets between two TUN devices it creates, with LRO on the path: what the kernel sends "
                + "into one is coalesced and written into the other, aggregates as single GSO packets (virtio_net_hdr), "
                + "everything else unchanged. Runs until interrupted (SIGINT or SIGTERM), then prints its statistics.",
                "Needs Linux, Java 22 or newer and CAP_NET_ADMIN. Move the devices into network namespaces with "
                        + "'ip link set NAME netns NS'; this process keeps working on them (scripts/e2e-tun.sh does it all)."})
final class ForwardCommand implements Callable<Integer> {

    @Option(names = "--tun-a", defaultValue = "lro4ja", paramLabel = "NAME", description = "One device (default: ${DEFAULT-VALUE}).")
    String tunA = "lro4ja";

    @Option(names = "--tun-b", defaultValue = "lro4jb", paramLabel = "NAME", description = "The other (default: ${DEFAULT-VALUE}).")
    String tunB = "lro4jb";

    @Option(names = "--policy", defaultValue = "gro", paramLabel = "gro|inet-lro", converter = ReplayCommand.PolicyConverter.class,
            description = "Merge rules (default: ${DEFAULT-VALUE}, Linux GRO's, forwarding-safe).")
    MergePolicy policy = MergePolicy.GRO;

    @Option(names = "--mode", defaultValue = "chain", paramLabel = "chain|fragments", converter = ReplayCommand.ModeConverter.class,
            description = "How aggregates are built (default: ${DEFAULT-VALUE}).")
    AggregationMode mode = AggregationMode.CHAIN;

    @Option(names = "--no-lro", description = "Forward every packet as read (the baseline to compare with).")
    boolean noLro;

    @Option(names = "--max-aggregated", defaultValue = "64", paramLabel = "N", description = "Segments per aggregate (default: ${DEFAULT-VALUE}).")
    int maxAggregated = LroConfig.DEFAULT_MAX_AGGREGATED;

    @Option(names = "--budget", defaultValue = "64", paramLabel = "N",
            description = "Packets one poll reads from a device before flushing (default: ${DEFAULT-VALUE}).")
    int budget = 64;

    @Option(names = "--stats-every", defaultValue = "0", paramLabel = "SECONDS",
            description = "Also print the statistics this often (default: only on exit).")
    int statsEvery;

    @CommandLine.Spec
    @SuppressWarnings("NullAway.Init")
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        final PrintWriter out = spec.commandLine().getOut();
        if (budget < 1) {
            throw new IllegalArgumentException("--budget must be at least 1, was " + budget);
        }
        if (statsEvery < 0) {
            throw new IllegalArgumentException("--stats-every must be 0 or more seconds, was " + statsEvery);
        }
        if (tunA.equals(tunB)) {
            throw new IllegalArgumentException("--tun-a and --tun-b must differ, both were " + tunA);
        }
        final @Nullable Throwable cause = TunDevice.unavailabilityCause().orElse(null);
        if (cause != null) {
            spec.commandLine().getErr().println("lro forward: no TUN device can be opened here: " + cause.getMessage());
            return 1;
        }
        final LroConfig config = LroConfig.builder().enabled(!noLro).policy(policy).mode(mode).maxAggregated(maxAggregated).build();
        final AtomicBoolean stop = new AtomicBoolean();
        final CountDownLatch done = new CountDownLatch(1);
        final Thread hook = new Thread(() -> {
            stop.set(true);
            try {
                done.await(5, TimeUnit.SECONDS);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "lro-forward-stop");
        try (TunDevice a = TunDevice.open(tunA); TunDevice b = TunDevice.open(tunB)) {
            final TunForwarder f = new TunForwarder(a, b, config, budget);
            Runtime.getRuntime().addShutdownHook(hook);
            out.printf(Locale.ROOT, "lro forward: %s <-> %s, %s%n", a.name(), b.name(),
                    noLro ? "LRO off" : "LRO " + policy.id() + " " + mode.id() + ", up to " + maxAggregated + " segments");
            out.flush();
            final long every = statsEvery * 1_000_000_000L;
            final long[] next = {System.nanoTime() + every};
            final long start = System.nanoTime();
            try {
                f.run(stop::get, 200, () -> {
                    if (every > 0 && System.nanoTime() - next[0] >= 0) {
                        next[0] += every;
                        print(out, f, System.nanoTime() - start);
                    }
                });
            } finally {
                print(out, f, System.nanoTime() - start);
                done.countDown();
            }
        }
        return 0;
    }

    private static void print(final PrintWriter out, final TunForwarder f, final long nanos) {
        out.printf(Locale.ROOT, "after %.1f s:%n", nanos / 1e9);
        direction(out, f.a().name() + " -> " + f.b().name(), f.aToB());
        direction(out, f.b().name() + " -> " + f.a().name(), f.bToA());
        out.flush();
    }

    private static void direction(final PrintWriter out, final String name, final TunForwarder.Direction d) {
        final TunTransmitter t = d.transmitter();
        out.printf(Locale.ROOT, "  %-18s read %d packets (%d bytes, %d with offload info) in %d polls; wrote %d packets "
                + "(%d bytes), %d of them GSO carrying %d segments; dropped %d, refused %d; LRO rate %.2f%n", name,
                d.receiver().packets(), d.receiver().bytes(), d.receiver().offloaded(), d.receiver().polls(), t.packets(), t.bytes(),
                t.gsoPackets(), t.gsoSegments(), t.dropped(), t.refused(), d.lroStats().lroRate());
        final @Nullable String error = t.firstError();
        if (error != null) {
            out.println("  first refusal: " + error);
        }
    }
}
