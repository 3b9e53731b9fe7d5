package io.lro4j.cli;

import io.lro4j.conformance.ConformanceReport;
import io.lro4j.conformance.ConformanceRunner;
import io.lro4j.conformance.LroDriverConformance;
import io.lro4j.spi.Drivers;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lro conform --driver NAME}: runs the conformance kit against a driver found by name, through the
 * JUnit Platform launcher, printing each rule as it finishes and a summary per rule area. Exit 0 when every
 * required rule passed (or was skipped for a capability the driver does not claim), 1 when one failed.
 */
@Command(name = "conform", mixinStandardHelpOptions = true,
        description = "Runs the conformance kit (rules, golden vectors, randomized traffic) against a driver found "
                + "with ServiceLoader, and prints passed, failed and skipped rules per area. Exits 1 if a required "
                + "rule fails, 2 on bad usage.")
final class ConformCommand implements Callable<Integer> {

    @CommandLine.Spec
    @SuppressWarnings("NullAway.Init") // injected by picocli
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--driver", required = true, paramLabel = "NAME",
            description = "the driver's name, as `lro drivers` lists it")
    @SuppressWarnings("NullAway.Init") // required option, set by picocli
    String driver;

    @Option(names = "--scenarios", paramLabel = "N", defaultValue = "" + LroDriverConformance.DEFAULT_SCENARIOS,
            description = "random traffic scenarios for RAND-1 (default: ${DEFAULT-VALUE})")
    int scenarios;

    @Option(names = "--seed", paramLabel = "SEED",
            description = "replay only this RAND-1 seed (as a failure report prints it)")
    @Nullable Long seed;

    @Option(names = "--quiet", description = "print only the summary, not each rule as it finishes")
    boolean quiet;

    @Override
    public Integer call() {
        if (scenarios < 1) {
            throw new IllegalArgumentException("--scenarios must be at least 1, was " + scenarios);
        }
        Drivers.require(driver);
        final PrintWriter out = spec.commandLine().getOut();
        out.println("conformance kit against driver " + driver + ":");
        out.flush();
        final String oldCount = System.setProperty(LroDriverConformance.COUNT_PROPERTY, Integer.toString(scenarios));
        final Long replay = seed;
        final String oldSeed = replay == null ? System.clearProperty(LroDriverConformance.SEED_PROPERTY)
                : System.setProperty(LroDriverConformance.SEED_PROPERTY, Long.toString(replay));
        final ConformanceReport report;
        try {
            report = ConformanceRunner.runDriver(driver, line -> {
                if (!quiet) {
                    out.println("  " + line);
                    out.flush();
                }
            });
        } finally {
            restore(LroDriverConformance.COUNT_PROPERTY, oldCount);
            restore(LroDriverConformance.SEED_PROPERTY, oldSeed);
        }
        out.println();
        out.print(report.summary());
        out.println(report.requiredFailed() ? "FAILED: a required rule failed" : "CONFORMS: every required rule passed or "
                + "was skipped for a capability the driver does not claim");
        out.flush();
        return exitCode(report);
    }

    /** @return 1 if a required rule failed, else 0 */
    static int exitCode(final ConformanceReport report) {
        return report.requiredFailed() ? 1 : 0;
    }

    private static void restore(final String property, final @Nullable String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }
}
