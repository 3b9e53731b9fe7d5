package io.lro4j.drivers.rtl8169;

import java.util.Objects;

/**
 * How the r8169 driver model is set up: its {@link DriverEra era}, the module parameters and the device
 * features it turns on. {@link #defaults()} is Linux 2.6.18 as the paper ran it.
 *
 * @param era which driver to follow where they differ
 * @param rxCopybreak frames shorter than this many bytes are copied into a new packet and their buffer
 *     re-armed ({@code rx_copybreak}, 200; the modern driver copies every frame, so it ignores this)
 * @param weight the NAPI weight, the most descriptors one poll processes (64)
 * @param intrMitigate the {@code IntrMitigate} register value (0 = off, as 2.6.18 writes; 0x5151 is what
 *     2.6.28 wrote for 8168-class chips)
 * @param rxChecksum receive checksum offload ({@code CPlusCmd.RxChkSum}; on by default)
 * @param vlanExtraction hardware VLAN tag extraction ({@code CPlusCmd.RxVlan}; on by default)
 * @param acceptErrors deliver bad frames (CRC errors, runts) to the ring so the driver drops and counts them
 *     ({@code RxConfig.AcceptErr|AcceptRunt}); off, the chip drops them itself
 * @param device the ingress device id stamped on received packets
 */
public record Rtl8169Options(DriverEra era, int rxCopybreak, int weight, int intrMitigate, boolean rxChecksum,
        boolean vlanExtraction, boolean acceptErrors, int device) {

    /** {@code rx_copybreak}'s default. */
    public static final int DEFAULT_RX_COPYBREAK = 200;
    /** The r8169's NAPI weight. */
    public static final int DEFAULT_WEIGHT = 64;

    /**
     * Checks the values.
     *
     * @param era the era
     * @param rxCopybreak 0 to 16383
     * @param weight 1 to 256
     * @param intrMitigate 0 to 0xFFFF
     * @param rxChecksum checksum offload
     * @param vlanExtraction VLAN extraction
     * @param acceptErrors bad frames to the driver
     * @param device ingress device id
     */
    public Rtl8169Options {
        Objects.requireNonNull(era, "era");
        if (rxCopybreak < 0 || rxCopybreak > 0x3FFF) {
            throw new IllegalArgumentException("rxCopybreak must be between 0 and 16383 bytes, was " + rxCopybreak);
        }
        if (weight < 1 || weight > Rtl8169Driver.NUM_RX_DESC) {
            throw new IllegalArgumentException("weight (NAPI budget) must be between 1 and " + Rtl8169Driver.NUM_RX_DESC
                    + ", was " + weight);
        }
        if (intrMitigate < 0 || intrMitigate > 0xFFFF) {
            throw new IllegalArgumentException("intrMitigate is a 16-bit register, was 0x" + Integer.toHexString(intrMitigate));
        }
    }

    /** @return Linux 2.6.18's driver: copybreak 200, weight 64, no mitigation, checksum and VLAN offload on */
    public static Rtl8169Options defaults() {
        return new Rtl8169Options(DriverEra.LINUX_2_6_18, DEFAULT_RX_COPYBREAK, DEFAULT_WEIGHT, 0, true, true, true, 0);
    }

    /**
     * @param value the era
     * @return these options with it
     */
    public Rtl8169Options withEra(final DriverEra value) {
        return new Rtl8169Options(value, rxCopybreak, weight, intrMitigate, rxChecksum, vlanExtraction, acceptErrors, device);
    }

    /**
     * @param value {@code rx_copybreak}
     * @return these options with it
     */
    public Rtl8169Options withRxCopybreak(final int value) {
        return new Rtl8169Options(era, value, weight, intrMitigate, rxChecksum, vlanExtraction, acceptErrors, device);
    }

    /**
     * @param value the NAPI weight
     * @return these options with it
     */
    public Rtl8169Options withWeight(final int value) {
        return new Rtl8169Options(era, rxCopybreak, value, intrMitigate, rxChecksum, vlanExtraction, acceptErrors, device);
    }

    /**
     * @param value {@code IntrMitigate}
     * @return these options with it
     */
    public Rtl8169Options withIntrMitigate(final int value) {
        return new Rtl8169Options(era, rxCopybreak, weight, value, rxChecksum, vlanExtraction, acceptErrors, device);
    }

    /**
     * @param checksum receive checksum offload
     * @param vlan VLAN extraction
     * @return these options with them
     */
    public Rtl8169Options withOffloads(final boolean checksum, final boolean vlan) {
        return new Rtl8169Options(era, rxCopybreak, weight, intrMitigate, checksum, vlan, acceptErrors, device);
    }

    /**
     * @param value deliver bad frames to the driver
     * @return these options with it
     */
    public Rtl8169Options withAcceptErrors(final boolean value) {
        return new Rtl8169Options(era, rxCopybreak, weight, intrMitigate, rxChecksum, vlanExtraction, value, device);
    }
}
