package io.lro4j.cli;

import io.lro4j.api.EngineProvider;
import io.lro4j.api.Lro;
import io.lro4j.spi.Capability;
import io.lro4j.spi.DriverCapabilities;
import io.lro4j.spi.Drivers;
import io.lro4j.spi.LroDriverProvider;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code lro drivers}: the drivers and engines found with ServiceLoader, and any that failed to load. */
@Command(name = "drivers", mixinStandardHelpOptions = true,
        description = "Lists the LRO drivers and engines found on the class path or module path (ServiceLoader), "
                + "with their capabilities and availability, and the providers that failed to load.")
final class DriversCommand implements Callable<Integer> {

    @CommandLine.Spec
    @SuppressWarnings("NullAway.Init")
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        out.println("drivers:");
        for (final LroDriverProvider p : Drivers.all()) {
            final DriverCapabilities c = p.capabilities();
            out.printf(Locale.ROOT, "  %-12s %s%n", p.name(), p.description());
            out.printf(Locale.ROOT, "  %-12s capabilities: %s; max frame %d bytes%s%n", "",
                    c.features().stream().map(Capability::name).sorted().collect(Collectors.joining(", ")),
                    c.maxFrameLength(), c.maxFragments() > 0 ? "; " + c.maxFragments() + " fragments" : "");
            p.unavailabilityCause().ifPresent(cause -> out.printf(Locale.ROOT, "  %-12s UNAVAILABLE: %s%n", "", cause));
        }
        for (final Drivers.Failure f : Drivers.failures()) {
            out.println("  (failed to load) " + f.description());
        }
        out.println("engines:");
        for (final EngineProvider e : Lro.providers()) {
            out.printf(Locale.ROOT, "  %-12s priority %d%n", e.name(), e.priority());
        }
        out.flush();
        return 0;
    }
}
