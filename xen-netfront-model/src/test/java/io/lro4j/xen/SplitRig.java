package io.lro4j.xen;

import io.lro4j.api.LroConfig;
import io.lro4j.api.packet.Packet;
import io.lro4j.conformance.Frames;
import io.lro4j.xen.accounting.Ledger;
import io.lro4j.xen.dom0.Netback;
import io.lro4j.xen.dom0.PortFeatures;
import io.lro4j.xen.dom0.SlottingPolicy;
import io.lro4j.xen.guest.Netfront;
import io.lro4j.xen.guest.NetfrontOptions;
import io.lro4j.xen.hypervisor.Domain;
import io.lro4j.xen.hypervisor.Hypervisor;
import io.lro4j.xen.hypervisor.Scheduler;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Netback and netfront connected over their rings, without a bridge: packets go in at netback's transmit. */
public final class SplitRig {

    /** The virtual clock. */
    public final Scheduler scheduler = new Scheduler();
    /** The counters. */
    public final Ledger ledger = new Ledger();
    /** The hypervisor. */
    public final Hypervisor hv = new Hypervisor(scheduler, ledger, 0);
    /** Domain 0. */
    public final Domain dom0 = hv.createDomain("Domain-0");
    /** The guest. */
    public final Domain guest = hv.createDomain("guest");
    /** Netback. */
    public final Netback netback;
    /** Netfront. */
    public final Netfront netfront;
    /** What the guest's stack received, as copies with the packets' shapes noted. */
    public final List<Received> received = new ArrayList<>();

    /** One received packet. */
    public record Received(byte[] bytes, boolean fragmented, int headLength, int fragments, io.lro4j.api.packet.ChecksumState state,
            io.lro4j.api.packet.GsoType gsoType, int gsoSize) {
    }

    /**
     * @param slotting netback's slotting
     * @param options netfront's set-up
     * @param lro netfront's LRO
     */
    public SplitRig(final SlottingPolicy slotting, final NetfrontOptions options, final LroConfig lro) {
        netback = new Netback(dom0, "vif1.0", slotting, slotting == SlottingPolicy.DENSE ? PortFeatures.FRAGLIST : 0, 1500);
        netfront = new Netfront(guest, dom0.id(), options, lro, p -> {
            received.add(new Received(p.toFrameBytes(), p.isFragmented(), p.headLength(), p.fragmentCount(), p.checksumState(),
                    p.gsoType(), p.gsoSize()));
            p.release();
        });
        netback.connect(netfront.details());
        netfront.connected();
        scheduler.runUntilIdle(1_000_000);
    }

    /** @return a rig with Xen 3.1 on both sides and LRO off */
    public static SplitRig xen31() {
        return new SplitRig(SlottingPolicy.XEN_3_1, NetfrontOptions.defaults(), LroConfig.builder().enabled(false).build());
    }

    /**
     * A linear packet holding a TCP segment.
     *
     * @param seq its sequence number
     * @param payload payload bytes
     * @return the packet
     */
    public static Packet segment(final int seq, final int payload) {
        final byte[] b = Frames.segment(seq, payload).toBytes();
        final Packet p = new Packet(40);
        p.setHead(ByteBuffer.wrap(b), 0, b.length, null);
        return p;
    }

    /**
     * The same segment with its bytes after {@code head} split into fragments of {@code chunk} bytes, each in
     * its own page-aligned buffer.
     *
     * @param seq its sequence number
     * @param payload payload bytes
     * @param head bytes in the head
     * @param chunk bytes per fragment
     * @return the packet
     */
    public static Packet fragmented(final int seq, final int payload, final int head, final int chunk) {
        final byte[] b = Frames.segment(seq, payload).toBytes();
        final Packet p = new Packet(40);
        p.setHead(ByteBuffer.wrap(b), 0, head, null);
        for (int at = head; at < b.length; at += chunk) {
            final ByteBuffer page = ByteBuffer.allocate(4096);
            final int n = Math.min(chunk, b.length - at);
            page.put(0, b, at, n);
            p.addFragment(page, 0, n, null);
        }
        return p;
    }

    /**
     * Sends packets into netback and lets everything run.
     *
     * @param packets the packets
     * @return this rig
     */
    public SplitRig send(final Packet... packets) {
        for (final Packet p : packets) {
            netback.transmit(p);
        }
        scheduler.runUntilIdle(1_000_000);
        return this;
    }
}
