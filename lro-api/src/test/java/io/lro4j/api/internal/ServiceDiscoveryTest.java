package io.lro4j.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ServiceDiscoveryTest {

    /** A service type; its services file lists two good providers, a missing class and a throwing one. */
    public interface Probe {
        String name();
    }

    public static final class Zeta implements Probe {
        @Override
        public String name() {
            return "zeta";
        }
    }

    public static final class Alpha implements Probe {
        @Override
        public String name() {
            return "alpha";
        }
    }

    public static final class Throwing implements Probe {
        public Throwing() {
            throw new IllegalStateException("no device here");
        }

        @Override
        public String name() {
            return "throwing";
        }
    }

    @Test
    @DisplayName("broken providers are skipped with their causes; the good ones load, in name order")
    void survivesBrokenProviders() {
        final ServiceDiscovery<Probe> d = ServiceDiscovery.load(
                java.util.ServiceLoader.load(Probe.class, Probe.class.getClassLoader()), Probe::name);
        assertEquals(List.of("alpha", "zeta"), d.providers().stream().map(Probe::name).toList());
        assertEquals(2, d.failures().size());
        assertTrue(d.failures().stream().anyMatch(f -> f.description().contains("DoesNotExist")), d.failures().toString());
        assertTrue(d.failures().stream().anyMatch(f -> f.description().contains("no device here")), d.failures().toString());
    }
}
