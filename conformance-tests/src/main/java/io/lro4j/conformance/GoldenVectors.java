package io.lro4j.conformance;

import io.lro4j.api.LroConfig;
import io.lro4j.api.check.FrameView;
import io.lro4j.api.header.EthernetHeader;
import io.lro4j.api.header.FrameBuilder;
import io.lro4j.api.header.Ipv4Header;
import io.lro4j.api.header.TcpHeader;
import io.lro4j.api.packet.ChecksumState;
import io.lro4j.spi.Capability;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assertions;

/**
 * The golden vectors the kit ships in {@code golden-vectors.txt} (the test cases of lro-anchors.md §4 as
 * data: frames in, expected deliveries out, per policy), their parser, and the check of one vector against
 * a driver. The file documents its own grammar.
 */
final class GoldenVectors {

    /** Where the vectors are, next to this class. */
    static final String RESOURCE = "golden-vectors.txt";

    private static final String FLAG_LETTERS = "FSRPAUEC";

    /** A step of a vector: a frame (with its text, for messages), or the end of a poll (frame null). */
    @SuppressWarnings("ArrayRecordComponent") // read-only test data, never compared or hashed
    record Step(byte @Nullable [] frame, String text) {
    }

    /** An expected delivery: {@code =N} or {@code SEQ+LENxSEGS}, with header attributes to check. */
    record Expected(@Nullable String qualifier, String item, Map<String, String> attributes, String text) {
    }

    /**
     * One golden vector.
     *
     * @param id its case id, such as {@code 12a}
     * @param title what it shows
     * @param only the policies and modes it is restricted to (empty: all)
     * @param config configuration changes
     * @param steps frames and poll ends, in order
     * @param outs the expected deliveries, each possibly for one policy or mode
     * @param detectable sequence numbers whose delivery must stay detectably corrupt
     * @param needs the capability its frames need ({@link Capability#ETHERNET} for an 802.1Q tag), or null
     */
    record Vector(String id, String title, List<String> only, List<String> config, List<Step> steps,
            List<Expected> outs, List<Integer> detectable, @Nullable Capability needs) {

        /** @return the vector's name as a test shows it */
        String displayName() {
            return "case " + id + ": " + title;
        }

        /** @return why the vector does not run under {@code c}, or null if it does */
        @Nullable String skipReason(final LroConfig c) {
            final String policy = policyName(c);
            final String mode = c.mode().name().toLowerCase(Locale.ROOT);
            final boolean policyRestricted = only.stream().anyMatch(o -> o.equals("inet-lro") || o.equals("gro"));
            final boolean modeRestricted = only.stream().anyMatch(o -> o.equals("chain") || o.equals("fragments"));
            if ((policyRestricted && !only.contains(policy)) || (modeRestricted && !only.contains(mode))) {
                return "case " + id + " runs only under " + String.join(", ", only);
            }
            return null;
        }

        /** @return {@code base} with this vector's configuration changes */
        LroConfig configure(final LroConfig base) {
            final LroConfig.Builder b = base.toBuilder();
            for (final String setting : config) {
                final String[] kv = setting.split("=", 2);
                switch (kv[0]) {
                    case "maxAggregated" -> b.maxAggregated(Integer.parseInt(kv[1]));
                    case "maxDescriptors" -> b.maxDescriptors(Integer.parseInt(kv[1]));
                    case "forwarding" -> b.forwarding(true);
                    default -> throw new IllegalStateException("case " + id + ": unknown config " + setting);
                }
            }
            return b.build();
        }

        /** Injects the vector's frames into {@code driver}, polls, and checks the deliveries. */
        void run(final DriverUnderTest driver, final LroConfig c) {
            for (final Step s : steps) {
                final byte[] frame = s.frame();
                if (frame == null) {
                    driver.poll();
                } else {
                    driver.frame(frame);
                }
            }
            driver.poll();
            final List<Expected> want = outs.stream()
                    .filter(e -> e.qualifier() == null || e.qualifier().equals(policyName(c))
                            || e.qualifier().equals(c.mode().name().toLowerCase(Locale.ROOT)))
                    .toList();
            final List<Delivery> got = driver.deliveries();
            if (!want.isEmpty() || detectable.isEmpty()) {
                final String expected = String.join(", ", want.stream().map(Expected::text).toList());
                final String actual = String.join(", ", got.stream().map(d -> describe(d, driver.injected())).toList());
                Assertions.assertEquals(want.size(), got.size(),
                        () -> "deliveries of case " + id + "\n  expected: " + expected + "\n  actual:   " + actual);
                for (int i = 0; i < want.size(); i++) {
                    final String problem = mismatch(want.get(i), got.get(i), driver.injected());
                    final int index = i;
                    Assertions.assertNull(problem, () -> "delivery " + (index + 1) + " of case " + id + ": " + problem
                            + "\n  expected: " + expected + "\n  actual:   " + actual);
                }
            }
            for (final int seq : detectable) {
                final Delivery bad = LroDriverConformance.covering(driver, seq);
                Assertions.assertFalse(bad.view().tcpChecksumOk(), () -> "case " + id
                        + ": the delivery holding the corrupted segment has a correct TCP checksum: " + bad);
                Assertions.assertNotEquals(ChecksumState.UNNECESSARY, bad.checksumState(),
                        () -> "case " + id + ": the delivery holding the corrupted segment is marked verified: " + bad);
            }
        }
    }

