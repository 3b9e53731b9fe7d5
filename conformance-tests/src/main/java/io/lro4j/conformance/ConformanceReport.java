package io.lro4j.conformance;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outcome of one kit run, per {@link Rule}, as {@link ConformanceRunner} produced it.
 *
 * @param kit the kit class that ran
 * @param results one result per rule, in rule order
 */
public record ConformanceReport(String kit, List<RuleResult> results) {

    /** Copies the results. */
    public ConformanceReport {
        results = List.copyOf(results);
    }

    /** How a rule came out. */
    public enum Status {
        /** Every case ran and passed (some may have been skipped). */
        PASSED,
        /** At least one case failed. */
        FAILED,
        /** Nothing ran: the driver lacks the capability, or no configuration applies. */
        SKIPPED
    }

    /**
     * One rule's result.
     *
     * @param rule the rule
     * @param status how it came out
     * @param passed cases passed (1 for a plain rule; one per dynamic test)
     * @param failed cases failed
     * @param skipped cases skipped
     * @param detail the first failure's message, or why it was skipped; empty if neither
     */
    public record RuleResult(Rule rule, Status status, int passed, int failed, int skipped, String detail) {
    }

    /** @return true if any required rule failed */
    public boolean requiredFailed() {
        return results.stream().anyMatch(r -> r.status() == Status.FAILED && r.rule().required());
    }

    /** @return the results of the rules that failed */
    public List<RuleResult> failures() {
        return results.stream().filter(r -> r.status() == Status.FAILED).toList();
    }

    /** @return a summary per rule area, then every failure and skip with its reason */
    public String summary() {
        final StringBuilder s = new StringBuilder();
        final Map<String, int[]> areas = new TreeMap<>();
        for (final RuleResult r : results) {
            areas.computeIfAbsent(r.rule().area(), a -> new int[3])[r.status().ordinal()]++;
        }
        s.append(String.format(Locale.ROOT, "%-8s %7s %7s %7s%n", "area", "passed", "failed", "skipped"));
        areas.forEach((area, n) -> s.append(String.format(Locale.ROOT, "%-8s %7d %7d %7d%n", area, n[0], n[1], n[2])));
        for (final RuleResult r : results) {
            if (r.status() != Status.PASSED || !r.detail().isEmpty()) {
                s.append(String.format(Locale.ROOT, "%s %s %s (%s): %s%n", r.status(), r.rule().required() ? "required"
                        : "optional", r.rule().id(), r.rule().summary(), firstLines(r.detail(), 4)));
            }
        }
        return s.toString();
    }

    private static String firstLines(final String text, final int lines) {
        final String[] all = text.strip().split("\n");
        if (all.length <= lines) {
            return String.join("\n    ", all);
        }
        return String.join("\n    ", java.util.Arrays.copyOf(all, lines)) + "\n    ...";
    }
}
