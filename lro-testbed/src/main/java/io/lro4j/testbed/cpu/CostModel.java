package io.lro4j.testbed.cpu;

import io.lro4j.xen.accounting.Counter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * The CPU model's parameters: the clock rate and the cycles of every operation the testbed charges, the
 * testbed's own ({@link Op}, keys {@code op.NAME}) and the Xen model's ({@link Counter}, keys
 * {@code xen.NAME}; a counter without a key costs nothing). {@link #defaults()} reads
 * {@code costs.properties} beside this class, which documents where each value comes from and which one
 * was calibrated. Immutable; {@link #with} makes a changed copy.
 */
public final class CostModel {

    private static final String RESOURCE = "costs.properties";

    private final double hz;
    private final double[] opCycles = new double[Op.values().length];
    private final double[] counterCycles = new double[Counter.values().length];

    private CostModel(final double hz) {
        if (!(hz >= 1e6 && hz <= 1e11)) {
            throw new IllegalArgumentException("cpu.hz must be between 1e6 and 1e11, was " + hz);
        }
        this.hz = hz;
    }

    /** @return the documented defaults of {@code costs.properties} */
    public static CostModel defaults() {
        try (InputStream in = CostModel.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the lro-testbed jar");
            }
            final Properties p = new Properties();
            p.load(in);
            return of(p);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /**
     * Reads a model from properties: {@code cpu.hz}, {@code op.NAME}, {@code xen.NAME}.
     *
     * @param p the properties
     * @return the model
     * @throws IllegalArgumentException naming an unknown key or a bad value
     */
    public static CostModel of(final Properties p) {
        final String hz = p.getProperty("cpu.hz");
        if (hz == null) {
            throw new IllegalArgumentException("cost model: cpu.hz is missing");
        }
        CostModel m = new CostModel(parse("cpu.hz", hz));
        for (final String key : p.stringPropertyNames()) {
            if (!key.equals("cpu.hz")) {
                m = m.with(key, parse(key, p.getProperty(key)));
            }
        }
        return m;
    }

    private static double parse(final String key, final String value) {
        try {
            return Double.parseDouble(value.trim());
        } catch (final NumberFormatException e) {
            throw new IllegalArgumentException("cost " + key + " must be a number, was '" + value + "'", e);
        }
    }

    /**
     * A copy with one value changed.
     *
     * @param key {@code cpu.hz}, {@code op.NAME} or {@code xen.NAME}
     * @param value cycles (or Hz), at least 0
     * @return the changed copy
     * @throws IllegalArgumentException naming an unknown key or a negative value
     */
    public CostModel with(final String key, final double value) {
        Objects.requireNonNull(key, "key");
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("cost " + key + " must be a finite number of at least 0, was " + value);
        }
        final CostModel m = new CostModel(key.equals("cpu.hz") ? value : hz);
        System.arraycopy(opCycles, 0, m.opCycles, 0, opCycles.length);
        System.arraycopy(counterCycles, 0, m.counterCycles, 0, counterCycles.length);
        if (key.equals("cpu.hz")) {
            return m;
        }
        try {
            if (key.startsWith("op.")) {
                m.opCycles[Op.valueOf(key.substring(3)).ordinal()] = value;
                return m;
            }
            if (key.startsWith("xen.")) {
                m.counterCycles[Counter.valueOf(key.substring(4)).ordinal()] = value;
                return m;
            }
        } catch (final IllegalArgumentException e) {
            // fall through to the message naming the valid keys
        }
        throw new IllegalArgumentException("unknown cost '" + key + "': keys are cpu.hz, op.<" + String.join("|",
                Arrays.stream(Op.values()).map(Enum::name).toList()) + ">, xen.<a Counter name>");
    }

    /** @return the CPU clock in Hz */
    public double hz() {
        return hz;
    }

    /**
     * @param op an operation
     * @return its cycles
     */
    public double cycles(final Op op) {
        return opCycles[op.ordinal()];
    }

    /**
     * @param counter a Xen model counter
     * @return cycles per unit it counts
     */
    public double cycles(final Counter counter) {
        return counterCycles[counter.ordinal()];
    }

    /** @return every value by key, for reports */
    public Map<String, Double> toMap() {
        final Map<String, Double> map = new LinkedHashMap<>();
        map.put("cpu.hz", hz);
        for (final Op op : Op.values()) {
            map.put("op." + op.name(), opCycles[op.ordinal()]);
        }
        final Map<Counter, Double> xen = new EnumMap<>(Counter.class);
        for (final Counter c : Counter.values()) {
            if (counterCycles[c.ordinal()] != 0) {
                xen.put(c, counterCycles[c.ordinal()]);
            }
        }
        xen.forEach((c, v) -> map.put("xen." + c.name(), v));
        return map;
    }
}
