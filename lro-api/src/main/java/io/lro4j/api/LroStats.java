package io.lro4j.api;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A snapshot of an engine's counters, like {@code ethtool -S} on an inet_lro driver.
 *
 * <ul>
 *   <li>one counter per {@link Verdict}: every received packet is counted once;
 *   <li>{@link #aggregated()} = packets taken into aggregates (inet_lro's {@code aggregated});
 *   <li>{@link #flushed()} = aggregates delivered, single-segment ones included (inet_lro's {@code flushed}),
 *       with a counter per {@link FlushCause};
 *   <li>{@link #noDesc()} = packets that found no free descriptor (inet_lro's {@code no_desc});
 *   <li>{@link #lroRate()} = aggregated / flushed, the paper's "LRO rate": segments per delivered aggregate.
 * </ul>
 *
 * <p>What the stack received follows from these: {@link #delivered()} = received - aggregated + flushed.
 */
public final class LroStats {

    private static final Verdict[] VERDICTS = Verdict.values();
    private static final FlushCause[] CAUSES = FlushCause.values();

    private final long[] verdicts;
    private final long[] causes;
    private final long[] flushesByVerdict;
    private final long mergedAggregates;
    private final long mergedSegments;

    /**
     * Creates a snapshot; the arrays are copied.
     *
     * @param verdicts packets per {@link Verdict}, indexed by ordinal
     * @param causes flushes per {@link FlushCause}, indexed by ordinal
     * @param flushesByVerdict flushes caused by an unmerged packet, per {@link Verdict} ordinal
     * @param mergedAggregates delivered aggregates of two or more segments
     * @param mergedSegments segments in those aggregates
     */
    public LroStats(final long[] verdicts, final long[] causes, final long[] flushesByVerdict,
            final long mergedAggregates, final long mergedSegments) {
        if (verdicts.length != VERDICTS.length || causes.length != CAUSES.length
                || flushesByVerdict.length != VERDICTS.length) {
            throw new IllegalArgumentException("counter arrays must have one entry per Verdict / FlushCause");
        }
        this.verdicts = verdicts.clone();
        this.causes = causes.clone();
        this.flushesByVerdict = flushesByVerdict.clone();
        this.mergedAggregates = mergedAggregates;
        this.mergedSegments = mergedSegments;
    }

    /** @return a snapshot with every counter at zero */
    public static LroStats empty() {
        return new LroStats(new long[VERDICTS.length], new long[CAUSES.length], new long[VERDICTS.length], 0, 0);
    }

    /**
     * @param verdict a verdict
     * @return packets that got it
     */
    public long verdict(final Verdict verdict) {
        return verdicts[verdict.ordinal()];
    }

    /**
     * @param cause a flush cause
     * @return aggregates flushed for it
     */
    public long flushes(final FlushCause cause) {
        return causes[cause.ordinal()];
    }

    /**
     * @param verdict the reason an arriving packet was not merged
     * @return aggregates flushed because a packet of their flow got that verdict
     */
    public long flushesBy(final Verdict verdict) {
        return flushesByVerdict[verdict.ordinal()];
    }

    /** @return packets received */
    public long received() {
        return Arrays.stream(verdicts).sum();
    }

    /** @return packets taken into aggregates ({@link Verdict#HELD} + {@link Verdict#MERGED}) */
    public long aggregated() {
        return verdict(Verdict.HELD) + verdict(Verdict.MERGED);
    }

    /** @return packets passed up unmerged */
    public long passedUp() {
        return received() - aggregated();
    }

    /** @return aggregates delivered, single-segment ones included */
    public long flushed() {
        return Arrays.stream(causes).sum();
    }

    /** @return packets delivered to the stack: passed-up packets plus flushed aggregates */
    public long delivered() {
        return passedUp() + flushed();
    }

    /** @return packets that found the flow table full ({@link Verdict#NO_DESCRIPTOR}) */
    public long noDesc() {
        return verdict(Verdict.NO_DESCRIPTOR);
    }

    /** @return delivered aggregates of two or more segments */
    public long mergedAggregates() {
        return mergedAggregates;
    }

    /** @return segments in aggregates of two or more segments */
    public long mergedSegments() {
        return mergedSegments;
    }

    /** @return aggregated / flushed, or 0 when nothing was flushed */
    public double lroRate() {
        final long f = flushed();
        return f == 0 ? 0 : (double) aggregated() / f;
    }

    /** @return every counter as an ordered map (zero verdict and cause counters left out), for JSON output */
    public Map<String, Object> toMap() {
        final Map<String, Object> map = new LinkedHashMap<>();
        map.put("received", received());
        map.put("delivered", delivered());
        map.put("aggregated", aggregated());
        map.put("flushed", flushed());
        map.put("noDesc", noDesc());
        map.put("mergedAggregates", mergedAggregates);
        map.put("mergedSegments", mergedSegments);
        map.put("lroRate", Math.round(lroRate() * 1000) / 1000.0);
        final Map<String, Long> v = new LinkedHashMap<>();
        for (final Verdict verdict : VERDICTS) {
            if (verdict(verdict) != 0) {
                v.put(verdict.name(), verdict(verdict));
            }
        }
        map.put("verdicts", v);
        final Map<String, Long> c = new LinkedHashMap<>();
        for (final FlushCause cause : CAUSES) {
            if (flushes(cause) != 0) {
                c.put(cause.name(), flushes(cause));
            }
        }
        map.put("flushCauses", c);
        final Map<String, Long> b = new LinkedHashMap<>();
        for (final Verdict verdict : VERDICTS) {
            if (flushesBy(verdict) != 0) {
                b.put(verdict.name(), flushesBy(verdict));
            }
        }
        map.put("flushesByVerdict", b);
        return map;
    }

    /** @return a multi-line, human-readable table of the counters */
    public String format() {
        final StringBuilder sb = new StringBuilder(512);
        line(sb, "received", received(), "");
        line(sb, "delivered", delivered(), "");
        line(sb, "aggregated", aggregated(), "packets taken into aggregates");
        line(sb, "flushed", flushed(), "aggregates delivered");
        line(sb, "noDesc", noDesc(), "flow table full");
        line(sb, "mergedAggregates", mergedAggregates, "aggregates of 2+ segments");
        line(sb, "mergedSegments", mergedSegments, "segments in them");
        sb.append(String.format(Locale.ROOT, "  %-22s %14.3f  %s%n", "lroRate", lroRate(), "aggregated / flushed"));
        sb.append("verdicts:\n");
        for (final Verdict verdict : VERDICTS) {
            if (verdict(verdict) != 0) {
                line(sb, verdict.name(), verdict(verdict), verdict.description());
            }
        }
        sb.append("flush causes:\n");
        for (final FlushCause cause : CAUSES) {
            if (flushes(cause) != 0) {
                line(sb, cause.name(), flushes(cause), cause.description());
            }
        }
        boolean header = false;
        for (final Verdict verdict : VERDICTS) {
            if (flushesBy(verdict) != 0) {
                if (!header) {
                    sb.append("flushes by unmerged packet:\n");
                    header = true;
                }
                line(sb, verdict.name(), flushesBy(verdict), verdict.description());
            }
        }
        return sb.toString();
    }

    private static void line(final StringBuilder sb, final String name, final long value, final String what) {
        sb.append(String.format(Locale.ROOT, "  %-22s %14d  %s", name, value, what).stripTrailing())
                .append(System.lineSeparator());
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "LroStats[received=%d, aggregated=%d, flushed=%d, noDesc=%d, lroRate=%.3f]",
                received(), aggregated(), flushed(), noDesc(), lroRate());
    }
}