    private GoldenVectors() {
    }

    private static String policyName(final LroConfig c) {
        return c.policy().name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @return the shipped vectors, in file order */
    static List<Vector> load() {
        try (InputStream in = GoldenVectors.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the kit's " + RESOURCE + " is missing from its jar");
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList());
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read the kit's " + RESOURCE, e);
        }
    }

    /** Parses vectors; a malformed line fails with its number. */
    static List<Vector> parse(final List<String> lines) {
        final List<Vector> vectors = new ArrayList<>();
        @Nullable Builder current = null;
        for (int n = 0; n < lines.size(); n++) {
            final int hash = lines.get(n).indexOf('#');
            final String line = (hash >= 0 ? lines.get(n).substring(0, hash) : lines.get(n)).strip();
            if (line.isEmpty()) {
                continue;
            }
            final String[] words = line.split("\\s+");
            try {
                if (words[0].equals("case")) {
                    if (current != null) {
                        vectors.add(current.build());
                    }
                    current = new Builder(words[1], line.substring(line.indexOf(words[1]) + words[1].length()).strip());
                    continue;
                }
                if (current == null) {
                    throw new IllegalArgumentException("a statement before the first case");
                }
                current.add(words);
            } catch (final RuntimeException e) {
                throw new IllegalStateException(RESOURCE + " line " + (n + 1) + " (" + line + "): " + e.getMessage(), e);
            }
        }
        if (current != null) {
            vectors.add(current.build());
        }
        return vectors;
    }

    private static final class Builder {
        private final String id;
        private final String title;
        private final List<String> only = new ArrayList<>();
        private final List<String> config = new ArrayList<>();
        private final List<Step> steps = new ArrayList<>();
        private final List<Expected> outs = new ArrayList<>();
        private final List<Integer> detectable = new ArrayList<>();
        private @Nullable Capability needs;

        Builder(final String id, final String title) {
            this.id = id;
            this.title = title;
        }

