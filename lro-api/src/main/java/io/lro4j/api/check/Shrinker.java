package io.lro4j.api.check;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Greedy delta debugging for failing test inputs: drops runs of elements, halving the run length, while
 * the input still fails. Used by the property tests and the conformance kit to print a minimal failing
 * packet sequence.
 */
public final class Shrinker {

    private Shrinker() {
    }

    /**
     * Shrinks a failing input.
     *
     * @param failing an input for which {@code fails} is true
     * @param fails whether an input still fails
     * @param maxRuns the most times {@code fails} is called
     * @param <T> the element type
     * @return a sub-list of {@code failing}, in order, that still fails and from which no tried run could be
     *     dropped
     */
    public static <T> List<T> shrink(final List<T> failing, final Predicate<List<T>> fails, final int maxRuns) {
        List<T> current = List.copyOf(failing);
        int runs = 0;
        for (int chunk = Math.max(1, current.size() / 2); chunk >= 1 && runs < maxRuns; chunk /= 2) {
            boolean progress = true;
            while (progress && runs < maxRuns) {
                progress = false;
                for (int i = 0; i + chunk <= current.size() && runs < maxRuns; ) {
                    final List<T> fewer = new ArrayList<>(current);
                    fewer.subList(i, i + chunk).clear();
                    runs++;
                    if (fails.test(fewer)) {
                        current = List.copyOf(fewer);
                        progress = true;
                    } else {
                        i += chunk;
                    }
                }
            }
        }
        return current;
    }
}
