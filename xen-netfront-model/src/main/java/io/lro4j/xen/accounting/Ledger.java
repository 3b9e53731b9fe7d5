package io.lro4j.xen.accounting;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The model's per-stage counters: one array of longs indexed by {@link Counter}, shared by every component
 * of one model instance, so counting allocates nothing. Read it with {@link #get}, {@link #toMap} or
 * {@link #format}. A {@link CountListener} may watch every count as it happens.
 */
public final class Ledger {

    private static final Counter[] COUNTERS = Counter.values();
    private final long[] values = new long[COUNTERS.length];
    private @Nullable CountListener listener;

    /** Creates a ledger with every counter at 0. */
    public Ledger() {
        // nothing to set up
    }

    /**
     * Adds one.
     *
     * @param counter the counter
     */
    public void increment(final Counter counter) {
        values[counter.ordinal()]++;
        final CountListener l = listener;
        if (l != null) {
            l.counted(counter, 1);
        }
    }

    /**
     * Adds {@code n}.
     *
     * @param counter the counter
     * @param n the amount
     */
    public void add(final Counter counter, final long n) {
        values[counter.ordinal()] += n;
        final CountListener l = listener;
        if (l != null) {
            l.counted(counter, n);
        }
    }

    /**
     * Sets the one listener told of every count from now on.
     *
     * @param listener the listener
     */
    public void listen(final CountListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * @param counter a counter
     * @return its value
     */
    public long get(final Counter counter) {
        return values[counter.ordinal()];
    }

    /** @return every counter by its enum name, in declaration order */
    public Map<String, Long> toMap() {
        final Map<String, Long> map = new LinkedHashMap<>();
        for (final Counter c : COUNTERS) {
            map.put(c.name(), values[c.ordinal()]);
        }
        return map;
    }

    /**
     * Formats the non-zero counters, grouped by stage.
     *
     * @return lines of text
     */
    public String format() {
        final StringBuilder b = new StringBuilder();
        Stage current = null;
        for (final Counter c : COUNTERS) {
            final long v = values[c.ordinal()];
            if (v == 0) {
                continue;
            }
            if (c.stage() != current) {
                current = c.stage();
                b.append(current.label()).append(":\n");
            }
            b.append(String.format("  %-44s %,d%n", c.description(), v));
        }
        return b.toString();
    }
}
