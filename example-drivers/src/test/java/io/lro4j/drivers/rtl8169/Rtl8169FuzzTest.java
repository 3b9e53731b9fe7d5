package io.lro4j.drivers.rtl8169;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.lro4j.api.LroConfig;
import io.lro4j.api.header.FrameBuilder;
import io.lro4j.api.packet.Packet;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Coverage-guided fuzzing of the NIC model's receive path: any bytes or mangled TCP frames, any length up to
 * beyond a buffer, bad FCS or cut short, polls at any point with any budget, either era, mitigation on or
 * off. The chip's parser and the driver must never throw; every frame is received, missed or dropped by the
 * chip exactly once; every descriptor the driver takes is counted once; LRO sees exactly the frames counted
 * as received; nothing leaks.
 */
class Rtl8169FuzzTest {

    @FuzzTest(maxDuration = "60s")
    void fuzzNic(final FuzzedDataProvider data) {
        final Rtl8169Options options = Rtl8169Options.defaults()
                .withEra(data.consumeBoolean() ? DriverEra.MODERN : DriverEra.LINUX_2_6_18)
                .withIntrMitigate(data.consumeBoolean() ? 0x5151 : 0).withAcceptErrors(data.consumeBoolean())
                .withOffloads(data.consumeBoolean(), data.consumeBoolean());
        final BusAddressSpace bus = new BusAddressSpace();
        final Rtl8169Device device = new Rtl8169Device(bus);
        final List<Packet> delivered = new ArrayList<>();
        final Rtl8169Driver driver = new Rtl8169Driver(device, bus, LroConfig.builder().maxDescriptors(4).build(),
                delivered::add, options, (f, o, l, t) -> { });
        final CRC32 crc = new CRC32();
        int frames = 0;
        long now = 0;
        while (data.remainingBytes() > 2 && frames < 400) {
            if (data.consumeInt(0, 7) == 0) {
                driver.isr();
                if (driver.napiScheduled()) {
                    driver.poll(data.consumeInt(1, options.weight()));
                }
                continue;
            }
            final byte[] frame;
            if (data.consumeBoolean()) {
                frame = data.consumeBytes(data.consumeInt(0, 2000));
            } else {
                frame = new FrameBuilder().vlan(data.consumeBoolean() ? 3 : -1).seq(data.consumeInt())
                        .payloadLength(data.consumeInt(0, 3000)).toBytes();
                for (int i = 0, n = data.consumeInt(0, 4); i < n && frame.length > 0; i++) {
                    frame[data.consumeInt(0, frame.length - 1)] = data.consumeByte();
                }
            }
            final ByteBuffer b = ByteBuffer.wrap(frame);
            final int fcs = EthernetLink.fcs(crc, b, 0, frame.length) ^ (data.consumeInt(0, 9) == 0 ? 1 : 0);
            final int padding = data.consumeInt(0, 9) == 0 ? 0 : EthernetLink.padding(frame.length);
            now += data.consumeInt(0, 20_000);
            device.receive(b, 0, frame.length, padding, fcs, now);
            frames++;
        }
        while (device.irqAsserted() || driver.napiScheduled()) {
            driver.isr();
            while (driver.napiScheduled()) {
                driver.poll(options.weight());
            }
        }
        final Rtl8169Stats s = driver.stats();
        assertEquals(frames, device.rxFrames() + device.rxMissed() + device.droppedErrors(), "every frame once: " + s);
        assertEquals(s.get("rx_packets"), driver.lroStats().received(), "LRO saw exactly the frames received");
        assertEquals(driver.lroStats().delivered(), delivered.size());
        delivered.forEach(Packet::release);
        driver.close();
        assertEquals(0, driver.pool().outstanding(), "no packet leaked");
        assertEquals(0, bus.mappings(), "no DMA mapping leaked");
    }
}
