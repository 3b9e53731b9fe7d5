package io.lro4j.cli;

import io.lro4j.conformance.ConformanceReport;
import io.lro4j.conformance.ConformanceRunner;
import io.lro4j.conformance.LroDriverConformance;
import io.lro4j.spi.Drivers;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lro conform --driver NAME}: runs the conformance kit against a driver found by name, through the
 * JUnit Platform launcher, printing each rule as it finishes and a summary per rule area. Exit 0 when every
 * required rule passed (or was skipped for a capability the driver does not claim), 1 when one failed, 3 when
 * the driver cannot run on this machine (its {@code conformanceHarnessUnavailabilityCause}), which is printed
 * instead of failing every rule for it.
 */
@Command(name = "conform", mixinStandardHelpOptions = true,
        description = "Runs the conformance kit (rules, golden vectors, randomized traffic) against a driver found "
                + "with ServiceLoader, and prints passed, failed and skipped rules per area. Exits 1 if a required "
                + "rule fails, 2 on bad usage, 3 if the driver cannot run here (the cause is printed).")
final class ConformCommand implements Callable<Integer> {

    /** Exit status when the driver cannot run on this machine. */
    static final int UNAVAILABLE = 3;

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
        final Optional<Throwable> cause = Drivers.require(driver).conformanceHarnessUnavailabilityCause();
        if (cause.isPresent()) {
            spec.commandLine().getErr().println("lro: driver " + driver + " cannot run here: " + cause.get().getMessage());
            return UNAVAILABLE;
        }
        final PrintWriter out = spec.commandLine().getOut();
        out.println("conformance kit against driver " + driver + ":");
        out.flush();
        final ConformanceReport report = ConformanceRunner.runDriver(driver, scenarios, seed, line -> {
            if (!quiet) {
                out.println("  " + line);
                out.flush();
            }
        });
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
}
