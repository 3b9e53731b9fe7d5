package io.lro4j.drivers.tun;

import io.lro4j.api.LroConfig;
import io.lro4j.api.LroStats;
import java.io.IOException;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * A user-space forwarder between two TUN devices with LRO on the path: what the kernel sends into device A
 * is read, coalesced by one engine and written into device B, and the other way round with a second engine.
 * Aggregates reach the receiving kernel as single GSO packets ({@link TunTransmitter}); ACKs, non-TCP packets
 * and anything LRO does not take pass unchanged. One thread runs {@link #run}: it waits on both devices, then
 * polls each ready one for up to a budget of packets and flushes, as a NAPI driver would.
 */
public final class TunForwarder {

    /** One direction's parts. */
    public static final class Direction {
        private final TunReceiver receiver;
        private final TunTransmitter transmitter;

        Direction(final TunDevice from, final TunDevice to, final LroConfig config, final int deviceId) {
            this.transmitter = new TunTransmitter(to);
            this.receiver = new TunReceiver(from, config, transmitter, deviceId);
        }

        /** @return what it read */
        public TunReceiver receiver() {
            return receiver;
        }

        /** @return what it wrote */
        public TunTransmitter transmitter() {
            return transmitter;
        }

        /** @return its engine's counters */
        public LroStats lroStats() {
            return receiver.lroStats();
        }
    }

    private final TunDevice a;
    private final TunDevice b;
    private final Direction aToB;
    private final Direction bToA;
    private final TunPoller poller;
    private final int budget;

    /**
     * @param a one device
     * @param b the other
     * @param config the LRO configuration of both directions' engines
     * @param budget packets one poll reads from a device (a NAPI weight: 64)
     */
    public TunForwarder(final TunDevice a, final TunDevice b, final LroConfig config, final int budget) {
        this.a = Objects.requireNonNull(a, "a");
        this.b = Objects.requireNonNull(b, "b");
        Objects.requireNonNull(config, "config");
        if (budget < 1 || budget > 65_536) {
            throw new IllegalArgumentException("budget must be between 1 and 65536, was " + budget);
        }
        this.aToB = new Direction(a, b, config, 0);
        this.bToA = new Direction(b, a, config, 1);
        this.poller = new TunPoller(a, b);
        this.budget = budget;
    }

    /**
     * Forwards until {@code stop} says so (checked at least every {@code tickMillis}).
     *
     * @param stop true to stop
     * @param tickMillis the longest wait between checks
     * @param tick run every time the wait ends (statistics, say)
     * @throws IOException if a device fails
     */
    public void run(final BooleanSupplier stop, final int tickMillis, final Runnable tick) throws IOException {
        while (!stop.getAsBoolean()) {
            if (poller.await(tickMillis) > 0) {
                if (poller.ready(0)) {
                    aToB.receiver.poll(budget);
                }
                if (poller.ready(1)) {
                    bToA.receiver.poll(budget);
                }
            }
            tick.run();
        }
        aToB.receiver.close();
        bToA.receiver.close();
    }

    /** @return device A to device B */
    public Direction aToB() {
        return aToB;
    }

    /** @return device B to device A */
    public Direction bToA() {
        return bToA;
    }

    /** @return device A */
    public TunDevice a() {
        return a;
    }

    /** @return device B */
    public TunDevice b() {
        return b;
    }
}
