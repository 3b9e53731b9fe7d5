package io.lro4j.api.check;

import java.util.stream.LongStream;

/**
 * The seeds a seeded property test runs: the one given on the command line to replay a failure, or a
 * number of seeds spread from a base (by the 64-bit golden ratio, so neighbouring cases share nothing).
 * Used by the engine's property tests, the NIC model's and the conformance kit's RAND-1.
 */
public final class Seeds {

    private static final long GOLDEN = 0x9E37_79B9_7F4A_7C15L;

    private Seeds() {
    }

    /**
     * @param seedProperty system property holding one seed to replay ({@link Long#decode} syntax)
     * @param countProperty system property holding how many seeds to run
     * @param defaultCount how many when {@code countProperty} is not set
     * @param base the first seed
     * @return the replayed seed if {@code seedProperty} is set, else {@code count} seeds from {@code base}
     */
    public static LongStream fromProperties(final String seedProperty, final String countProperty, final int defaultCount,
            final long base) {
        final String replay = System.getProperty(seedProperty);
        return replay != null ? LongStream.of(Long.decode(replay))
                : LongStream.range(0, Integer.getInteger(countProperty, defaultCount)).map(i -> base + i * GOLDEN);
    }
}
