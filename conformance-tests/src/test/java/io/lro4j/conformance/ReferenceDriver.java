package io.lro4j.conformance;

import io.lro4j.api.AggregationMode;
import io.lro4j.api.FlushCause;
import io.lro4j.api.LroConfig;
import io.lro4j.api.LroStats;
import io.lro4j.api.PacketSink;
import io.lro4j.api.Verdict;
import io.lro4j.api.header.InternetChecksum;
import io.lro4j.api.header.Ipv4Header;
import io.lro4j.api.header.TcpHeader;
import io.lro4j.api.packet.BufferPool;
import io.lro4j.api.packet.Packet;
import io.lro4j.api.packet.PacketPool;
import io.lro4j.spi.Capability;
import io.lro4j.spi.DriverCapabilities;
import io.lro4j.spi.HeaderLocation;
import io.lro4j.spi.LroDriver;
import io.lro4j.spi.LroDriverProvider;
import io.lro4j.spi.LroManager;
import io.lro4j.spi.seeker.SoftwareHeaderSeeker;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The kit's own driver, for its self-test: VLAN-extracting "hardware" that strips 802.1Q tags and reports
 * them, software header seeking and checksum verification, linear or page receive, the real engine through
 * {@link LroManager}. Without a {@link Bug} it passes every required rule; with one it must not.
 */
final class ReferenceDriver implements LroDriver {

    /** Its provider; {@code pages} selects page receive. */
    record Provider(Bug bug, boolean pages) implements LroDriverProvider {
        @Override
        public String name() {
            return "reference" + (pages ? "-pages" : "") + (bug == Bug.NONE ? "" : "-" + bug.name().toLowerCase(java.util.Locale.ROOT));
        }

        @Override
        public String description() {
            return "the kit's reference driver, planted bug: " + bug;
        }

        @Override
        public DriverCapabilities capabilities() {
            final EnumSet<Capability> c = EnumSet.of(Capability.ETHERNET, Capability.RX_CHECKSUM, Capability.VLAN_EXTRACTION, Capability.IPV6);
            if (pages) {
                c.add(Capability.PAGE_MODE);
                c.add(Capability.SCATTER_GATHER);
            }
            return new DriverCapabilities(c, pages ? 1 : 0, 4096);
        }

        @Override
        public LroDriver open(final LroConfig config, final PacketSink stack) {
            return new ReferenceDriver(config, stack, bug, pages);
        }
    }

    private static final int ETHER = 14;
    private static final int PAGE = 4096;

    private final Bug bug;
    private final boolean pages;
    private final PacketSink stack;
    private final BufferPool buffers = new BufferPool();
    private final PacketPool pool;
    private final LroManager lro;
    private final List<Packet> held = new ArrayList<>();
    private @Nullable Packet pending;

    ReferenceDriver(final LroConfig config, final PacketSink stack, final Bug bug, final boolean pages) {
        this.bug = bug;
        this.pages = pages || bug == Bug.SKB_MODE_IGNORED;
        this.stack = stack;
        this.pool = new PacketPool(buffers, Math.max(Packet.DEFAULT_MAX_FRAGMENTS, config.maxAggregated()));
        final SoftwareHeaderSeeker software = new SoftwareHeaderSeeker(true, true);
        final LroConfig engineConfig = bug == Bug.SKB_MODE_IGNORED ? config.toBuilder().mode(AggregationMode.FRAGMENTS).build()
                : config;
        if (bug == Bug.CHECKSUM_TRUSTED) {
            final SoftwareHeaderSeeker unverified = new SoftwareHeaderSeeker(true, false);
            this.lro = LroManager.create(engineConfig, this::fromEngine, (p, out) -> {
                final boolean located = unverified.seek(p, out);
                out.set(HeaderLocation.CHECKSUM_VERIFIED);
                return located;
            }, null);
        } else {
            this.lro = LroManager.create(engineConfig, this::fromEngine, software, software);
        }
    }

