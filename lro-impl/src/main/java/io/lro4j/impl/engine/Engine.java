package io.lro4j.impl.engine;

import io.lro4j.api.FlushCause;
import io.lro4j.api.LroConfig;
import io.lro4j.api.LroEngine;
import io.lro4j.api.LroStats;
import io.lro4j.api.NanoClock;
import io.lro4j.api.PacketSink;
import io.lro4j.api.Verdict;
import io.lro4j.api.header.InternetChecksum;
import io.lro4j.api.packet.Packet;
import org.jspecify.annotations.Nullable;

/**
 * lro4j's LRO engine: the receive path of SPEC §5, composed of one small part per concern.
 *
 * <pre>
 *  receive(packet)
 *    └─ SegmentParser: core rules ──────── broken ─► flush the packet's flow (if known), pass it up
 *    └─ FlowTable: find the flow ────────── none ───► MergeRules.checkStart ─► activate (or no_desc / evict)
 *    └─ MergeRules.checkAppend ──────────── broken ─► flush, then pass up (inet_lro) or restart (GRO)
 *    └─ limits: IP length, fragments ────── full ───► flush, restart
 *    └─ Aggregator.append (chain or fragments), count, close/limit flushes
 *  flush: HeaderRewriter (2+ segments only) ─► PacketSink
 * </pre>
 *
 * <p>Single-threaded per receive queue, like NAPI; no locks. The per-packet path allocates nothing: the
 * header views and segment scratch are reused, descriptors are pooled by the flow table, and the
 * first segment's packet becomes the aggregate.
 */
public final class Engine implements LroEngine {

    private static final int MAX_LENGTH_FIELD = 0xFFFF;

    private final LroConfig config;
    private final PacketSink sink;
    private final MergeRules rules;
    private final Aggregator aggregator;
    private final FlowTable table;
    private final HeaderRewriter rewriter = new HeaderRewriter();
    private final Segment segment = new Segment();
    private final Counters counters = new Counters();
    private final int maxAggregated;
    private final int earlyFlushLength;
    private final long timeoutNanos;
    private final NanoClock clock;
    private final boolean passThrough;
    private final boolean enabled;
    private long now;
    private boolean busy;

    /**
     * Creates an engine.
     *
     * @param config its configuration
     * @param sink where it delivers packets
     */
    public Engine(final LroConfig config, final PacketSink sink) {
        this.config = config;
        this.sink = sink;
        this.rules = MergeRules.of(config.policy());
        this.aggregator = Aggregator.of(config.mode());
        this.table = new FlowTable(config.maxDescriptors());
        this.maxAggregated = config.maxAggregated();
        this.earlyFlushLength = MAX_LENGTH_FIELD - config.mtu();
        this.timeoutNanos = config.flushTimeoutNanos();
        this.clock = config.clock();
        this.passThrough = config.forwarding() && !rules.forwardable();
        this.enabled = config.enabled();
    }

    @Override
    public void receive(final Packet packet) {
        enter();
        try {
            if (packet.isReleased()) {
                throw new IllegalStateException("receive() was given a packet that was already released");
            }
            if (timeoutNanos > 0) {
                now = clock.nanoTime();
                expire();
            }
            process(packet);
        } finally {
            busy = false;
        }
    }

    private void process(final Packet packet) {
        if (!enabled) {
            passUp(packet, Verdict.DISABLED); // nothing is held, so there is nothing to flush first
            return;
        }
        final Segment s = segment;
        Verdict verdict = SegmentParser.parse(packet, s);
        if (verdict == null) {
            if (!aggregator.accepts(packet)) {
                verdict = Verdict.FRAGMENTED_INPUT;
            } else if (passThrough) {
                verdict = Verdict.FORWARDING;
            }
        }
        if (verdict != null) {
            unmergeable(packet, s, verdict);
            return;
        }
        final FlowDescriptor d = table.find(s);
        if (s.checksumClass == Segment.CSUM_UNVERIFIED && rules.verifiesChecksums()) {
            if (!SegmentParser.verifyInSoftware(s)) {
                unmergeable(packet, s, Verdict.BAD_TCP_CHECKSUM);
                return;
            }
            s.checksumClass = Segment.CSUM_VERIFIED;
        }
        if (d == null) {
            start(packet, s);
        } else {
            append(d, packet, s);
        }
    }

    /** A packet that is not merged: its flow (if it can be told) is flushed first, then it is passed up. */
    private void unmergeable(final Packet packet, final Segment s, final Verdict verdict) {
        if (s.identified) {
            final FlowDescriptor d = table.find(s);
            if (d != null) {
                counters.flushedBy(verdict);
                flush(d, FlushCause.UNMERGEABLE);
            }
        } else if (mayBelongToAFlow(verdict)) {
            flushEvery(FlushCause.UNKNOWN_FLOW);
        }
        passUp(packet, verdict);
    }

    /**
     * A packet whose flow could not be read may still be TCP data of a held flow that the stack will
     * accept (FreeBSD's rule: flush everything ahead of it). Garbage, non-IP and non-TCP packets cannot be.
     */
    private static boolean mayBelongToAFlow(final Verdict verdict) {
        return verdict == Verdict.NOT_LOCATED || verdict == Verdict.SPLIT_HEADERS
                || verdict == Verdict.IPV6_EXTENSION_HEADERS;
    }

