package io.lro4j.conformance;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What a {@link TrafficGenerator} made from a seed: frames and poll ends in arrival order.
 *
 * @param seed the seed it came from
 * @param events its frames and poll ends
 */
public record Traffic(long seed, List<TrafficEvent> events) {

    /** Copies the events. */
    public Traffic {
        events = List.copyOf(events);
    }

    /**
     * @param fewer other events (a shrunk case)
     * @return traffic with the same seed and those events
     */
    public Traffic withEvents(final List<TrafficEvent> fewer) {
        return new Traffic(seed, fewer);
    }

    /** @return the number of frames, poll ends excluded */
    public long frames() {
        return events.stream().filter(e -> !e.isPoll()).count();
    }

    /** @return one event per line, for failure reports */
    public String describe() {
        return events.stream().map(TrafficEvent::description).collect(Collectors.joining("\n    ", "    ", ""));
    }
}
