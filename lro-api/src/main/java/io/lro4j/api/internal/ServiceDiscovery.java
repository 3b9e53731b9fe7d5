package io.lro4j.api.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * Loads every provider of a service type once, surviving broken ones.
 *
 * <p>A {@link ServiceConfigurationError} from one provider (a missing class, a throwing constructor, a
 * bad services file) is recorded with its cause and discovery goes on, as SLF4J does. The caller creates the
 * {@link ServiceLoader} itself, because on the module path only a module that declares {@code uses} for a
 * service may load it; it should use the service type's own class loader, not the thread's context loader.
 * Providers are listed in name order so that the result does not depend on the class path order. Not part
 * of the public API.
 *
 * @param <S> the service type
 */
public final class ServiceDiscovery<S> {

    /** A provider that could not be loaded. */
    public record Failure(String description, Throwable cause) {
    }

    private static final int MAX_ERRORS = 256;

    private final List<S> providers;
    private final List<Failure> failures;

    private ServiceDiscovery(final List<S> providers, final List<Failure> failures) {
        this.providers = List.copyOf(providers);
        this.failures = List.copyOf(failures);
    }

    /**
     * Loads the providers a service loader finds.
     *
     * @param loader a loader created in the module that declares {@code uses} for the service, e.g.
     *     {@code ServiceLoader.load(Type.class, Type.class.getClassLoader())}
     * @param nameOf how to name a provider, for ordering
     * @param <S> the service type
     * @return the providers found and the failures met
     */
    public static <S> ServiceDiscovery<S> load(final ServiceLoader<S> loader, final Function<S, String> nameOf) {
        final List<S> found = new ArrayList<>();
        final List<Failure> failed = new ArrayList<>();
        final Iterator<S> it = loader.iterator();
        int errors = 0;
        while (errors < MAX_ERRORS) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                final S provider = it.next();
                final String name = nameOf.apply(provider);
                if (name == null || name.isBlank()) {
                    throw new ServiceConfigurationError(provider.getClass().getName() + " has no name");
                }
                found.add(provider);
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                errors++;
                failed.add(new Failure(describe(e), e));
            }
        }
        found.sort(Comparator.comparing(nameOf));
        return new ServiceDiscovery<>(found, failed);
    }

    private static String describe(final Throwable e) {
        final Throwable cause = e.getCause();
        return e.getMessage() + (cause != null && !cause.equals(e) ? " (" + cause + ")" : "");
    }

    /** @return the providers that loaded, in name order */
    public List<S> providers() {
        return providers;
    }

    /** @return the providers that failed to load, with their causes */
    public List<Failure> failures() {
        return failures;
    }
}
