package io.lro4j.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The kit's self-test: the reference driver passes every required rule, linear and page receive; each of
 * {@link Bug}'s planted bugs makes at least one required rule fail; and together they make every required
 * rule fail at least once, so that no required rule is one that cannot fail.
 */
class BrokenDriversTest {

    /** Fewer random seeds than a driver's own run: every broken driver fails most of them, and each is shrunk. */
    private static final int SCENARIOS = 3;

    private static ConformanceReport runKit(final ReferenceDriver.Provider provider) {
        BrokenDriverKit.driver = provider;
        return ConformanceRunner.run(BrokenDriverKit.class, SCENARIOS, null, line -> { });
    }

    /** A failing random scenario is reported with its seed, a replay command and a strictly smaller case. */
    private static void assertShrunk(final ConformanceReport.RuleResult rand) {
        final String d = rand.detail();
        assertTrue(d.contains("seed ") && d.contains("replay: mvn test -Dtest=") && d.contains("-Dlro4j.conformance.seed="), d);
        final java.util.regex.Matcher m = java.util.regex.Pattern.compile("minimal case \\((\\d+) of (\\d+) events\\)").matcher(d);
        assertTrue(m.find(), d);
        assertTrue(Integer.parseInt(m.group(1)) < Integer.parseInt(m.group(2)), d);
    }

    @TestFactory
    Stream<DynamicTest> everyPlantedBugFailsARequiredRule() {
        final Set<Rule> failedSomewhere = EnumSet.noneOf(Rule.class);
        final List<DynamicTest> tests = new ArrayList<>();
        for (final boolean pages : new boolean[] {false, true}) {
            tests.add(DynamicTest.dynamicTest("reference driver" + (pages ? " (pages)" : "") + " passes", () -> {
                final ConformanceReport report = runKit(new ReferenceDriver.Provider(Bug.NONE, pages));
                assertFalse(report.requiredFailed(), report::summary);
                assertEquals(List.of(), report.failures(), report::summary);
            }));
        }
        for (final Bug bug : Bug.values()) {
            if (bug == Bug.NONE) {
                continue;
            }
            tests.add(DynamicTest.dynamicTest(bug.toString(), () -> {
                final ConformanceReport report = runKit(new ReferenceDriver.Provider(bug, bug == Bug.SKB_MODE_IGNORED));
                assertTrue(report.requiredFailed(), () -> bug + " passed every required rule:\n" + report.summary());
                report.failures().forEach(r -> failedSomewhere.add(r.rule()));
                report.failures().stream().filter(r -> r.rule() == Rule.RAND_1).forEach(BrokenDriversTest::assertShrunk);
            }));
        }
        tests.add(DynamicTest.dynamicTest("every required rule fails for some planted bug", () -> {
            final Set<Rule> neverFailed = EnumSet.noneOf(Rule.class);
            for (final Rule r : Rule.values()) {
                if (r.required() && !failedSomewhere.contains(r)) {
                    neverFailed.add(r);
                }
            }
            assertEquals(Set.of(), neverFailed, "required rules no planted bug makes fail");
        }));
        return tests.stream();
    }
}