        void add(final String[] w) {
            final String[] rest = Arrays.copyOfRange(w, 1, w.length);
            switch (w[0]) {
                case "only" -> {
                    if (!List.of("inet-lro", "gro", "chain", "fragments").contains(w[1])) {
                        throw new IllegalArgumentException("only takes inet-lro, gro, chain or fragments");
                    }
                    only.add(w[1]);
                }
                case "config" -> config.add(w[1]);
                case "rx" -> {
                    steps.add(new Step(frame(rest), String.join(" ", w)));
                    if (Arrays.stream(rest).anyMatch(x -> x.startsWith("vlan="))) {
                        needs = Capability.ETHERNET;
                    }
                }
                case "train" -> {
                    for (int i = 0; i < Integer.parseInt(w[2]); i++) {
                        steps.add(new Step(Frames.segment(seq(w[1]) + i * Frames.MSS, Frames.MSS).toBytes(), "rx"));
                    }
                }
                case "poll" -> steps.add(new Step(null, "poll"));
                case "detectable" -> detectable.add(seq(w[1]));
                default -> {
                    if (!w[0].equals("out") && !w[0].startsWith("out.")) {
                        throw new IllegalArgumentException("unknown statement " + w[0]);
                    }
                    final String qualifier = w[0].equals("out") ? null : w[0].substring(4);
                    outs.add(new Expected(qualifier, w[1], attributes(Arrays.copyOfRange(w, 2, w.length)),
                            String.join(" ", rest)));
                }
            }
        }

        Vector build() {
            return new Vector(id, title, List.copyOf(only), List.copyOf(config), List.copyOf(steps), List.copyOf(outs),
                    List.copyOf(detectable), needs);
        }
    }

    private static int seq(final String text) {
        return (int) (long) Long.decode(text);
    }

    private static Map<String, String> attributes(final String[] words) {
        final Map<String, String> a = new LinkedHashMap<>();
        for (final String w : words) {
            final int eq = w.indexOf('=');
            a.put(eq < 0 ? w : w.substring(0, eq), eq < 0 ? "" : w.substring(eq + 1));
        }
        return a;
    }

    /** A value relative to the reference flow's ({@code +N}, {@code -N}) or absolute. */
    private static int value(final String text, final int reference) {
        if (text.startsWith("+") || text.startsWith("-")) {
            return reference + Integer.parseInt(text);
        }
        return (int) (long) Long.decode(text);
    }

    private static int flags(final String letters) {
        if (letters.equals("-")) {
            return 0;
        }
        int flags = 0;
        for (int i = 0; i < letters.length(); i++) {
            final char ch = letters.charAt(i);
            final int bit = FLAG_LETTERS.indexOf(ch);
            if (bit < 0) {
                throw new IllegalArgumentException("unknown TCP flag letter " + ch + " (use " + FLAG_LETTERS + ")");
            }
            flags |= 1 << bit;
        }
        return flags;
    }

    /** Builds the frame an {@code rx} statement describes. */
    private static byte[] frame(final String[] w) {
        final FrameBuilder f = Frames.segment(seq(w[0]), Integer.parseInt(w[1]));
        final Map<String, String> a = attributes(Arrays.copyOfRange(w, 2, w.length));
        int tsval = Frames.TSVAL;
        int tsecr = Frames.TSECR;
        for (final Map.Entry<String, String> e : a.entrySet()) {
            final String v = e.getValue();
            switch (e.getKey()) {
                case "sport" -> f.ports(Integer.parseInt(v), 80);
                case "vlan" -> f.vlan(Integer.parseInt(v));
                case "ack" -> f.ack(value(v, Frames.ACK));
                case "win" -> f.window(value(v, 501));
                case "tsval" -> tsval = value(v, Frames.TSVAL);
                case "tsecr" -> tsecr = value(v, Frames.TSECR);
                case "flags" -> f.flags(flags(v));
                case "tos" -> f.tos(Integer.parseInt(v));
                case "ttl" -> f.ttl(Integer.parseInt(v));
                case "noopts" -> f.noOptions();
                case "tcpopts" -> f.tcpOptions(HexFormat.of().parseHex(v));
                case "ipopts" -> f.ipOptions(HexFormat.of().parseHex(v));
                case "frag" -> f.fragment(true, 0);
                case "badip" -> f.badIpChecksum(true);
                case "pad" -> f.padding(Integer.parseInt(v));
                case "cut", "iplen", "corrupt" -> {
                    // applied to the bytes below
                }
                default -> throw new IllegalArgumentException("unknown rx attribute " + e.getKey());
            }
        }
        if (a.containsKey("tsval") || a.containsKey("tsecr")) {
            f.timestamp(tsval, tsecr);
        }
        byte[] bytes = f.toBytes();
        final ByteBuffer b = ByteBuffer.wrap(bytes);
        if (a.containsKey("iplen")) {
            final Ipv4Header ip = new Ipv4Header().wrap(b, f.linkHeaderLength());
            b.putShort(f.linkHeaderLength() + 2, (short) Integer.parseInt(a.get("iplen")));
            ip.updateChecksum();
        }
        if (a.containsKey("corrupt")) {
            bytes[bytes.length - 1 - f.payloadLength() / 2] ^= 0x40;
        }
        if (a.containsKey("cut")) {
            bytes = Arrays.copyOf(bytes, bytes.length - Integer.parseInt(a.get("cut")));
        }
        return bytes;
    }

