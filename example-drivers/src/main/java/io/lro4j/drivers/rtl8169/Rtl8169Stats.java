package io.lro4j.drivers.rtl8169;

import io.lro4j.api.LroStats;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The driver's counters, as {@code ethtool -S} and {@code ip -s link} would show them: packets and bytes,
 * receive errors by kind, frames missed for want of a descriptor, copybreak copies, interrupts, polls and a
 * histogram of packets per poll, transmit counters, and the LRO engine's counters beside them. A snapshot:
 * {@link Rtl8169Driver#stats()} builds a new one each call.
 */
public final class Rtl8169Stats {

    private final Map<String, Long> counters;
    private final long[] packetsPerPoll;
    private final LroStats lro;

    /**
     * Copies the values.
     *
     * @param counters named counters in a stable order (see {@link #toMap()} for the names)
     * @param packetsPerPoll {@code packetsPerPoll[n]} = polls that processed n descriptors (0..budget)
     * @param lro the LRO engine's counters
     */
    public Rtl8169Stats(final Map<String, Long> counters, final long[] packetsPerPoll, final LroStats lro) {
        this.counters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(counters));
        this.packetsPerPoll = packetsPerPoll.clone();
        this.lro = lro;
    }

    /** @return every counter by name, in a stable order */
    public Map<String, Long> counters() {
        return counters;
    }

    /** @return the LRO engine's counters */
    public LroStats lro() {
        return lro;
    }

    /**
     * @param name a counter's name, such as {@code rx_packets}
     * @return its value
     * @throws IllegalArgumentException if there is no such counter
     */
    public long get(final String name) {
        final Long v = counters.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no counter '" + name + "'; counters: " + counters.keySet());
        }
        return v;
    }

    /** @return {@code packetsPerPoll[n]} = polls that processed n descriptors, 0..budget (a copy) */
    public long[] packetsPerPoll() {
        return packetsPerPoll.clone();
    }

    /** @return polls that processed at least one descriptor */
    public long busyPolls() {
        long n = 0;
        for (int i = 1; i < packetsPerPoll.length; i++) {
            n += packetsPerPoll[i];
        }
        return n;
    }

    /** @return mean descriptors processed per poll, over polls that found any */
    public double meanPacketsPerPoll() {
        long polls = 0;
        long packets = 0;
        for (int i = 1; i < packetsPerPoll.length; i++) {
            polls += packetsPerPoll[i];
            packets += i * packetsPerPoll[i];
        }
        return polls == 0 ? 0 : (double) packets / polls;
    }

    /** @return every counter, the histogram (as a map from packets to polls, non-zero only) and the LRO counters */
    public Map<String, Object> toMap() {
        final Map<String, Object> m = new LinkedHashMap<>(counters);
        final Map<String, Long> hist = new LinkedHashMap<>();
        for (int i = 0; i < packetsPerPoll.length; i++) {
            if (packetsPerPoll[i] != 0) {
                hist.put(Integer.toString(i), packetsPerPoll[i]);
            }
        }
        m.put("packets_per_poll_mean", meanPacketsPerPoll());
        m.put("packets_per_poll", hist);
        m.put("lro", lro.toMap());
        return m;
    }

    /** @return the counters as {@code ethtool -S} prints them, then the histogram, then the LRO counters */
    public String format() {
        final StringBuilder b = new StringBuilder();
        counters.forEach((k, v) -> b.append(String.format(Locale.ROOT, "     %-26s %,d%n", k + ":", v)));
        b.append(String.format(Locale.ROOT, "     %-26s %.2f%n", "packets_per_poll_mean:", meanPacketsPerPoll()));
        b.append("     packets per poll (descriptors: polls):\n");
        final long max = Arrays.stream(packetsPerPoll).max().orElse(0);
        for (int i = 0; i < packetsPerPoll.length; i++) {
            if (packetsPerPoll[i] != 0) {
                final int bar = max == 0 ? 0 : (int) Math.max(1, 40 * packetsPerPoll[i] / max);
                b.append(String.format(Locale.ROOT, "       %3d: %,10d %s%n", i, packetsPerPoll[i], "#".repeat(bar)));
            }
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return "Rtl8169Stats" + counters;
    }
}
