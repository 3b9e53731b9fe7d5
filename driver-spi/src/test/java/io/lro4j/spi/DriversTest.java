package io.lro4j.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lro4j.api.LroConfig;
import io.lro4j.api.PacketSink;
import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Driver discovery: the services file lists a working provider, a missing class and a throwing one. */
class DriversTest {

    /** A working provider. */
    public static final class Fake implements LroDriverProvider {
        @Override
        public String name() {
            return "fake";
        }

        @Override
        public String description() {
            return "a test driver";
        }

        @Override
        public DriverCapabilities capabilities() {
            return new DriverCapabilities(EnumSet.of(Capability.IPV6), 17, 1518);
        }

        @Override
        public Optional<Throwable> unavailabilityCause() {
            return Optional.of(new IllegalStateException("no such device"));
        }

        @Override
        public LroDriver open(final LroConfig config, final PacketSink stack) {
            throw new IllegalStateException("unavailable");
        }
    }

    /** A provider whose constructor fails, as one needing a missing native library would. */
    public static final class Broken implements LroDriverProvider {
        public Broken() {
            throw new UnsatisfiedLinkError("libmissing.so");
        }

        @Override
        public String name() {
            return "broken";
        }

        @Override
        public String description() {
            return "";
        }

        @Override
        public DriverCapabilities capabilities() {
            return new DriverCapabilities(EnumSet.noneOf(Capability.class), 0, 60);
        }

        @Override
        public LroDriver open(final LroConfig config, final PacketSink stack) {
            throw new IllegalStateException();
        }
    }

    @Test
    @DisplayName("broken providers are skipped and reported; the working one is found by name")
    void discovery() {
        assertEquals(1, Drivers.all().size());
        assertEquals("fake", Drivers.require("fake").name());
        assertTrue(Drivers.find("fake").orElseThrow().capabilities().has(Capability.IPV6));
        assertEquals("no such device", Drivers.require("fake").conformanceHarnessUnavailabilityCause().orElseThrow().getMessage(),
                "by default, the harness is unavailable for the driver's own reason");
        assertEquals(2, Drivers.failures().size(), Drivers.failures().toString());
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Drivers.require("tun"));
        assertTrue(e.getMessage().contains("available: [fake]") && e.getMessage().contains("failed to load"),
                e.getMessage());
    }

    @Test
    @DisplayName("capabilities are checked and copied")
    void capabilities() {
        assertThrows(IllegalArgumentException.class,
                () -> new DriverCapabilities(EnumSet.noneOf(Capability.class), -1, 1518));
        assertThrows(IllegalArgumentException.class,
                () -> new DriverCapabilities(EnumSet.noneOf(Capability.class), 0, 10));
    }
}
