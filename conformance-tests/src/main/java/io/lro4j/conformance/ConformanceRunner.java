package io.lro4j.conformance;

import io.lro4j.spi.Drivers;
import io.lro4j.spi.LroDriverProvider;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs the kit through the JUnit Platform launcher, outside a build, and reports per {@link Rule}: what
 * {@code lro conform} uses. Each test or dynamic test is attributed to the rule whose method it belongs to.
 */
public final class ConformanceRunner {

    private ConformanceRunner() {
    }

    /**
     * Runs the kit against a driver found by name.
     *
     * @param driverName the driver's {@link io.lro4j.spi.LroDriverProvider#name() name}
     * @param scenarios random traffic scenarios for {@link Rule#RAND_1}, at least 1
     * @param seed the one RAND-1 seed to replay, or null for {@code scenarios} seeds
     * @param progress receives one line per finished rule
     * @return the report
     * @throws IllegalArgumentException if no such driver is found, or scenarios is below 1
     * @throws IllegalStateException if the driver's harness cannot run here
     *     ({@link LroDriverProvider#conformanceHarnessUnavailabilityCause}), rather than failing every rule for it
     */
    public static ConformanceReport runDriver(final String driverName, final int scenarios, final @Nullable Long seed,
            final Consumer<String> progress) {
        final LroDriverProvider provider = Drivers.require(driverName);
        final Optional<Throwable> cause = provider.conformanceHarnessUnavailabilityCause();
        if (cause.isPresent()) {
            throw new IllegalStateException("driver " + driverName + " cannot run here: " + cause.get().getMessage(),
                    cause.get());
        }
        return run(DiscoveredDriverConformance.class, driverName, scenarios, seed, progress);
    }

    /**
     * Runs a kit subclass.
     *
     * @param kit a concrete subclass of {@link LroDriverConformance}
     * @param scenarios random traffic scenarios for {@link Rule#RAND_1}, at least 1
     * @param seed the one RAND-1 seed to replay, or null for {@code scenarios} seeds
     * @param progress receives one line per finished rule
     * @return the report
     */
    public static ConformanceReport run(final Class<? extends LroDriverConformance> kit, final int scenarios,
            final @Nullable Long seed, final Consumer<String> progress) {
        return run(kit, null, scenarios, seed, progress);
    }

    /** The kit reads its settings from system properties (so a build can set them too): set, run, restore. */
    private static ConformanceReport run(final Class<? extends LroDriverConformance> kit, final @Nullable String driver,
            final int scenarios, final @Nullable Long seed, final Consumer<String> progress) {
        if (scenarios < 1) {
            throw new IllegalArgumentException("scenarios must be at least 1, was " + scenarios);
        }
        final Map<String, @Nullable String> settings = new HashMap<>();
        settings.put(DiscoveredDriverConformance.DRIVER_PROPERTY, driver);
        settings.put(LroDriverConformance.COUNT_PROPERTY, Integer.toString(scenarios));
        settings.put(LroDriverConformance.SEED_PROPERTY, seed == null ? null : Long.toString(seed));
        final Map<String, @Nullable String> previous = new HashMap<>();
        settings.forEach((key, value) -> previous.put(key, set(key, value)));
        try {
            final Launcher launcher = LauncherFactory.create();
            final Listener listener = new Listener(progress);
            launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(DiscoverySelectors.selectClass(kit))
                    .build(), listener);
            final List<ConformanceReport.RuleResult> results = new ArrayList<>();
            for (final Rule rule : Rule.values()) {
                results.add(listener.tallies.getOrDefault(rule, new Tally()).result(rule));
            }
            return new ConformanceReport(kit.getName(), results);
        } finally {
            previous.forEach(ConformanceRunner::set);
        }
    }

    private static @Nullable String set(final String key, final @Nullable String value) {
        return value == null ? System.clearProperty(key) : System.setProperty(key, value);
    }

    /** What happened to one rule's test and its dynamic tests. */
    private static final class Tally {
        int passed;
        int failed;
        int skipped;
        @Nullable String failure;
        @Nullable String skipReason;

        ConformanceReport.RuleResult result(final Rule rule) {
            final ConformanceReport.Status status = failed > 0 ? ConformanceReport.Status.FAILED
                    : passed > 0 ? ConformanceReport.Status.PASSED : ConformanceReport.Status.SKIPPED;
            final String detail = switch (status) {
                case FAILED -> failure;
                case SKIPPED -> skipReason != null ? skipReason : "not run";
                case PASSED -> skipped > 0 ? skipped + " case(s) skipped: " + skipReason : null;
            };
            return new ConformanceReport.RuleResult(rule, status, passed, failed, skipped, detail == null ? "" : detail);
        }
    }

    private static final class Listener implements TestExecutionListener {
        private static final String ASSUMPTION = "Assumption failed: ";
        private final Consumer<String> progress;
        private final Map<Rule, Tally> tallies = new EnumMap<>(Rule.class);
        private @Nullable TestPlan plan;

        Listener(final Consumer<String> progress) {
            this.progress = progress;
        }

        @Override
        public void testPlanExecutionStarted(final TestPlan testPlan) {
            this.plan = testPlan;
        }

        @Override
        public void executionSkipped(final TestIdentifier id, final String reason) {
            final Rule rule = ruleOf(id);
            if (rule != null) {
                final Tally t = tallies.computeIfAbsent(rule, r -> new Tally());
                t.skipped++;
                t.skipReason = reason;
            }
        }

        @Override
        public void executionFinished(final TestIdentifier id, final TestExecutionResult result) {
            final Rule rule = ruleOf(id);
            if (rule == null) {
                return;
            }
            final Tally t = tallies.computeIfAbsent(rule, r -> new Tally());
            final boolean ruleMethod = isRuleMethod(id);
            final String message = result.getThrowable().map(e -> String.valueOf(e.getMessage()))
                    .map(m -> m.startsWith(ASSUMPTION) ? m.substring(ASSUMPTION.length()) : m).orElse("");
            switch (result.getStatus()) {
                case SUCCESSFUL -> {
                    if (id.isTest()) {
                        t.passed++;
                    }
                }
                case ABORTED -> {
                    t.skipped++;
                    if (t.skipReason == null) {
                        t.skipReason = message;
                    }
                }
                case FAILED -> {
                    t.failed++;
                    if (t.failure == null) {
                        t.failure = (ruleMethod ? "" : id.getDisplayName() + ": ") + message;
                    }
                }
            }
            if (ruleMethod) {
                final ConformanceReport.RuleResult r = t.result(rule);
                progress.accept(String.format(java.util.Locale.ROOT, "%-8s %-7s %s", rule.id(), r.status(), rule.summary()));
            }
        }

        /** A rule's own test or test factory, not one of its dynamic tests (which carry its source too). */
        private boolean isRuleMethod(final TestIdentifier id) {
            final TestPlan p = plan;
            return id.getSource().filter(MethodSource.class::isInstance).isPresent() && p != null
                    && p.getParent(id).flatMap(TestIdentifier::getSource).filter(MethodSource.class::isInstance).isEmpty();
        }

        private @Nullable Rule ruleOf(final TestIdentifier id) {
            TestIdentifier at = id;
            while (at != null) {
                final Optional<TestSource> source = at.getSource();
                if (source.isPresent() && source.get() instanceof MethodSource m) {
                    for (final Rule r : Rule.values()) {
                        if (m.getMethodName().startsWith(r.methodPrefix())) {
                            return r;
                        }
                    }
                    return null;
                }
                final TestPlan p = plan;
                at = p == null ? null : p.getParent(at).orElse(null);
            }
            return null;
        }
    }
}