    @Override
    public void receiveFrame(final ByteBuffer frame, final int offset, final int length, final long timestampNanos) {
        final byte[] bytes = new byte[length];
        frame.get(offset, bytes);
        int tci = -1;
        byte[] wire = bytes;
        if (length >= ETHER + 4 && (bytes[12] & 0xFF) == 0x81 && bytes[13] == 0) {
            tci = ((bytes[14] & 0xFF) << 8) | (bytes[15] & 0xFF);
            wire = new byte[length - 4];
            System.arraycopy(bytes, 0, wire, 0, 12);
            System.arraycopy(bytes, 16, wire, 12, length - 16);
        }
        if (bug == Bug.LYING_LENGTH_TRUSTED && wire.length > ETHER + 20 && (wire[12] & 0xFF) == 0x08 && wire[13] == 0) {
            final int ipLength = ((wire[ETHER + 2] & 0xFF) << 8) | (wire[ETHER + 3] & 0xFF);
            if (ETHER + ipLength < wire.length) {
                wire = java.util.Arrays.copyOf(wire, ETHER + ipLength);
            }
        }
        if (bug == Bug.PURE_ACK_LOST && tcpPayload(wire) == 0) {
            return;
        }
        final Packet p;
        if (pages && wire.length <= PAGE) {
            p = pool.acquire();
            final ByteBuffer page = buffers.acquire(PAGE);
            page.put(0, wire);
            p.addFragment(page, 0, wire.length, buffers);
        } else {
            p = pool.acquire(wire.length);
            p.putHead(ByteBuffer.wrap(wire), 0, wire.length);
        }
        p.timestampNanos(timestampNanos);
        if (tci >= 0 && bug != Bug.VLAN_TAG_DROPPED) {
            p.vlanTag(tci);
        }
        if (p.headLength() == 0) {
            lro.receiveFrags(p);
        } else {
            lro.receiveSkb(p);
        }
    }

    /** TCP payload bytes of an untagged IPv4 frame, or -1 if it is not one. */
    private static int tcpPayload(final byte[] f) {
        if (f.length < ETHER + 40 || (f[12] & 0xFF) != 0x08 || f[13] != 0 || f[ETHER + 9] != 6) {
            return -1;
        }
        final int ihl = (f[ETHER] & 0x0F) * 4;
        final int ipLength = ((f[ETHER + 2] & 0xFF) << 8) | (f[ETHER + 3] & 0xFF);
        final int doff = ((f[ETHER + ihl + 12] & 0xFF) >>> 4) * 4;
        return ipLength - ihl - doff;
    }

    /** What the engine delivers, through the planted output bug, to the stack. */
    private void fromEngine(final Packet p) {
        switch (bug) {
            case PSH_IGNORED, CE_DROPPED, STALE_IP_CHECKSUM, WRONG_TCP_CHECKSUM -> damage(p);
            case REORDER_ON_FLUSH -> {
                held.add(p);
                return;
            }
            case NO_LENGTH_LIMIT -> {
                glue(p);
                return;
            }
            default -> {
                // delivered as the engine made it
            }
        }
        stack.deliver(p);
    }

    /** Applies a header bug to an untagged IPv4 TCP delivery, fixing the other checksums so only it shows. */
    private void damage(final Packet p) {
        p.linearize(buffers);
        final ByteBuffer b = p.headBuffer();
        final int ip = p.headOffset() + ETHER;
        if (p.headLength() < ETHER + 40 || (b.getShort(ip - 2) & 0xFFFF) != 0x0800 || b.get(ip + 9) != 6) {
            return;
        }
        final int tcp = ip + (b.get(ip) & 0x0F) * 4;
        final boolean aggregate = p.gsoSegments() > 1;
        switch (bug) {
            case PSH_IGNORED -> {
                final int word = b.getShort(tcp + 12) & 0xFFFF;
                if (aggregate && (word & TcpHeader.PSH) != 0) {
                    replaceWord(b, tcp + 12, word & ~TcpHeader.PSH, tcp + TcpHeader.CHECKSUM_OFFSET);
                }
            }
            case CE_DROPPED -> {
                final int word = b.getShort(ip) & 0xFFFF;
                replaceWord(b, ip, word & ~3, ip + Ipv4Header.CHECKSUM_OFFSET);
            }
            case STALE_IP_CHECKSUM -> {
                if (aggregate) {
                    final int header = (tcp - ip) + ((b.get(tcp + 12) & 0xF0) >>> 2);
                    final int total = b.getShort(ip + 2) & 0xFFFF;
                    replaceWord(b, ip + 2, header + p.gsoSize(), ip + Ipv4Header.CHECKSUM_OFFSET);
                    b.putShort(ip + 2, (short) total); // the length updated, the checksum not
                }
            }
            case WRONG_TCP_CHECKSUM -> {
                if (aggregate) {
                    b.putShort(tcp + TcpHeader.CHECKSUM_OFFSET, (short) (b.getShort(tcp + TcpHeader.CHECKSUM_OFFSET) ^ 0x0101));
                }
            }
            default -> throw new IllegalStateException(bug.name());
        }
    }

