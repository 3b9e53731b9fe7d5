package io.lro4j.api.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Delta debugging finds the elements a failure needs, keeps their order, and respects its budget. */
class ShrinkerTest {

    @Test
    void shrinksToTheElementsTheFailureNeeds() {
        final List<Integer> input = IntStream.range(0, 100).boxed().toList();
        assertEquals(List.of(17, 42), Shrinker.shrink(input, l -> l.contains(17) && l.contains(42), 10_000));
        assertEquals(List.of(), Shrinker.shrink(input, l -> true, 10_000));
    }

    @Test
    void stopsAtTheBudget() {
        final int[] calls = {0};
        final List<Integer> input = IntStream.range(0, 100).boxed().toList();
        Shrinker.shrink(input, l -> ++calls[0] > 0 && l.contains(3), 5);
        assertEquals(5, calls[0]);
    }
}
