package io.lro4j.drivers.pcap;

import io.lro4j.api.LroConfig;
import io.lro4j.api.LroStats;
import io.lro4j.api.PacketSink;
import io.lro4j.api.packet.Packet;
import io.lro4j.spi.LroDriver;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Replays a capture through the {@link PcapReplayDriver} and writes what the stack would receive: frames
 * are fed in polls of {@code pollSize} frames, each poll ends with {@code flushAll()}, and every delivered
 * packet is written to the output capture with its receive timestamp (an aggregate carries its last
 * segment's). The output keeps the input's link type and timestamp resolution.
 *
 * <p>If the input turns out to be truncated or corrupt part-way, everything read before the fault is still
 * processed and written, and the fault is returned in {@link Result#inputError()}.
 */
public final class PcapReplay {

    /** Default frames per poll: NAPI's default budget. */
    public static final int DEFAULT_POLL = 64;

    /**
     * What a replay did.
     *
     * @param framesRead input records processed
     * @param packetsWritten output records written
     * @param bytesWritten output frame bytes written
     * @param polls polls ended
     * @param stats the engine's counters
     * @param inputError the fault that ended the input early, or null if it was read to the end
     */
    public record Result(long framesRead, long packetsWritten, long bytesWritten, long polls, LroStats stats,
            @Nullable PcapFormatException inputError) {
    }

    private PcapReplay() {
    }

    /**
     * Replays {@code in} into {@code out}.
     *
     * @param in the input capture
     * @param out the output capture (replaced)
     * @param config the LRO configuration
     * @param pollSize frames per poll, at least 1
     * @param maxFragments fragment capacity of the driver's packets, 0 for the default
     * @param progress receives the number of frames read every 65536 frames (may do nothing)
     * @return what happened
     * @throws PcapFormatException if the input is not a pcap file at all (nothing is written then)
     * @throws IOException if a file cannot be read or written
     */
    public static Result run(final Path in, final Path out, final LroConfig config, final int pollSize,
            final int maxFragments, final LongConsumer progress) throws IOException {
        if (pollSize < 1) {
            throw new IllegalArgumentException("poll must be at least 1 frame, was " + pollSize);
        }
        return run(in, out, (linkType, stack) -> new PcapReplayDriver(config, stack, linkType, 0, maxFragments),
                pollSize, progress);
    }

    /** Opens the driver a replay feeds, for the capture's link type. */
    @FunctionalInterface
    public interface DriverFactory {
        /**
         * @param linkType the capture's link type
         * @param stack where the driver delivers packets
         * @return the driver
         * @throws IllegalArgumentException if the driver cannot take frames of that link type
         */
        LroDriver open(LinkType linkType, PacketSink stack);
    }

    /**
     * Replays {@code in} into {@code out} through any driver: every frame goes to
     * {@link LroDriver#receiveFrame} with its capture timestamp; with {@code pollSize > 0} the replay ends a poll
     * every {@code pollSize} frames, with 0 it leaves polls to the driver (a NIC model whose polls follow its
     * interrupts) and only ends the last one.
     *
     * @param in the input capture
     * @param out the output capture (replaced)
     * @param factory opens the driver
     * @param pollSize frames per poll, or 0 for polls decided by the driver
     * @param progress receives the number of frames read every 65536 frames (may do nothing)
     * @return what happened; {@link Result#polls()} counts the polls the replay ended
     * @throws PcapFormatException if the input is not a pcap file at all (nothing is written then)
     * @throws IOException if a file cannot be read or written
     */
    public static Result run(final Path in, final Path out, final DriverFactory factory, final int pollSize,
            final LongConsumer progress) throws IOException {
        if (pollSize < 0) {
            throw new IllegalArgumentException("poll must be at least 1 frame, or 0 for polls decided by the driver, was "
                    + pollSize);
        }
        Objects.requireNonNull(progress, "progress");
        try (PcapReader reader = PcapReader.open(in);
                PcapWriter writer = PcapWriter.create(out, reader.linkType(), reader.nanosecond())) {
            final LroDriver driver = factory.open(reader.linkType(), p -> writeAndRelease(writer, p));
            PcapFormatException error = null;
            int inPoll = 0;
            long polls = 0;
            try {
                while (reader.next()) {
                    driver.receiveFrame(reader.data(), 0, reader.capturedLength(), reader.timestampNanos());
                    if (++inPoll == pollSize) {
                        driver.endPoll();
                        polls++;
                        inPoll = 0;
                    }
                    if ((reader.records() & 0xFFFF) == 0) {
                        progress.accept(reader.records());
                    }
                }
            } catch (PcapFormatException e) {
                error = e;
            }
            if (inPoll > 0) {
                driver.endPoll();
                polls++;
            }
            driver.close();
            return new Result(reader.records(), writer.packets(), writer.bytes(), polls, driver.lroStats(), error);
        }
    }

    private static void writeAndRelease(final PcapWriter writer, final Packet packet) {
        try {
            writer.write(packet);
        } finally {
            packet.release();
        }
    }
}
