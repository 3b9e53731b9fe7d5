package io.lro4j.api.check;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What an LRO may and may not do to a stream of frames, checked flow by flow on {@link FrameView}s: the
 * oracle behind the engine's property tests, the capture replay checks and the conformance kit (the same
 * rules as lro4j's reference checker {@code check_lro_output.py}, checks a, e, f and g). Every TCP flow's
 * payload must come out as the same byte runs in the same order, its non-data packets unchanged and at the
 * same place in its byte stream, and every other packet unchanged.
 */
public final class FlowComparison {

    private FlowComparison() {
    }

    /**
     * Compares what went in with what came out: per-flow data runs, non-data packets and their positions,
     * other packets.
     *
     * @param inViews the input frames, read
     * @param inBytes the input frames' bytes
     * @param outViews the delivered frames, read
     * @param outBytes the delivered frames' bytes
     * @return null if the output is a correct aggregation of the input, else what differs
     */
    public static @Nullable String compareFlows(final List<FrameView> inViews, final List<byte[]> inBytes, final List<FrameView> outViews,
            final List<byte[]> outBytes) {
        final Map<String, FlowRecord> in = records(inViews, inBytes);
        final Map<String, FlowRecord> out = records(outViews, outBytes);
        if (!in.keySet().equals(out.keySet())) {
            return "flows differ: in " + in.keySet() + ", out " + out.keySet();
        }
        for (final Map.Entry<String, FlowRecord> e : in.entrySet()) {
            final String flow = e.getKey();
            final FlowRecord a = e.getValue();
            final FlowRecord b = Objects.requireNonNull(out.get(flow));
            if (!a.runs.equals(b.runs)) {
                return "flow " + flow + ": data differs (lost, duplicated, changed or reordered bytes):\n    in  "
                        + a.runs + "\n    out " + b.runs;
            }
            if (!a.nonData.equals(b.nonData)) {
                return "flow " + flow + ": non-data packets differ or moved: in " + a.nonData.size() + ", out "
                        + b.nonData.size();
            }
        }
        return null;
    }

    /**
     * Compares the exact frame sequence of every flow (and of the non-TCP packets): for output that must
     * equal the input, such as an LRO that is switched off.
     *
     * @param inViews the input frames, read
     * @param inBytes the input frames' bytes
     * @param outViews the delivered frames, read
     * @param outBytes the delivered frames' bytes
     * @return null if every flow's frames are equal, else the first flow that differs
     */
    public static @Nullable String compareFrames(final List<FrameView> inViews, final List<byte[]> inBytes,
            final List<FrameView> outViews, final List<byte[]> outBytes) {
        final Map<String, List<String>> in = framesByFlow(inViews, inBytes);
        final Map<String, List<String>> out = framesByFlow(outViews, outBytes);
        for (final String flow : in.keySet()) {
            if (!Objects.equals(in.get(flow), out.get(flow))) {
                return "flow " + flow;
            }
        }
        return in.keySet().equals(out.keySet()) ? null : "flow sets differ";
    }

    private static Map<String, List<String>> framesByFlow(final List<FrameView> views, final List<byte[]> bytes) {
        final Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i < views.size(); i++) {
            map.computeIfAbsent(views.get(i).tcp() ? views.get(i).flow() : "other", k -> new ArrayList<>())
                    .add(java.util.HexFormat.of().formatHex(bytes.get(i)));
        }
        return map;
    }

    private static final class FlowRecord {
        final List<String> runs = new ArrayList<>();
        final List<String> nonData = new ArrayList<>();
        long runStart = -1;
        long runEnd = -1;
        final ByteArrayOutputStream run = new ByteArrayOutputStream();
        long bytesSoFar;

        void data(final long seq, final byte[] payload) {
            if (runEnd != seq) {
                close();
                runStart = seq;
            }
            run.write(payload, 0, payload.length);
            runEnd = (seq + payload.length) & 0xFFFF_FFFFL;
            bytesSoFar += payload.length;
        }

        void close() {
            if (runStart >= 0) {
                final byte[] bytes = run.toByteArray();
                runs.add(runStart + "+" + bytes.length + "#" + Integer.toHexString(Arrays.hashCode(bytes)));
                run.reset();
                runStart = -1;
                runEnd = -1;
            }
        }
    }

    private static Map<String, FlowRecord> records(final List<FrameView> views, final List<byte[]> bytes) {
        final Map<String, FlowRecord> map = new LinkedHashMap<>();
        final FlowRecord other = new FlowRecord();
        for (int i = 0; i < views.size(); i++) {
            final FrameView v = views.get(i);
            if (!v.tcp()) {
                other.nonData.add(java.util.HexFormat.of().formatHex(bytes.get(i)));
                continue;
            }
            final FlowRecord r = map.computeIfAbsent(v.flow(), k -> new FlowRecord());
            if (v.payload().length > 0 && v.lengthsOk()) {
                r.data(v.seq(), v.payload());
            } else {
                r.nonData.add(r.bytesSoFar + ":" + java.util.HexFormat.of().formatHex(bytes.get(i)));
            }
        }
        map.values().forEach(FlowRecord::close);
        map.put("other", other);
        return map;
    }

}
