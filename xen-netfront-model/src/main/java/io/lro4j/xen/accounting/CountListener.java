package io.lro4j.xen.accounting;

/**
 * Told of every count a {@link Ledger} records, as it is recorded: how a CPU model charges the running
 * domain for the operations the Xen model performs (a grant copy's bytes, a notification, a packet through
 * a stage) without the model itself knowing about time.
 */
@FunctionalInterface
public interface CountListener {

    /**
     * Called after {@code amount} was added to {@code counter}.
     *
     * @param counter the counter
     * @param amount what was added
     */
    void counted(Counter counter, long amount);
}
