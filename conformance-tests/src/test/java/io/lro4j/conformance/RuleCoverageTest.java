package io.lro4j.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The drift detector: every rule has exactly one test in the kit, and every kit test names a rule. */
class RuleCoverageTest {

    private static List<Method> ruleMethods() {
        return Arrays.stream(LroDriverConformance.class.getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(Test.class) || m.isAnnotationPresent(TestFactory.class)).toList();
    }

    @Test
    void everyRuleHasExactlyOneTest() {
        final Map<Rule, List<String>> tests = new EnumMap<>(Rule.class);
        for (final Method m : ruleMethods()) {
            for (final Rule r : Rule.values()) {
                if (m.getName().startsWith(r.methodPrefix())) {
                    tests.computeIfAbsent(r, k -> new ArrayList<>()).add(m.getName());
                }
            }
        }
        for (final Rule r : Rule.values()) {
            assertEquals(1, tests.getOrDefault(r, List.of()).size(),
                    () -> "rule " + r.id() + " needs exactly one test named " + r.methodPrefix() + "...; has " + tests.get(r));
        }
    }

    @Test
    void everyTestNamesARuleWithItsStrengthAndId() {
        for (final Method m : ruleMethods()) {
            final Rule rule = Arrays.stream(Rule.values()).filter(r -> m.getName().startsWith(r.methodPrefix()))
                    .findFirst().orElse(null);
            assertTrue(rule != null, () -> m.getName() + " is not named required_<ID>_ or optional_<ID>_ of a rule");
            final DisplayName name = m.getAnnotation(DisplayName.class);
            assertTrue(name != null && name.value().equals(rule.id() + " " + rule.summary()),
                    () -> m.getName() + " must be displayed as \"" + rule.id() + " " + rule.summary() + "\"");
        }
    }
}
