package io.lro4j.impl.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FlowTableTest {

    static Segment key(final long src, final int ports, final int hashOverride) {
        final Segment s = new Segment();
        s.ipVersion = 4;
        s.srcLow = src;
        s.dstLow = 1;
        s.ports = ports;
        s.hash = hashOverride == 0 ? s.computeHash() : hashOverride;
        return s;
    }

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {1, 2, 8, 100})
    @DisplayName("random activate/deactivate agrees with a reference map, including colliding hashes")
    void randomOperations(final int capacity) {
        final SplittableRandom r = new SplittableRandom(capacity);
        final FlowTable table = new FlowTable(capacity);
        final Map<Long, FlowDescriptor> reference = new HashMap<>();
        final ArrayDeque<Long> order = new ArrayDeque<>();
        for (int step = 0; step < 20_000; step++) {
            final long src = r.nextInt(capacity * 3);
            // a third of the keys share a few hash values, so probe runs form and wrap around the table
            final Segment s = key(src, 80, src % 3 == 0 ? (int) (src % 5) * 7 + 1 : 0);
            final FlowDescriptor found = table.find(s);
            assertSame(reference.get(src), found, "lookup of " + src);
            if (found == null) {
                final FlowDescriptor d = table.activate(s, step);
                if (reference.size() == capacity) {
                    assertNull(d, "a full table refuses");
                } else {
                    assertNotNull(d);
                    reference.put(src, d);
                    order.addLast(src);
                }
            } else if (r.nextBoolean()) {
                table.deactivate(found);
                reference.remove(src);
                order.remove(src);
            }
            if (step % 97 == 0) {
                assertTrue(table.consistent());
                assertEquals(reference.size(), table.active());
                if (!order.isEmpty()) {
                    assertSame(reference.get(order.peekFirst()), table.oldest(), "oldest in activation order");
                }
            }
        }
        final List<FlowDescriptor> all = new ArrayList<>(reference.values());
        all.forEach(table::deactivate);
        assertEquals(0, table.active());
        assertTrue(table.consistent());
    }
}
