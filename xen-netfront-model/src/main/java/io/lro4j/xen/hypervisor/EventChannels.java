package io.lro4j.xen.hypervisor;

import io.lro4j.xen.accounting.Counter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Event channels: one-bit doorbells between domains (Xen 3.1 {@code event_channel.h}). A frontend allocates
 * an unbound port for its backend ({@code EVTCHNOP_alloc_unbound}), the backend binds to it
 * ({@code EVTCHNOP_bind_interdomain}), and either end then {@link #send}s to the other.
 *
 * <p>Each domain has a pending and a mask bitmap (in its {@code shared_info}) and an upcall-pending flag. A
 * send sets the peer port's pending bit; if the bit was already set the send coalesces. If the port is not
 * masked and no upcall is pending, an upcall is scheduled on the peer after the upcall latency. The upcall
 * clears the flag and, for each pending unmasked port in order, clears the pending bit and then runs the
 * port's handler: one handler run per pending edge, and a send during the handler raises a new edge.
 * Simplified: the per-vCPU selector word ({@code evtchn_pending_sel}) is folded into the one flag.
 */
public final class EventChannels {

    /** Ports per domain: 32 words of 32 bits, as on 32-bit x86 Xen 3.1. */
    public static final int PORTS = 1024;

    private static final int FREE = 0;
    private static final int UNBOUND = 1;
    private static final int INTERDOMAIN = 2;

    private final Hypervisor hypervisor;
    private final long upcallLatencyNanos;
    private final List<Ports> domains = new ArrayList<>();

    /** One domain's ports and bitmaps. */
    private final class Ports implements Runnable {
        final int domid;
        final int[] state = new int[PORTS];
        final int[] remoteDom = new int[PORTS];
        final int[] remotePort = new int[PORTS];
        final @Nullable Runnable[] handler = new Runnable[PORTS];
        final long[] pending = new long[PORTS / 64];
        final long[] mask = new long[PORTS / 64];
        boolean upcallPending;
        // The upcall reaches the domain's vCPU after the latency and runs when that CPU is free.
        final Runnable deliver;

        Ports(final int domid) {
            this.domid = domid;
            this.deliver = () -> hypervisor.domain(domid).vcpu().schedule(this);
        }

        /** The upcall ({@code evtchn_do_upcall}). */
        @Override
        public void run() {
            upcallPending = false;
            for (int w = 0; w < pending.length; w++) {
                long ready;
                while ((ready = pending[w] & ~mask[w]) != 0) {
                    final int bit = Long.numberOfTrailingZeros(ready);
                    pending[w] &= ~(1L << bit);
                    final Runnable h = handler[w * 64 + bit];
                    hypervisor.ledger().increment(Counter.EVTCHN_UPCALL);
                    if (h != null) {
                        h.run();
                    }
                }
            }
        }
    }

    EventChannels(final Hypervisor hypervisor, final long upcallLatencyNanos) {
        if (upcallLatencyNanos < 0) {
            throw new IllegalArgumentException("upcallLatencyNanos must be at least 0, was " + upcallLatencyNanos);
        }
        this.hypervisor = hypervisor;
        this.upcallLatencyNanos = upcallLatencyNanos;
    }

    void addDomain() {
        final Ports p = new Ports(domains.size());
        p.state[0] = INTERDOMAIN; // port 0 is reserved
        p.remoteDom[0] = -1;
        domains.add(p);
    }

    /**
     * Allocates a port of {@code domain} that {@code remoteDomid} may bind to ({@code EVTCHNOP_alloc_unbound}).
     *
     * @param domain the allocating domain
     * @param remoteDomid who may bind
     * @return the port
     */
    public int allocUnbound(final Domain domain, final int remoteDomid) {
        final Ports p = ports(domain);
        final int port = freePort(p);
        p.state[port] = UNBOUND;
        p.remoteDom[port] = remoteDomid;
        return port;
    }

    /**
     * Binds a new port of {@code domain} to {@code remoteDomid}'s unbound port ({@code EVTCHNOP_bind_interdomain}).
     *
     * @param domain the binding domain
     * @param remoteDomid the other domain
     * @param remotePort its unbound port
     * @return the local port
     * @throws IllegalArgumentException if the remote port is not unbound for {@code domain}
     */
    public int bindInterdomain(final Domain domain, final int remoteDomid, final int remotePort) {
        final Ports p = ports(domain);
        final Ports r = ports(hypervisor.domain(remoteDomid));
        if (remotePort <= 0 || remotePort >= PORTS || r.state[remotePort] != UNBOUND || r.remoteDom[remotePort] != domain.id()) {
            throw new IllegalArgumentException("port " + remotePort + " of domain " + remoteDomid + " is not unbound for "
                    + domain);
        }
        final int port = freePort(p);
        p.state[port] = INTERDOMAIN;
        p.remoteDom[port] = remoteDomid;
        p.remotePort[port] = remotePort;
        r.state[remotePort] = INTERDOMAIN;
        r.remotePort[remotePort] = port;
        return port;
    }

    /**
     * Sets the handler run when {@code port} of {@code domain} fires ({@code bind_evtchn_to_irqhandler}).
     *
     * @param domain the domain
     * @param port its port
     * @param handler the handler
     */
    public void bindHandler(final Domain domain, final int port, final Runnable handler) {
        final Ports p = ports(domain);
        checkBound(p, port);
        p.handler[port] = Objects.requireNonNull(handler, "handler");
    }

    /**
     * Notifies the other end of {@code port} ({@code EVTCHNOP_send}, {@code notify_remote_via_irq}).
     *
     * @param domain the sending domain
     * @param port its bound port
     */
    public void send(final Domain domain, final int port) {
        final Ports p = ports(domain);
        checkBound(p, port);
        if (p.state[port] != INTERDOMAIN) {
            throw new IllegalStateException("port " + port + " of " + domain + " is not connected to a peer yet");
        }
        hypervisor.ledger().increment(Counter.EVTCHN_SEND);
        setPending(domains.get(p.remoteDom[port]), p.remotePort[port]);
    }

    private void setPending(final Ports p, final int port) {
        final int w = port >>> 6;
        final long bit = 1L << (port & 63);
        if ((p.pending[w] & bit) != 0) {
            hypervisor.ledger().increment(Counter.EVTCHN_COALESCED);
            return;
        }
        p.pending[w] |= bit;
        raise(p, port);
    }

    private void raise(final Ports p, final int port) {
        if ((p.mask[port >>> 6] & 1L << (port & 63)) == 0 && !p.upcallPending) {
            p.upcallPending = true;
            hypervisor.scheduler().after(upcallLatencyNanos, p.deliver);
        }
    }

    /**
     * Masks a port: it can become pending, but its handler does not run until it is unmasked.
     *
     * @param domain the domain
     * @param port the port
     */
    public void mask(final Domain domain, final int port) {
        final Ports p = ports(domain);
        checkBound(p, port);
        p.mask[port >>> 6] |= 1L << (port & 63);
    }

    /**
     * Unmasks a port; if it is pending, an upcall follows ({@code evtchn_unmask}).
     *
     * @param domain the domain
     * @param port the port
     */
    public void unmask(final Domain domain, final int port) {
        final Ports p = ports(domain);
        checkBound(p, port);
        p.mask[port >>> 6] &= ~(1L << (port & 63));
        if (pending(domain, port)) {
            raise(p, port);
        }
    }

    /**
     * @param domain a domain
     * @param port its port
     * @return true if the port is pending
     */
    public boolean pending(final Domain domain, final int port) {
        return (ports(domain).pending[port >>> 6] & 1L << (port & 63)) != 0;
    }

    /**
     * @param domain a domain
     * @return true if an upcall to it is scheduled and has not run
     */
    public boolean upcallPending(final Domain domain) {
        return ports(domain).upcallPending;
    }

    private Ports ports(final Domain domain) {
        return domains.get(domain.id());
    }

    private static int freePort(final Ports p) {
        for (int port = 1; port < PORTS; port++) {
            if (p.state[port] == FREE) {
                return port;
            }
        }
        throw new IllegalStateException("domain " + p.domid + " has no free event channel port");
    }

    private static void checkBound(final Ports p, final int port) {
        if (port <= 0 || port >= PORTS || p.state[port] == FREE) {
            throw new IllegalArgumentException("port " + port + " of domain " + p.domid + " is not allocated");
        }
    }
}