    /** RFC 1624 incremental update: {@code HC' = ~(~HC + ~m + m')}. */
    private static void replaceWord(final ByteBuffer b, final int at, final int newWord, final int checksumAt) {
        final int old = b.getShort(at) & 0xFFFF;
        b.putShort(at, (short) newWord);
        final int hc = b.getShort(checksumAt) & 0xFFFF;
        b.putShort(checksumAt, (short) InternetChecksum.finish((~hc & 0xFFFF) + (~old & 0xFFFF) + newWord));
    }

    /** NO_LENGTH_LIMIT: appends a delivery continuing the pending one's flow to it, whatever the length. */
    private void glue(final Packet p) {
        final Packet before = pending;
        p.linearize(buffers);
        if (before != null && continues(before, p)) {
            final byte[] a = before.toByteArray();
            final byte[] c = p.toByteArray();
            final int header = headerLength(c);
            final byte[] joined = java.util.Arrays.copyOf(a, a.length + c.length - header);
            System.arraycopy(c, header, joined, a.length, c.length - header);
            final ByteBuffer b = ByteBuffer.wrap(joined);
            b.putShort(ETHER + 2, (short) (joined.length - ETHER));
            new Ipv4Header().wrap(b, ETHER).updateChecksum();
            final int tcp = ETHER + (joined[ETHER] & 0x0F) * 4;
            b.putShort(tcp + TcpHeader.CHECKSUM_OFFSET, (short) 0);
            final long sum = InternetChecksum.pseudoHeaderSum(InternetChecksum.sum(b, ETHER + 12, 8, 0), joined.length - tcp);
            b.putShort(tcp + TcpHeader.CHECKSUM_OFFSET, (short) InternetChecksum.finish(InternetChecksum.sum(b, tcp, joined.length - tcp, sum)));
            final Packet merged = pool.acquire(joined.length);
            merged.putHead(b, 0, joined.length).copyMetadataFrom(before);
            merged.gso(before.gsoType(), Math.max(before.gsoSize(), p.gsoSize()),
                    Math.max(1, before.gsoSegments()) + Math.max(1, p.gsoSegments()), before.gsoFlags());
            before.release();
            p.release();
            pending = merged;
            return;
        }
        if (before != null) {
            stack.deliver(before);
        }
        pending = p;
    }

    private static int headerLength(final byte[] f) {
        final int tcp = ETHER + (f[ETHER] & 0x0F) * 4;
        return tcp + ((f[tcp + 12] & 0xF0) >>> 2);
    }

    private static boolean continues(final Packet first, final Packet next) {
        final byte[] a = first.toByteArray();
        final byte[] c = next.toByteArray();
        if (tcpPayload(a) <= 0 || tcpPayload(c) <= 0 || first.hasVlanTag() || next.hasVlanTag()) {
            return false;
        }
        final int ta = ETHER + (a[ETHER] & 0x0F) * 4;
        final int tc = ETHER + (c[ETHER] & 0x0F) * 4;
        final ByteBuffer ba = ByteBuffer.wrap(a);
        final ByteBuffer bc = ByteBuffer.wrap(c);
        return ba.getLong(ETHER + 12) == bc.getLong(ETHER + 12) && ba.getInt(ta) == bc.getInt(tc)
                && ba.getInt(ta + 4) + tcpPayload(a) == bc.getInt(tc + 4);
    }

    @Override
    public void endPoll() {
        if (bug != Bug.NO_FLUSH_AT_POLL_END) {
            lro.flushAll();
        }
        deliverHeld();
    }

    private void deliverHeld() {
        for (int i = held.size() - 1; i >= 0; i--) {
            stack.deliver(held.get(i));
        }
        held.clear();
        final Packet p = pending;
        if (p != null) {
            pending = null;
            stack.deliver(p);
        }
    }

    @Override
    public LroStats lroStats() {
        final LroStats s = lro.stats();
        if (bug != Bug.STATS_MISCOUNTED) {
            return s;
        }
        final long[] verdicts = new long[Verdict.values().length];
        final long[] causes = new long[FlushCause.values().length];
        final long[] by = new long[Verdict.values().length];
        for (final Verdict v : Verdict.values()) {
            verdicts[v.ordinal()] = s.verdict(v);
            by[v.ordinal()] = s.flushesBy(v);
        }
        for (final FlushCause c : FlushCause.values()) {
            causes[c.ordinal()] = s.flushes(c);
        }
        return new LroStats(verdicts, causes, by, s.mergedAggregates(), s.mergedSegments() + (s.mergedAggregates() > 0 ? 1 : 0));
    }

    @Override
    public void close() {
        lro.flushAll();
        deliverHeld();
    }
}
