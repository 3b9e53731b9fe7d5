package io.lro4j.drivers.tun;

import io.lro4j.drivers.tun.internal.Syscalls;
import java.io.IOException;
import java.util.Arrays;

/**
 * Waits until one of a fixed set of {@link TunDevice}s has a packet to read ({@code poll(2)} for
 * {@code POLLIN}); allocates nothing per wait. One thread.
 */
public final class TunPoller {

    private final TunDevice[] devices;
    private final int[] fds;
    private final short[] revents;
    private final Syscalls sys;

    /**
     * @param devices 1 to 16 open devices
     */
    public TunPoller(final TunDevice... devices) {
        if (devices.length == 0 || devices.length > 16) {
            throw new IllegalArgumentException("a poller waits on 1 to 16 devices, was " + devices.length);
        }
        this.devices = Arrays.copyOf(devices, devices.length);
        this.fds = new int[devices.length];
        this.revents = new short[devices.length];
        this.sys = devices[0].syscalls();
    }

    /**
     * Waits.
     *
     * @param timeoutMillis the longest wait, -1 for ever
     * @return how many devices are readable (0 on timeout or a signal)
     * @throws IOException if poll fails
     */
    public int await(final int timeoutMillis) throws IOException {
        for (int k = 0; k < devices.length; k++) {
            fds[k] = devices[k].openFd();
        }
        final int r = sys.pollIn(fds, fds.length, revents, timeoutMillis);
        if (r < 0 && r != -Syscalls.EINTR) {
            throw new IOException("poll failed: " + TunDevice.describe(sys, -r));
        }
        if (r <= 0) {
            Arrays.fill(revents, (short) 0);
        }
        return Math.max(r, 0);
    }

    /**
     * @param index a device's index in the constructor's list
     * @return true if the last {@link #await} found it readable (or in error: a read then says why)
     */
    public boolean ready(final int index) {
        return revents[index] != 0;
    }
}