    /** @return why {@code d} is not what {@code e} expects, or null if it is */
    private static @Nullable String mismatch(final Expected e, final Delivery d, final List<byte[]> injected) {
        if (e.item().startsWith("=")) {
            final int n = Integer.parseInt(e.item().substring(1));
            return Arrays.equals(d.bytes(), injected.get(n - 1)) ? null : "not byte for byte rx frame " + n;
        }
        final FrameView v = d.view();
        final int plus = e.item().indexOf('+');
        final int x = e.item().lastIndexOf('x');
        final long seq = Integer.toUnsignedLong(seq(e.item().substring(0, plus)));
        final int len = Integer.parseInt(e.item().substring(plus + 1, x));
        final int segments = Integer.parseInt(e.item().substring(x + 1));
        if (!v.tcp() || v.seq() != seq || v.payload().length != len || d.segments() != segments) {
            return "expected " + e.item();
        }
        final int tcp = tcpOffset(d.bytes());
        final ByteBuffer b = ByteBuffer.wrap(d.bytes());
        final TcpHeader th = new TcpHeader().wrap(b, tcp);
        for (final Map.Entry<String, String> a : e.attributes().entrySet()) {
            final String want = a.getValue();
            final long actual;
            final long expected;
            switch (a.getKey()) {
                case "gso" -> { actual = d.gsoSize(); expected = Integer.parseInt(want); }
                case "iplen" -> { actual = v.ipLengthField(); expected = Integer.parseInt(want); }
                case "ack" -> { actual = th.ack(); expected = value(want, Frames.ACK); }
                case "win" -> { actual = th.window(); expected = value(want, 501); }
                case "tsval" -> { actual = th.tsval(); expected = value(want, Frames.TSVAL); }
                case "tsecr" -> { actual = th.tsecr(); expected = value(want, Frames.TSECR); }
                case "flags" -> { actual = th.flags(); expected = flags(want); }
                default -> throw new IllegalStateException("unknown out attribute " + a.getKey());
            }
            if (actual != expected) {
                return a.getKey() + " is " + Long.toUnsignedString(actual & 0xFFFF_FFFFL) + ", expected "
                        + Long.toUnsignedString(expected & 0xFFFF_FFFFL);
            }
        }
        return null;
    }

    private static int tcpOffset(final byte[] frame) {
        final ByteBuffer b = ByteBuffer.wrap(frame);
        final int ip = new EthernetHeader().wrap(b, 0).headerLength(frame.length);
        return ip + (frame[ip] & 0x0F) * 4;
    }

    /** Describes a delivery in the file's notation, for messages. */
    static String describe(final Delivery d, final List<byte[]> injected) {
        for (int i = 0; i < injected.size(); i++) {
            if (Arrays.equals(d.bytes(), injected.get(i)) && !d.aggregate()) {
                return "=" + (i + 1);
            }
        }
        final FrameView v = d.view();
        return v.tcp() ? v.seq() + "+" + v.payload().length + "x" + d.segments() : "non-TCP " + d.bytes().length + " bytes";
    }
}
