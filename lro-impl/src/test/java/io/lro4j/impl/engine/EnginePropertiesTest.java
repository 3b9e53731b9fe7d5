package io.lro4j.impl.engine;

import static org.junit.jupiter.api.Assertions.fail;

import io.lro4j.api.AggregationMode;
import io.lro4j.api.GsoSegmenter;
import io.lro4j.api.Lro;
import io.lro4j.api.LroEngine;
import io.lro4j.api.LroStats;
import io.lro4j.api.MergePolicy;
import io.lro4j.api.packet.BufferPool;
import io.lro4j.api.packet.Packet;
import io.lro4j.api.packet.PacketPool;
import io.lro4j.api.check.FlowComparison;
import io.lro4j.api.check.FrameView;
import io.lro4j.api.check.Seeds;
import io.lro4j.api.check.Shrinker;
import io.lro4j.impl.engine.TrafficGenerator.Event;
import io.lro4j.impl.engine.TrafficGenerator.Scenario;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Seeded property tests of the engine over generated traffic ({@link TrafficGenerator}). For every
 * scenario, in whichever mode, policy and limits it drew:
 *
 * <ol>
 *   <li>per flow, the payload bytes and their sequence numbers, expanded in packet order, are the same in
 *       and out: nothing lost, duplicated, changed or reordered;
 *   <li>per flow, non-data packets come out byte for byte, in order, at the same place relative to the data;
 *       non-TCP packets come out unchanged and in order;
 *   <li>every output has correct lengths and IP and TCP checksums; no IP length field above 65535; no
 *       aggregate above maxAggregated segments or the fragment capacity;
 *   <li>the counters agree with what was delivered;
 *   <li>linearize yields the same bytes as reading the pieces, and counts its copy;
 *   <li>chain mode never merges a fragmented input packet: it comes out as itself, unchanged;
 *   <li>GRO policy: re-segmenting every output gives back exactly the input frames of each flow.
 * </ol>
 *
 * <p>{@code -Dlro4j.seed=S} replays one scenario; {@code -Dlro4j.tries=N} sets how many are generated
 * (default 400). A failing scenario is shrunk to a minimal event list and printed with its seed.
 */
class EnginePropertiesTest {

    private static final long BASE_SEED = 0x5EED_1E20_2611_25L;

