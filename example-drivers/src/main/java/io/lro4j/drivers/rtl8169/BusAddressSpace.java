package io.lro4j.drivers.rtl8169;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The host memory a PCI device reaches by DMA: the driver maps a buffer ({@code pci_map_single}) and gets
 * the 64-bit bus address it writes into a descriptor; the device resolves that address back to the buffer
 * and writes frames there. An address the driver has not mapped (or has unmapped) resolves to nothing: the
 * model's equivalent of an IOMMU fault, which the device reports instead of writing.
 *
 * <p>Addresses are {@code BASE + slot << SLOT_SHIFT + offset}: each mapping owns a 1 MiB window, so an
 * address inside a buffer and an address past its end are told apart. Mapping and unmapping reuse slots
 * and allocate nothing at steady state.
 */
public final class BusAddressSpace {

    /** The first bus address handed out (above 4 GiB, as with {@code PCIDAC}). */
    public static final long BASE = 0x1_0000_0000L;
    /** log2 of each mapping's address window. */
    public static final int SLOT_SHIFT = 20;

    private @Nullable ByteBuffer[] mapped = new ByteBuffer[64];
    private int[] free = new int[64];
    private int freeCount;
    private int used;

    /** Creates an empty address space. */
    public BusAddressSpace() {
        // slots are created on demand
    }

    /**
     * Maps a buffer for DMA.
     *
     * @param buffer the buffer, at most 1 MiB
     * @return its bus address (its byte 0)
     */
    public long map(final ByteBuffer buffer) {
        if (buffer.capacity() > (1 << SLOT_SHIFT)) {
            throw new IllegalArgumentException("a DMA buffer is at most 1 MiB, was " + buffer.capacity());
        }
        final int slot;
        if (freeCount > 0) {
            slot = free[--freeCount];
        } else {
            if (used == mapped.length) {
                mapped = Arrays.copyOf(mapped, used * 2);
                free = Arrays.copyOf(free, used * 2);
            }
            slot = used++;
        }
        mapped[slot] = buffer;
        return BASE + ((long) slot << SLOT_SHIFT);
    }

    /**
     * Unmaps the buffer mapped at {@code address}.
     *
     * @param address an address {@link #map} returned
     * @throws IllegalArgumentException if nothing is mapped there
     */
    public void unmap(final long address) {
        final int slot = slot(address);
        if (slot < 0 || mapped[slot] == null || (address & ((1L << SLOT_SHIFT) - 1)) != 0) {
            throw new IllegalArgumentException("no DMA mapping at 0x" + Long.toHexString(address));
        }
        mapped[slot] = null;
        free[freeCount++] = slot;
    }

    /**
     * Resolves a bus address.
     *
     * @param address a bus address, possibly inside a mapping
     * @return the mapped buffer, or null if the address is not mapped
     */
    public @Nullable ByteBuffer resolve(final long address) {
        final int slot = slot(address);
        return slot < 0 ? null : mapped[slot];
    }

    /**
     * @param address a bus address inside a mapping
     * @return its offset into the mapped buffer
     */
    public static int offsetOf(final long address) {
        return (int) (address & ((1L << SLOT_SHIFT) - 1));
    }

    /** @return buffers mapped now */
    public int mappings() {
        return used - freeCount;
    }

    private int slot(final long address) {
        final long rel = address - BASE;
        if (rel < 0) {
            return -1;
        }
        final long slot = rel >>> SLOT_SHIFT;
        return slot < used ? (int) slot : -1;
    }
}
