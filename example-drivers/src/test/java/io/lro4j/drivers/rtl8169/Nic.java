package io.lro4j.drivers.rtl8169;

import io.lro4j.api.LroConfig;
import io.lro4j.api.header.FrameBuilder;
import io.lro4j.api.packet.Packet;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * A chip and its driver wired together without a host, for unit tests: frames go straight to the chip,
 * the test takes the interrupt and runs polls itself, and delivered packets are kept as bytes.
 */
final class Nic {

    final BusAddressSpace bus = new BusAddressSpace();
    final Rtl8169Device device = new Rtl8169Device(bus);
    final Rtl8169Driver driver;
    final List<Packet> delivered = new ArrayList<>();
    final List<byte[]> sent = new ArrayList<>();
    private final CRC32 crc = new CRC32();
    long now = 1_000;

    Nic(final Rtl8169Options options) {
        this(options, LroConfig.defaults());
    }

    Nic(final Rtl8169Options options, final LroConfig config) {
        this.driver = new Rtl8169Driver(device, bus, config, delivered::add, options, (f, o, l, t) -> {
            final byte[] b = new byte[l];
            f.get(o, b);
            sent.add(b);
        });
    }

    /** A whole frame from the wire, its sender's padding and a correct FCS. */
    Nic frame(final byte[] frame) {
        now += 1_000;
        device.receive(ByteBuffer.wrap(frame), 0, frame.length, EthernetLink.padding(frame.length),
                EthernetLink.fcs(crc, ByteBuffer.wrap(frame), 0, frame.length), now);
        return this;
    }

    Nic frame(final FrameBuilder frame) {
        return frame(frame.toBytes());
    }

    /** A frame with a wrong FCS. */
    Nic badFcs(final byte[] frame) {
        now += 1_000;
        device.receive(ByteBuffer.wrap(frame), 0, frame.length, EthernetLink.padding(frame.length),
                ~EthernetLink.fcs(crc, ByteBuffer.wrap(frame), 0, frame.length), now);
        return this;
    }

    /** A collision fragment: the bytes, no padding. */
    Nic fragment(final byte[] frame) {
        now += 1_000;
        device.receive(ByteBuffer.wrap(frame), 0, frame.length, 0, EthernetLink.fcs(crc, ByteBuffer.wrap(frame), 0,
                frame.length), now);
        return this;
    }

    /** Takes the interrupt and polls once with the full budget; returns the work done. */
    int interruptAndPoll() {
        driver.isr();
        return driver.poll(driver.options().weight());
    }

    /** Takes interrupts and polls until the driver completes with interrupts unmasked. */
    Nic drain() {
        while (device.irqAsserted() || driver.napiScheduled()) {
            if (!driver.napiScheduled()) {
                driver.isr();
            }
            while (driver.napiScheduled()) {
                driver.poll(driver.options().weight());
            }
        }
        return this;
    }

    List<byte[]> deliveredBytes() {
        final List<byte[]> out = new ArrayList<>();
        for (final Packet p : delivered) {
            out.add(p.toByteArray());
        }
        return out;
    }

    Rtl8169Stats stats() {
        return driver.stats();
    }
}