    @TestFactory
    Stream<DynamicTest> generatedTraffic() {
        return Seeds.fromProperties("lro4j.seed", "lro4j.tries", 400, BASE_SEED).mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed, () -> {
            final Scenario scenario = TrafficGenerator.generate(seed);
            final String failure = check(scenario);
            if (failure != null) {
                final Scenario minimal = shrink(scenario);
                fail("property failed for seed " + seed + " (replay: -Dlro4j.seed=" + seed + ")\n  " + failure
                        + "\n  config " + scenario.config() + " maxFragments=" + scenario.maxFragments()
                        + (scenario.raw() ? " raw-ip" : "") + "\n  minimal case (" + minimal.events().size()
                        + " of " + scenario.events().size() + " events), failing with: " + check(minimal) + "\n    "
                        + minimal.events().stream().map(Event::toString).collect(Collectors.joining("\n    ")));
            }
        }));
    }

    /** Shrinks a failing scenario to a minimal event list that still fails. */
    static Scenario shrink(final Scenario failing) {
        return failing.withEvents(Shrinker.shrink(failing.events(), events -> check(failing.withEvents(events)) != null, 3000));
    }

    /** Runs a scenario and checks every property; returns the first violation, or null. */
    static String check(final Scenario sc) {
        final BufferPool buffers = new BufferPool();
        final PacketPool pool = new PacketPool(buffers, sc.maxFragments());
        final List<Packet> out = new ArrayList<>();
        final LroEngine engine = Lro.newEngine(sc.config(), out::add);
        final List<Event> inputs = new ArrayList<>();
        final IdentityHashMap<Packet, byte[]> fragmentedInputs = new IdentityHashMap<>();
        try {
            for (final Event e : sc.events()) {
                if (e.poll()) {
                    engine.flushAll();
                    continue;
                }
                inputs.add(e);
                final Packet p = toPacket(e, buffers, pool);
                Harness.locate(p, sc.raw());
                if (p.isFragmented()) {
                    fragmentedInputs.put(p, e.frame());
                }
                engine.receive(p);
            }
            engine.flushAll();
        } catch (RuntimeException e) {
            return "the engine threw " + e;
        }
        final List<byte[]> outBytes = new ArrayList<>();
        final List<FrameView> outViews = new ArrayList<>();
        try {
            return checkDelivered(sc, engine, inputs, out, outBytes, outViews, fragmentedInputs, buffers, pool);
        } finally {
            for (final Packet p : out) {
                if (!p.isReleased()) {
                    p.release();
                }
            }
        }
    }

    private static String checkDelivered(final Scenario sc, final LroEngine engine, final List<Event> inputs,
            final List<Packet> out, final List<byte[]> outBytes, final List<FrameView> outViews,
            final IdentityHashMap<Packet, byte[]> fragmentedInputs, final BufferPool buffers, final PacketPool pool) {
        final boolean chain = sc.config().mode() == AggregationMode.CHAIN;
        long mergedAggregates = 0;
        long mergedSegments = 0;
        for (int i = 0; i < out.size(); i++) {
            final Packet p = out.get(i);
            final byte[] bytes = p.toByteArray();
            outBytes.add(bytes);
            final FrameView v = FrameView.of(bytes, sc.raw(), p.hasVlanTag() ? p.vlanTci() : -1, p.ingressDevice());
            outViews.add(v);
            if (v.tcp() && !(v.lengthsOk() && v.ipChecksumOk() && v.tcpChecksumOk())) {
                if (!sameAsSomeInput(bytes, inputs)) {
                    return "output " + i + " has a wrong length or checksum: " + v;
                }
            }
            if (v.tcp() && v.ipLengthField() > 0xFFFF) {
                return "output " + i + " has an IP length above 65535";
            }
            if (p.gsoSegments() > sc.config().maxAggregated()) {
                return "output " + i + " has " + p.gsoSegments() + " segments, above maxAggregated";
            }
            if (p.fragmentCount() > sc.maxFragments()) {
                return "output " + i + " has " + p.fragmentCount() + " fragments, above the capacity";
            }
            if (p.gsoSegments() > 1) {
                mergedAggregates++;
                mergedSegments += p.gsoSegments();
            }
            if (chain && fragmentedInputs.containsKey(p) && !Arrays.equals(fragmentedInputs.get(p), bytes)) {
                return "chain mode changed a fragmented input packet";
            }
        }
        if (chain) {
            final IdentityHashMap<Packet, Boolean> delivered = new IdentityHashMap<>();
            out.forEach(p -> delivered.put(p, true));
            for (final Packet p : fragmentedInputs.keySet()) {
                if (!delivered.containsKey(p)) {
                    return "chain mode merged a fragmented input packet";
                }
            }
        }
        final LroStats st = engine.stats();
        if (st.received() != inputs.size() || st.delivered() != out.size() || st.mergedAggregates() != mergedAggregates
                || st.mergedSegments() != mergedSegments
                || st.aggregated() - st.mergedSegments() != st.flushed() - st.mergedAggregates()) {
            return "stats disagree with the deliveries: " + st + " vs " + out.size() + " delivered, "
                    + mergedAggregates + " aggregates of " + mergedSegments + " segments";
        }
        if (engine.activeFlows() != 0) {
            return "flows still held after flushAll";
        }
        final List<FrameView> inViews = inputs.stream()
                .map(e -> FrameView.of(e.frame(), sc.raw(), e.hwVlan(), e.device())).toList();
        String failure = FlowComparison.compareFlows(inViews, inputs.stream().map(Event::frame).toList(), outViews, outBytes);
        if (failure != null) {
            return failure;
        }
        for (int i = 0; i < out.size(); i++) {
            final Packet p = out.get(i);
            final boolean fragmented = p.isFragmented();
            final int length = p.length();
            final int nonLinear = p.dataLength();
            final int copied = p.linearize(buffers);
            if (!Arrays.equals(outBytes.get(i), p.toByteArray()) || p.isFragmented()
                    || (fragmented ? copied != length && copied != nonLinear : copied != 0)) {
                return "linearize changed output " + i + " or miscounted its copy (" + copied + ")";
            }
        }
        if (sc.config().policy() == MergePolicy.GRO) {
            final GsoSegmenter segmenter = Lro.newSegmenter(pool);
            final List<Packet> split = new ArrayList<>();
            for (final Packet p : out) {
                segmenter.segment(p, split::add);
            }
            out.clear();
            out.addAll(split);
            final List<byte[]> splitBytes = split.stream().map(Packet::toByteArray).toList();
            final List<FrameView> splitViews = new ArrayList<>();
            for (int i = 0; i < split.size(); i++) {
                final Packet p = split.get(i);
                splitViews.add(FrameView.of(splitBytes.get(i), sc.raw(), p.hasVlanTag() ? p.vlanTci() : -1,
                        p.ingressDevice()));
            }
            failure = FlowComparison.compareFrames(inViews, inputs.stream().map(Event::frame).toList(), splitViews, splitBytes);
            if (failure != null) {
                return "re-segmenting the GRO output does not give back the input: " + failure;
            }
        }
        return null;
    }

    private static boolean sameAsSomeInput(final byte[] bytes, final List<Event> inputs) {
        return inputs.stream().anyMatch(e -> Arrays.equals(e.frame(), bytes));
    }

    private static Packet toPacket(final Event e, final BufferPool buffers, final PacketPool pool) {
        final byte[] frame = e.frame();
        final Packet p = pool.acquire();
        if (e.cuts().length == 0) {
            final ByteBuffer b = buffers.acquire(frame.length + e.headroom());
            b.put(e.headroom(), frame);
            p.setHead(b, e.headroom(), frame.length, buffers);
        } else {
            int from = 0;
            for (int i = 0; i <= e.cuts().length; i++) {
                final int to = i < e.cuts().length ? e.cuts()[i] : frame.length;
                if (to > from) {
                    final ByteBuffer page = buffers.acquire(to - from + 1);
                    page.put(1, frame, from, to - from);
                    p.addFragment(page, 1, to - from, buffers);
                }
                from = to;
            }
        }
        if (e.hwVlan() >= 0) {
            p.vlanTag(e.hwVlan());
        }
        p.ingressDevice(e.device()).checksumState(e.checksum()).timestampNanos(e.timestamp());
        return p;
    }
}