    private void start(final Packet packet, final Segment s) {
        final Verdict verdict = rules.checkStart(s);
        if (verdict != null) {
            passUp(packet, verdict);
            return;
        }
        FlowDescriptor d = table.activate(s, now);
        if (d == null) {
            final FlowDescriptor oldest = table.oldest();
            if (!rules.evictsWhenFull() || oldest == null) {
                passUp(packet, Verdict.NO_DESCRIPTOR);
                return;
            }
            flush(oldest, FlushCause.EVICTED);
            d = table.activate(s, now);
            if (d == null) {
                throw new IllegalStateException("flow table full right after an eviction");
            }
        }
        d.parent = packet;
        d.headerBuffer = s.buffer;
        d.macOffset = s.macOffset;
        d.macLength = s.macLength;
        d.ipOffset = s.ipOffset;
        d.ipHeaderLength = s.ipHeaderLength;
        d.tcpOffset = s.tcpOffset;
        d.tcpHeaderLength = s.tcpHeaderLength;
        d.segments = 1;
        d.ipLength = s.ipLength;
        d.payloadBytes = s.payloadLength;
        d.addressSum = s.addressSum;
        d.checksumClass = s.checksumClass;
        d.evenHeaderSums = s.checksumClass == Segment.CSUM_PARTIAL ? 0 : SegmentParser.headerAndPseudoSum(s);
        d.oddPayloadSums = 0;
        d.nextSeq = s.seq() + s.payloadLength;
        d.firstSegmentSize = s.payloadLength;
        d.largestSegmentSize = s.payloadLength;
        d.lastTimestampNanos = packet.timestampNanos();
        rules.start(d, s);
        counters.verdict(Verdict.HELD);
        if (d.segments >= maxAggregated) {
            flush(d, FlushCause.MAX_AGGREGATED);
        }
    }

    private void append(final FlowDescriptor d, final Packet packet, final Segment s) {
        Verdict verdict = rules.checkAppend(d, s);
        if (verdict == null && (d.checksumClass == Segment.CSUM_PARTIAL) != (s.checksumClass == Segment.CSUM_PARTIAL)) {
            verdict = Verdict.CHECKSUM_STATE;
        }
        if (verdict != null) {
            counters.flushedBy(verdict);
            flush(d, FlushCause.UNMERGEABLE);
            if (rules.restartsAfterMismatch()) {
                start(packet, s);
            } else {
                passUp(packet, verdict);
            }
            return;
        }
        if (d.lengthField() + s.payloadLength > MAX_LENGTH_FIELD) {
            flush(d, FlushCause.MAX_LENGTH);
            start(packet, s);
            return;
        }
        if (!aggregator.fits(d, s)) {
            flush(d, FlushCause.MAX_FRAGMENTS);
            start(packet, s);
            return;
        }
        final Packet parent = d.parent;
        if (parent == null) {
            throw new IllegalStateException("active flow without an aggregate");
        }
        // The payload's sum, from the checksum field (the parser already summed the header words): raw for a
        // segment at an even offset, folded and byte-swapped for one at an odd offset (csum_block_add).
        if (d.checksumClass != Segment.CSUM_PARTIAL) {
            if ((d.payloadBytes & 1) == 0) {
                d.evenHeaderSums += SegmentParser.headerAndPseudoSum(s);
            } else {
                d.oddPayloadSums += InternetChecksum.swapBytes(SegmentParser.payloadSumFromField(s));
            }
        }
        final long timestamp = packet.timestampNanos();
        aggregator.append(d, parent, s);
        d.payloadBytes += s.payloadLength;
        d.ipLength += s.payloadLength;
        d.segments++;
        d.nextSeq += s.payloadLength;
        d.largestSegmentSize = Math.max(d.largestSegmentSize, s.payloadLength);
        d.lastTimestampNanos = timestamp;
        d.checksumClass = Math.max(d.checksumClass, s.checksumClass);
        rules.append(d, s);
        counters.verdict(Verdict.MERGED);
        if (d.segments >= maxAggregated) {
            flush(d, FlushCause.MAX_AGGREGATED);
        } else if (rules.closesAfter(d, s)) {
            flush(d, FlushCause.CLOSED);
        } else if (rules.flushesBeforeLengthLimit() && d.lengthField() > earlyFlushLength) {
            flush(d, FlushCause.MAX_LENGTH);
        }
    }

    private void flush(final FlowDescriptor d, final FlushCause cause) {
        final Packet parent = d.parent;
        if (parent == null) {
            throw new IllegalStateException("active flow without an aggregate");
        }
        final int segments = d.segments;
        if (segments > 1) {
            rewriter.rewrite(d, parent, rules);
        }
        table.deactivate(d);
        counters.flush(cause, segments);
        sink.deliver(parent);
    }

    private void flushEvery(final FlushCause cause) {
        FlowDescriptor d;
        while ((d = table.oldest()) != null) {
            flush(d, cause);
        }
    }

    private void passUp(final Packet packet, final Verdict verdict) {
        counters.verdict(verdict);
        sink.deliver(packet);
    }

    private int expire() {
        int flushed = 0;
        @Nullable FlowDescriptor d;
        while ((d = table.oldest()) != null && now - d.startNanos >= timeoutNanos) {
            flush(d, FlushCause.TIMEOUT);
            flushed++;
        }
        return flushed;
    }

    @Override
    public void flushAll() {
        enter();
        try {
            flushEvery(FlushCause.FLUSH_ALL);
        } finally {
            busy = false;
        }
    }

    @Override
    public int flushExpired() {
        if (timeoutNanos <= 0) {
            return 0;
        }
        enter();
        try {
            now = clock.nanoTime();
            return expire();
        } finally {
            busy = false;
        }
    }

    private void enter() {
        if (busy) {
            throw new IllegalStateException("the PacketSink called back into the engine that is delivering to it");
        }
        busy = true;
    }

    @Override
    public int activeFlows() {
        return table.active();
    }

    @Override
    public LroStats stats() {
        return counters.snapshot();
    }

    @Override
    public LroConfig config() {
        return config;
    }

    /** @return true if the flow table's internal invariants hold (for tests) */
    public boolean tableConsistent() {
        return table.consistent();
    }
}
