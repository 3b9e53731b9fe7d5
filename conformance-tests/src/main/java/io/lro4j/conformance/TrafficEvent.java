package io.lro4j.conformance;

import org.jspecify.annotations.Nullable;

/**
 * One event of generated {@link Traffic}: a frame arriving, or the end of a poll.
 *
 * @param frame the frame's bytes, link-layer header first, or null at the end of a poll
 * @param description what it is, for failure reports
 */
@SuppressWarnings("ArrayRecordComponent") // test data, never compared or hashed
public record TrafficEvent(byte @Nullable [] frame, String description) {

    private static final TrafficEvent POLL = new TrafficEvent(null, "--- end of poll");

    /**
     * @param frame a frame's bytes
     * @param description what it is
     * @return the event of that frame arriving
     */
    public static TrafficEvent frame(final byte[] frame, final String description) {
        return new TrafficEvent(frame, description);
    }

    /** @return the end of a poll */
    public static TrafficEvent poll() {
        return POLL;
    }

    /** @return true at the end of a poll */
    public boolean isPoll() {
        return frame == null;
    }
}
