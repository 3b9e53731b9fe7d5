package io.lro4j.drivers.rtl8169;

import java.util.Locale;

/**
 * Which Linux r8169 driver the model follows where they differ (research notes §4.3–§4.7).
 */
public enum DriverEra {
    /**
     * Linux 2.6.18, what the paper ran: 1536-byte buffers, frames of 200 bytes or more handed up zero-copy in
     * the ring's own buffer and the slot refilled after the poll ({@code dirty_rx}), smaller ones copied
     * ({@code rx_copybreak}); the loop bounded by {@code min(budget, 256 + dirty - cur)}; a 13-bit length;
     * {@code CHECKSUM_UNNECESSARY} also for a plain IP frame whose header checksum passed.
     */
    LINUX_2_6_18("2.6.18", 1536),
    /**
     * Today's {@code r8169_main.c}: one 16 KiB buffer per descriptor ({@code R8169_RX_BUF_SIZE = 16K - 1}),
     * every frame copied into a fresh packet and the descriptor re-armed at once, the loop bounded by
     * {@code min(budget, 256)}; a 14-bit length; {@code CHECKSUM_UNNECESSARY} only for TCP or UDP with no fail
     * bit at all.
     */
    MODERN("modern", 16 * 1024 - 1);

    private final String id;
    private final int rxBufferSize;

    DriverEra(final String id, final int rxBufferSize) {
        this.id = id;
        this.rxBufferSize = rxBufferSize;
    }

    /** @return the name used on the command line */
    public String id() {
        return id;
    }

    /** @return bytes per receive buffer ({@code rx_buf_sz}) at MTU 1500 */
    public int rxBufferSize() {
        return rxBufferSize;
    }

    /**
     * @param value {@code 2.6.18} or {@code modern}
     * @return the era
     * @throws IllegalArgumentException naming the setting for anything else
     */
    public static DriverEra parse(final String value) {
        for (final DriverEra e : values()) {
            if (e.id.equals(value.toLowerCase(Locale.ROOT))) {
                return e;
            }
        }
        throw new IllegalArgumentException("era must be 2.6.18 or modern, was '" + value + "'");
    }
}
