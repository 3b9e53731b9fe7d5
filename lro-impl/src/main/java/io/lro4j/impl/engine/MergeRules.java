package io.lro4j.impl.engine;

import io.lro4j.api.MergePolicy;
import io.lro4j.api.Verdict;
import org.jspecify.annotations.Nullable;

/**
 * A merge policy's rules (SPEC §5): which segments may start or extend an aggregate, what happens on a
 * mismatch or a full table, and which header fields the aggregate carries. The core rules every policy
 * shares are applied before, by {@link SegmentParser}; limits (segments, IP length, fragments) by the
 * engine.
 */
interface MergeRules {

    /**
     * @param s a segment that passed the core rules
     * @return null if it may start an aggregate, else why not
     */
    @Nullable Verdict checkStart(Segment s);

    /**
     * @param d an active flow
     * @param s a segment of that flow that passed the core rules
     * @return null if it may be appended, else why not
     */
    @Nullable Verdict checkAppend(FlowDescriptor d, Segment s);

    /** Records the policy's state for a flow that starts with {@code s}. */
    void start(FlowDescriptor d, Segment s);

    /** Records the policy's state after {@code s} was appended ({@code d.segments} already counts it). */
    void append(FlowDescriptor d, Segment s);

    /** @return true if the aggregate must be flushed right after {@code s} was appended */
    boolean closesAfter(FlowDescriptor d, Segment s);

    /** @return true if a segment that broke {@link #checkAppend} may start a new aggregate (GRO) */
    boolean restartsAfterMismatch();

    /** @return true if a new flow evicts the oldest aggregate from a full table (GRO) */
    boolean evictsWhenFull();

    /** @return true if an aggregate is flushed once its IP length exceeds 65535 - MTU (inet_lro) */
    boolean flushesBeforeLengthLimit();

    /** @return true if the aggregates may be forwarded */
    boolean forwardable();

    /** @return true if unverified checksums are verified in software before merging (GRO) */
    boolean verifiesChecksums();

    /** @return the GSO segment size to report */
    int gsoSize(FlowDescriptor d);

    /** @return the GSO flags to report */
    int gsoFlags(FlowDescriptor d);

    /**
     * @param policy a policy
     * @return its rules
     */
    static MergeRules of(final MergePolicy policy) {
        return switch (policy) {
            case INET_LRO -> new InetLroRules();
            case GRO -> new GroRules();
        };
    }
}
