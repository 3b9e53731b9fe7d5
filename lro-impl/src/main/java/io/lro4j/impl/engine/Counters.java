package io.lro4j.impl.engine;

import io.lro4j.api.FlushCause;
import io.lro4j.api.LroStats;
import io.lro4j.api.Verdict;

/** The engine's counters: plain long arrays indexed by enum ordinal, so counting allocates nothing. */
final class Counters {

    private final long[] verdicts = new long[Verdict.values().length];
    private final long[] causes = new long[FlushCause.values().length];
    private final long[] flushesByVerdict = new long[Verdict.values().length];
    private long mergedAggregates;
    private long mergedSegments;

    void verdict(final Verdict verdict) {
        verdicts[verdict.ordinal()]++;
    }

    void flush(final FlushCause cause, final int segments) {
        causes[cause.ordinal()]++;
        if (segments > 1) {
            mergedAggregates++;
            mergedSegments += segments;
        }
    }

    void flushedBy(final Verdict verdict) {
        flushesByVerdict[verdict.ordinal()]++;
    }

    LroStats snapshot() {
        return new LroStats(verdicts, causes, flushesByVerdict, mergedAggregates, mergedSegments);
    }
}
