package io.lro4j.api.packet;

import io.lro4j.api.header.EthernetHeader;
import io.lro4j.api.header.InternetChecksum;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A received packet: lro4j's model of Linux's {@code struct sk_buff}, mutable and pooled.
 *
 * <p>The packet's bytes are, in order: a linear <b>head</b> (buffer, offset, length), up to
 * {@link #maxFragments()} page <b>fragments</b> (Linux's {@code skb_shinfo(skb)->frags}, 17 by default
 * like {@code MAX_SKB_FRAGS}), then the bytes of every packet on its <b>frag list</b>
 * ({@code skb_shinfo(skb)->frag_list}), which is what skb-mode LRO builds. Byte 0 of the packet (its
 * "data start") is the first byte of the head, or of the first fragment when the head is empty; header
 * offsets ({@link #macHeader()}, {@link #networkHeader()}, {@link #transportHeader()}) count from there.
 *
 * <pre>
 *   head ─────────────── frags[0] ── frags[1] ── … ── fragList ─► next ─► next
 *   [mac|ip|tcp|data]    [data]      [data]           [data]      [data]   [data]
 * </pre>
 *
 * <p>Metadata follows the skb: checksum state ({@code ip_summed}, {@code csum}, {@code csum_start},
 * {@code csum_offset}), hardware VLAN tag, rx hash, ingress device, GSO information and a receive
 * timestamp in nanoseconds.
 *
 * <p>Ownership: each piece may carry a {@link BufferRecycler}; {@link #release()} hands every piece back
 * to its recycler, releases the frag list and returns the packet to its {@link PacketPool}. Whoever holds
 * a packet releases it exactly once. Buffers must be big-endian; all access is absolute. A packet is not
 * thread-safe.
 */
public final class Packet {

    /** Default fragment capacity, as Linux's {@code MAX_SKB_FRAGS}. */
    public static final int DEFAULT_MAX_FRAGMENTS = 17;
    /** Bytes of the destination and source MAC addresses, after which a VLAN tag goes. */
    public static final int MAC_ADDRESSES_LENGTH = 2 * EthernetHeader.ADDRESS_LENGTH;
    /** Bytes of an 802.1Q tag (TPID and TCI). */
    public static final int VLAN_TAG_LENGTH = EthernetHeader.VLAN_TAG_LENGTH;

    /** GSO flag: the segments carried CWR/ECN (Linux {@code SKB_GSO_TCP_ECN}). */
    public static final int GSO_ECN = 1;
    /** GSO flag: every segment carried the same IPv4 ID (Linux {@code SKB_GSO_TCP_FIXEDID}). */
    public static final int GSO_FIXED_ID = 2;
    /**
     * GSO flag: merged under relaxed (inet_lro) rules. The segments' ACKs, windows or timestamps were not
     * all equal, so the packet must not be forwarded and re-segmenting it does not restore the original
     * segments (Linux detects such packets with {@code skb_warn_if_lro}).
     */
    public static final int GSO_LRO = 4;

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final @Nullable PacketPool pool;
    private boolean released;

    private ByteBuffer head = EMPTY;
    private int headOffset;
    private int headLength;
    private @Nullable BufferRecycler headRecycler;

    private static final ByteBuffer[] NO_BUFFERS = new ByteBuffer[0];
    private static final int[] NO_INTS = new int[0];
    private static final BufferRecycler[] NO_RECYCLERS = new BufferRecycler[0];

    /** Fragment capacity; the arrays below are allocated when the first fragment is added, then kept. */
    private final int maxFragments;
    private ByteBuffer[] fragBuffers = NO_BUFFERS;
    private int[] fragOffsets = NO_INTS;
    private int[] fragLengths = NO_INTS;
    private @Nullable BufferRecycler[] fragRecyclers = NO_RECYCLERS;
    private int fragCount;
    private int fragBytes;

    private @Nullable Packet fragList;
    private @Nullable Packet fragListTail;
    private @Nullable Packet next;
    private int fragListBytes;

    private ChecksumState checksumState = ChecksumState.NONE;
    private int checksumValue;
    private int checksumStart;
    private int checksumOffset;
    private boolean checksumBad;
    private int vlanTci;
    private boolean vlanPresent;
    private int rxHash;
    private int ingressDevice;
    private GsoType gsoType = GsoType.NONE;
    private int gsoSize;
    private int gsoSegments;
    private int gsoFlags;
    private long timestampNanos;
    private int protocol;
    private int macHeader = -1;
    private int networkHeader = -1;
    private int transportHeader = -1;

    /**
     * Creates an unpooled packet; {@link #release()} then only recycles its pieces.
     *
     * @param maxFragments page fragment capacity (1 to 65535)
     */
    public Packet(final int maxFragments) {
        this(null, maxFragments);
    }

    Packet(final @Nullable PacketPool pool, final int maxFragments) {
        if (maxFragments < 1 || maxFragments > 0xFFFF) {
            throw new IllegalArgumentException("maxFragments must be between 1 and 65535, was " + maxFragments);
        }
        this.pool = pool;
        this.maxFragments = maxFragments;
    }

    // ------------------------------------------------------------------------------------------ head

    /** @return the buffer of the linear head (an empty buffer when there is none) */
    public ByteBuffer headBuffer() {
        return head;
    }

    /** @return absolute index of the head's first byte in {@link #headBuffer()} */
    public int headOffset() {
        return headOffset;
    }

    /** @return bytes in the linear head */
    public int headLength() {
        return headLength;
    }

    /** @return bytes the head can hold from {@link #headOffset()} to the end of its buffer */
    public int headCapacity() {
        return head.capacity() - headOffset;
    }

    /**
     * Replaces the linear head; the previous head goes back to its recycler.
     *
     * @param buffer a big-endian buffer
     * @param offset absolute index of the first byte
     * @param length bytes of data
     * @param recycler owner of {@code buffer}, or null if nobody needs it back
     * @return this packet
     */
    public Packet setHead(final ByteBuffer buffer, final int offset, final int length,
            final @Nullable BufferRecycler recycler) {
        checkBigEndian(buffer);
        Objects.checkFromIndexSize(offset, length, buffer.capacity());
        recycleHead();
        head = buffer;
        headOffset = offset;
        headLength = length;
        headRecycler = recycler;
        return this;
    }

    /**
     * Sets how many bytes of the head hold data, after a driver wrote them into {@link #headBuffer()}
     * from {@link #headOffset()} on (Linux's {@code skb_put}).
     *
     * @param length bytes of data in the head
     * @return this packet
     */
    public Packet headLength(final int length) {
        if (length < 0 || length > headCapacity()) {
            throw new IndexOutOfBoundsException("head length " + length + " outside 0.." + headCapacity());
        }
        headLength = length;
        return this;
    }

    /**
     * Copies bytes into the head, replacing its content: what a NIC's DMA does into a posted buffer.
     *
     * @param source a buffer to copy from
     * @param offset absolute index of the first byte to copy
     * @param length bytes to copy; at most {@link #headCapacity()}
     * @return this packet
     */
    public Packet putHead(final ByteBuffer source, final int offset, final int length) {
        if (length > headCapacity()) {
            throw new IndexOutOfBoundsException("frame of " + length + " bytes does not fit a head of "
                    + headCapacity() + " bytes");
        }
        head.put(headOffset, source, offset, length);
        headLength = length;
        return this;
    }

    /**
     * Removes {@code bytes} from the front of the head (Linux's {@code skb_pull}). Header offsets are not
     * adjusted.
     *
     * @param bytes bytes to remove, at most {@link #headLength()}
     * @return this packet
     */
    public Packet pull(final int bytes) {
        if (bytes < 0 || bytes > headLength) {
            throw new IndexOutOfBoundsException("cannot pull " + bytes + " bytes from a head of " + headLength);
        }
        headOffset += bytes;
        headLength -= bytes;
        return this;
    }

    // ------------------------------------------------------------------------------------- fragments

    /** @return number of page fragments */
    public int fragmentCount() {
        return fragCount;
    }

    /** @return page fragment capacity */
    public int maxFragments() {
        return maxFragments;
    }

    /**
     * @param index fragment index
     * @return the buffer of fragment {@code index}
     */
    public ByteBuffer fragmentBuffer(final int index) {
        return fragBuffers[Objects.checkIndex(index, fragCount)];
    }

    /**
     * @param index fragment index
     * @return absolute index of fragment {@code index}'s first byte
     */
    public int fragmentOffset(final int index) {
        return fragOffsets[Objects.checkIndex(index, fragCount)];
    }

    /**
     * @param index fragment index
     * @return bytes in fragment {@code index}
     */
    public int fragmentLength(final int index) {
        return fragLengths[Objects.checkIndex(index, fragCount)];
    }

    /**
     * Appends a page fragment.
     *
     * @param buffer a big-endian buffer
     * @param offset absolute index of the first byte
     * @param length bytes, at least 1
     * @param recycler owner of {@code buffer}, or null
     * @return this packet
     * @throws IllegalStateException if the packet already holds {@link #maxFragments()} fragments
     */
    public Packet addFragment(final ByteBuffer buffer, final int offset, final int length,
            final @Nullable BufferRecycler recycler) {
        checkBigEndian(buffer);
        Objects.checkFromIndexSize(offset, length, buffer.capacity());
        if (length < 1) {
            throw new IllegalArgumentException("a fragment holds at least one byte");
        }
        if (fragCount == maxFragments) {
            throw new IllegalStateException("packet has no room for another fragment (maxFragments "
                    + maxFragments + ")");
        }
        putFragment(buffer, offset, length, recycler);
        return this;
    }

    private void putFragment(final ByteBuffer buffer, final int offset, final int length,
            final @Nullable BufferRecycler recycler) {
        if (fragBuffers.length == 0) {
            // Most packets never get a fragment (every linear packet, every skb-mode segment): their arrays
            // are made on first use, which keeps pooled packets small and cache-friendly.
            fragBuffers = new ByteBuffer[maxFragments];
            fragOffsets = new int[maxFragments];
            fragLengths = new int[maxFragments];
            fragRecyclers = new BufferRecycler[maxFragments];
        }
        final int i = fragCount++;
        fragBuffers[i] = buffer;
        fragOffsets[i] = offset;
        fragLengths[i] = length;
        fragRecyclers[i] = recycler;
        fragBytes += length;
    }

    /**
     * The number of fragment slots the data of this packet from {@code dataOffset} on would take as page
     * fragments (see {@link #appendFragmentsFrom}).
     *
     * @param dataOffset an offset from the data start
     * @return pieces that hold at least one byte at or after {@code dataOffset}
     */
    public int piecesFrom(final int dataOffset) {
        if (fragCount == 0 && fragList == null) {
            return dataOffset < headLength ? 1 : 0;
        }
        int skip = dataOffset;
        int pieces = 0;
        if (headLength > 0) {
            if (skip < headLength) {
                pieces++;
                skip = 0;
            } else {
                skip -= headLength;
            }
        }
        for (int i = 0; i < fragCount; i++) {
            if (skip < fragLengths[i]) {
                pieces++;
                skip = 0;
            } else {
                skip -= fragLengths[i];
            }
        }
        for (Packet m = fragList; m != null; m = m.next) {
            final int before = m.length();
            pieces += m.piecesFrom(skip);
            skip = Math.max(0, skip - before);
        }
        return pieces;
    }

    /**
     * Moves the data of {@code donor} from {@code dataOffset} on into this packet's page fragments, with
     * ownership of the buffers, and releases {@code donor}. This is page-mode aggregation: no byte is
     * copied.
     *
     * @param donor a packet that is not this one and not on any frag list
     * @param dataOffset offset from the donor's data start of the first byte to move
     * @return the number of fragments appended
     * @throws IllegalStateException if the fragments would not fit; nothing is moved then
     */
    public int appendFragmentsFrom(final Packet donor, final int dataOffset) {
        if (donor == this) {
            throw new IllegalArgumentException("a packet cannot donate its data to itself");
        }
        if (donor.fragCount == 0 && donor.fragList == null && dataOffset < donor.headLength) {
            // A linear donor, the common case: its head from dataOffset on becomes one fragment.
            if (fragCount == maxFragments) {
                throw new IllegalStateException("moving 1 piece would exceed maxFragments " + maxFragments);
            }
            putFragment(donor.head, donor.headOffset + dataOffset, donor.headLength - dataOffset, donor.headRecycler);
            donor.headRecycler = null;
            donor.release();
            return 1;
        }
        final int needed = donor.piecesFrom(dataOffset);
        if (fragCount + needed > maxFragments) {
            throw new IllegalStateException("moving " + needed + " pieces would exceed maxFragments "
                    + maxFragments + " (" + fragCount + " in use)");
        }
        final int before = fragCount;
        takePieces(donor, dataOffset);
        donor.release();
        return fragCount - before;
    }

    /** Moves donor's pieces after {@code skip} bytes; returns the bytes of {@code skip} still to skip. */
    private int takePieces(final Packet donor, final int skip) {
        int s = skip;
        if (donor.headLength > 0) {
            if (s < donor.headLength) {
                putFragment(donor.head, donor.headOffset + s, donor.headLength - s, donor.headRecycler);
                donor.headRecycler = null;
                s = 0;
            } else {
                s -= donor.headLength;
            }
        }
        for (int i = 0; i < donor.fragCount; i++) {
            final int len = donor.fragLengths[i];
            if (s < len) {
                putFragment(donor.fragBuffers[i], donor.fragOffsets[i] + s, len - s, donor.fragRecyclers[i]);
                donor.fragRecyclers[i] = null;
                s = 0;
            } else {
                s -= len;
            }
        }
        for (Packet m = donor.fragList; m != null; m = m.next) {
            s = takePieces(m, s);
        }
        return s;
    }

    // ------------------------------------------------------------------------------------- frag list

    /** @return the first packet on the frag list, or null */
    public @Nullable Packet fragList() {
        return fragList;
    }

    /** @return the next packet on the frag list this packet belongs to, or null */
    public @Nullable Packet next() {
        return next;
    }

    /**
     * Chains {@code member} at the end of the frag list (skb-mode aggregation). The member must not be
     * changed afterwards; it is released with this packet.
     *
     * @param member a packet on no other list, not this one
     * @return this packet
     */
    public Packet appendToFragList(final Packet member) {
        if (member == this || member.next != null || member == fragListTail) {
            throw new IllegalArgumentException("packet is already on a frag list");
        }
        final Packet tail = fragListTail;
        if (tail == null) {
            fragList = member;
        } else {
            tail.next = member;
        }
        fragListTail = member;
        fragListBytes += member.length();
        return this;
    }

    // ---------------------------------------------------------------------------------------- totals

    /** @return total bytes: head, fragments and frag list */
    public int length() {
        return headLength + fragBytes + fragListBytes;
    }

    /** @return bytes outside the head (Linux's {@code data_len}) */
    public int dataLength() {
        return fragBytes + fragListBytes;
    }

    /** @return true if the packet has page fragments or a frag list (Linux's {@code skb_is_nonlinear}) */
    public boolean isFragmented() {
        return fragCount > 0 || fragList != null;
    }

    // ---------------------------------------------------------------------------------- bulk access

    /**
     * Hands every non-empty piece to {@code consumer} in data order.
     *
     * @param consumer receives each piece
     */
    public void forEachPiece(final PieceConsumer consumer) {
        if (headLength > 0) {
            consumer.accept(head, headOffset, headLength);
        }
        for (int i = 0; i < fragCount; i++) {
            consumer.accept(fragBuffers[i], fragOffsets[i], fragLengths[i]);
        }
        for (Packet m = fragList; m != null; m = m.next) {
            m.forEachPiece(consumer);
        }
    }

    /**
     * Copies all bytes of the packet into {@code target} at {@code index}.
     *
     * @param target destination buffer
     * @param index absolute index in {@code target}
     * @return bytes copied ({@link #length()})
     */
    public int copyTo(final ByteBuffer target, final int index) {
        Objects.checkFromIndexSize(index, length(), target.capacity());
        copyRangeOfPieces(0, length(), target, index);
        return length();
    }


    /**
     * Copies {@code length} bytes starting {@code dataOffset} bytes after the data start into
     * {@code target}, whichever pieces hold them (Linux's {@code skb_copy_bits}).
     *
     * @param dataOffset offset of the first byte from the data start
     * @param length bytes to copy
     * @param target destination buffer
     * @param index absolute index in {@code target}
     */
    public void copyRange(final int dataOffset, final int length, final ByteBuffer target, final int index) {
        Objects.checkFromIndexSize(dataOffset, length, length());
        Objects.checkFromIndexSize(index, length, target.capacity());
        copyRangeOfPieces(dataOffset, length, target, index);
    }

    /** Copies from this packet's pieces; returns how much of {@code skip} is left for later pieces. */
    private int copyRangeOfPieces(final int skip, final int length, final ByteBuffer target, final int index) {
        int s = skip;
        int at = index;
        int left = length;
        if (headLength > 0 && left > 0) {
            if (s < headLength) {
                final int n = Math.min(headLength - s, left);
                target.put(at, head, headOffset + s, n);
                at += n;
                left -= n;
                s = 0;
            } else {
                s -= headLength;
            }
        }
        for (int i = 0; i < fragCount && left > 0; i++) {
            if (s < fragLengths[i]) {
                final int n = Math.min(fragLengths[i] - s, left);
                target.put(at, fragBuffers[i], fragOffsets[i] + s, n);
                at += n;
                left -= n;
                s = 0;
            } else {
                s -= fragLengths[i];
            }
        }
        for (Packet m = fragList; m != null && left > 0; m = m.next) {
            final int len = m.length();
            if (s < len) {
                final int n = Math.min(len - s, left);
                m.copyRangeOfPieces(s, n, target, at);
                at += n;
                left -= n;
                s = 0;
            } else {
                s -= len;
            }
        }
        return s;
    }

    /**
     * The Internet checksum partial sum of {@code length} bytes starting {@code offset} bytes after the
     * data start, wherever they lie (Linux's {@code skb_checksum}). A piece that starts at an odd position
     * of the range has its sum byte-swapped before it is added ({@code csum_block_add}).
     *
     * @param offset offset of the first byte from the data start
     * @param length bytes to sum
     * @return the unfolded sum; fold it with {@link InternetChecksum#fold(long)}
     */
    public long checksum(final int offset, final int length) {
        Objects.checkFromIndexSize(offset, length, length());
        long sum = 0;
        int done = 0;
        int skip = offset;
        int left = length;
        if (headLength > 0) {
            if (skip < headLength) {
                final int n = Math.min(headLength - skip, left);
                sum += blockSum(head, headOffset + skip, n, done);
                done += n;
                left -= n;
                skip = 0;
            } else {
                skip -= headLength;
            }
        }
        for (int i = 0; i < fragCount && left > 0; i++) {
            if (skip < fragLengths[i]) {
                final int n = Math.min(fragLengths[i] - skip, left);
                sum += blockSum(fragBuffers[i], fragOffsets[i] + skip, n, done);
                done += n;
                left -= n;
                skip = 0;
            } else {
                skip -= fragLengths[i];
            }
        }
        for (Packet m = fragList; m != null && left > 0; m = m.next) {
            final int len = m.length();
            if (skip < len) {
                final int n = Math.min(len - skip, left);
                final int part = InternetChecksum.fold(m.checksum(skip, n));
                sum += (done & 1) != 0 ? InternetChecksum.swapBytes(part) : part;
                done += n;
                left -= n;
                skip = 0;
            } else {
                skip -= len;
            }
        }
        return sum;
    }

    private static int blockSum(final ByteBuffer buffer, final int offset, final int length, final int position) {
        final int part = InternetChecksum.fold(InternetChecksum.sum(buffer, offset, length, 0));
        return (position & 1) != 0 ? InternetChecksum.swapBytes(part) : part;
    }

    /** @return a new array with all bytes of the packet (allocates: not for the per-packet path) */
    public byte[] toByteArray() {
        final byte[] bytes = new byte[length()];
        copyTo(ByteBuffer.wrap(bytes), 0);
        return bytes;
    }

    /**
     * The Ethernet frame as it was on the wire, as a capture shows it: all bytes of the packet with a
     * hardware-extracted VLAN tag ({@link #hasVlanTag()}) put back as an 802.1Q tag after the two MAC
     * addresses; without one, {@link #toByteArray()}. Allocates: not for the per-packet path.
     *
     * @return a new array
     */
    public byte[] toFrameBytes() {
        if (!hasVlanTag() || length() < MAC_ADDRESSES_LENGTH) {
            return toByteArray();
        }
        final byte[] bytes = new byte[length() + VLAN_TAG_LENGTH];
        final ByteBuffer b = ByteBuffer.wrap(bytes);
        copyRange(0, MAC_ADDRESSES_LENGTH, b, 0);
        b.putShort(MAC_ADDRESSES_LENGTH, (short) EthernetHeader.TPID_8021Q).putShort(MAC_ADDRESSES_LENGTH + 2, (short) vlanTci);
        copyRange(MAC_ADDRESSES_LENGTH, length() - MAC_ADDRESSES_LENGTH, b, MAC_ADDRESSES_LENGTH + VLAN_TAG_LENGTH);
        return bytes;
    }

    /**
     * Reads one byte by its offset from the data start, whichever piece holds it.
     *
     * @param index offset from the data start
     * @return the byte
     */
    public byte getByte(final int index) {
        Objects.checkIndex(index, length());
        int i = index;
        if (i < headLength) {
            return head.get(headOffset + i);
        }
        i -= headLength;
        for (int f = 0; f < fragCount; f++) {
            if (i < fragLengths[f]) {
                return fragBuffers[f].get(fragOffsets[f] + i);
            }
            i -= fragLengths[f];
        }
        for (Packet m = fragList; m != null; m = m.next) {
            final int len = m.length();
            if (i < len) {
                return m.getByte(i);
            }
            i -= len;
        }
        throw new IllegalStateException("packet length bookkeeping is inconsistent");
    }

    /**
     * Makes the packet linear (Linux's {@code skb_linearize}): the fragments and frag list are copied into
     * the head's tailroom when it fits and the head is owned, otherwise the whole packet is copied into a
     * new head from {@code pool}. Released pieces go back to their recyclers.
     *
     * @param pool where a new head comes from
     * @return bytes copied: 0 for a linear packet, else the non-linear bytes or the whole packet
     */
    public int linearize(final BufferPool pool) {
        if (!isFragmented()) {
            return 0;
        }
        final int total = length();
        final int nonLinear = total - headLength;
        final int copied;
        if (headRecycler != null && !head.isReadOnly()
                && head.capacity() - (headOffset + headLength) >= nonLinear) {
            copyRangeOfPieces(headLength, nonLinear, head, headOffset + headLength);
            copied = nonLinear;
        } else {
            final ByteBuffer linear = pool.acquire(total);
            copyRangeOfPieces(0, total, linear, 0);
            recycleHead();
            head = linear;
            headOffset = 0;
            headRecycler = pool;
            copied = total;
        }
        dropNonLinear();
        headLength = total;
        return copied;
    }

    // ------------------------------------------------------------------------------------- metadata

    /** @return the checksum state ({@code ip_summed}) */
    public ChecksumState checksumState() {
        return checksumState;
    }

    /**
     * @param state the checksum state
     * @return this packet
     */
    public Packet checksumState(final ChecksumState state) {
        this.checksumState = Objects.requireNonNull(state, "state");
        return this;
    }

    /** @return for {@link ChecksumState#COMPLETE}: the 16-bit ones' complement sum from the network header on */
    public int checksumValue() {
        return checksumValue;
    }

    /**
     * @param value the 16-bit sum of a {@link ChecksumState#COMPLETE} packet
     * @return this packet
     */
    public Packet checksumValue(final int value) {
        this.checksumValue = value & 0xFFFF;
        return this;
    }

    /** @return for {@link ChecksumState#PARTIAL}: offset from the data start where checksumming starts */
    public int checksumStart() {
        return checksumStart;
    }

    /** @return for {@link ChecksumState#PARTIAL}: offset from {@link #checksumStart()} of the checksum field */
    public int checksumOffset() {
        return checksumOffset;
    }

    /**
     * Sets where a {@link ChecksumState#PARTIAL} checksum is to be computed.
     *
     * @param start offset from the data start
     * @param offset offset of the field from {@code start}
     * @return this packet
     */
    public Packet checksumPartial(final int start, final int offset) {
        this.checksumStart = start;
        this.checksumOffset = offset;
        return this;
    }

    /** @return true if the driver found the transport checksum wrong (Linux's {@code csum_bad}) */
    public boolean checksumBad() {
        return checksumBad;
    }

    /**
     * @param bad true if the transport checksum is known to be wrong
     * @return this packet
     */
    public Packet checksumBad(final boolean bad) {
        this.checksumBad = bad;
        return this;
    }

    /** @return true if the hardware extracted a VLAN tag ({@code skb_vlan_tag_present}) */
    public boolean hasVlanTag() {
        return vlanPresent;
    }

    /** @return the hardware-extracted VLAN TCI; meaningful when {@link #hasVlanTag()} */
    public int vlanTci() {
        return vlanTci;
    }

    /**
     * Records a VLAN tag the hardware stripped from the frame.
     *
     * @param tci the 16-bit tag control information
     * @return this packet
     */
    public Packet vlanTag(final int tci) {
        this.vlanTci = tci & 0xFFFF;
        this.vlanPresent = true;
        return this;
    }

    /**
     * Forgets the hardware VLAN tag.
     *
     * @return this packet
     */
    public Packet clearVlanTag() {
        this.vlanTci = 0;
        this.vlanPresent = false;
        return this;
    }

    /** @return the receive hash the hardware computed, 0 if none */
    public int rxHash() {
        return rxHash;
    }

    /**
     * @param hash the receive hash
     * @return this packet
     */
    public Packet rxHash(final int hash) {
        this.rxHash = hash;
        return this;
    }

    /** @return the id of the device the packet arrived on */
    public int ingressDevice() {
        return ingressDevice;
    }

    /**
     * @param device id of the receiving device
     * @return this packet
     */
    public Packet ingressDevice(final int device) {
        this.ingressDevice = device;
        return this;
    }

    /** @return the segmentation type */
    public GsoType gsoType() {
        return gsoType;
    }

    /** @return payload bytes per segment (the MSS) of a packet that stands for several segments */
    public int gsoSize() {
        return gsoSize;
    }

    /** @return the number of TCP segments the packet stands for, 0 for an ordinary packet */
    public int gsoSegments() {
        return gsoSegments;
    }

    /** @return GSO flag bits: {@link #GSO_ECN}, {@link #GSO_FIXED_ID}, {@link #GSO_LRO} */
    public int gsoFlags() {
        return gsoFlags;
    }

    /**
     * Sets the segmentation information.
     *
     * @param type segmentation type
     * @param size payload bytes per segment
     * @param segments number of segments
     * @param flags GSO flag bits
     * @return this packet
     */
    public Packet gso(final GsoType type, final int size, final int segments, final int flags) {
        this.gsoType = Objects.requireNonNull(type, "type");
        this.gsoSize = size;
        this.gsoSegments = segments;
        this.gsoFlags = flags;
        return this;
    }

    /** @return receive time in nanoseconds (for captures: since the Unix epoch) */
    public long timestampNanos() {
        return timestampNanos;
    }

    /**
     * @param nanos receive time in nanoseconds
     * @return this packet
     */
    public Packet timestampNanos(final long nanos) {
        this.timestampNanos = nanos;
        return this;
    }

    /** @return the EtherType of the network protocol ({@code skb->protocol}), 0 if unknown */
    public int protocol() {
        return protocol;
    }

    /** @return offset of the link-layer header from the data start, -1 if none or unknown */
    public int macHeader() {
        return macHeader;
    }

    /** @return offset of the IP header from the data start, -1 if not located */
    public int networkHeader() {
        return networkHeader;
    }

    /** @return offset of the transport header from the data start, -1 if not located */
    public int transportHeader() {
        return transportHeader;
    }

    /**
     * Records where the headers are, as a driver's header seeker found them.
     *
     * @param etherType the network protocol's EtherType
     * @param mac offset of the link-layer header, or -1
     * @param network offset of the IP header, or -1
     * @param transport offset of the transport header, or -1
     * @return this packet
     */
    public Packet headers(final int etherType, final int mac, final int network, final int transport) {
        this.protocol = etherType;
        this.macHeader = mac;
        this.networkHeader = network;
        this.transportHeader = transport;
        return this;
    }

    /**
     * Copies the metadata (not the data, not the header offsets) of {@code other}.
     *
     * @param other the packet to copy from
     * @return this packet
     */
    public Packet copyMetadataFrom(final Packet other) {
        checksumState = other.checksumState;
        checksumValue = other.checksumValue;
        checksumStart = other.checksumStart;
        checksumOffset = other.checksumOffset;
        checksumBad = other.checksumBad;
        vlanTci = other.vlanTci;
        vlanPresent = other.vlanPresent;
        rxHash = other.rxHash;
        ingressDevice = other.ingressDevice;
        gsoType = other.gsoType;
        gsoSize = other.gsoSize;
        gsoSegments = other.gsoSegments;
        gsoFlags = other.gsoFlags;
        timestampNanos = other.timestampNanos;
        return this;
    }

    // -------------------------------------------------------------------------------------- release

    /**
     * Hands every piece back to its recycler, releases the frag list and returns this packet to its pool.
     *
     * @throws IllegalStateException if the packet was already released
     */
    public void release() {
        if (released) {
            throw new IllegalStateException("packet released twice");
        }
        recycleHead();
        dropNonLinear();
        clearMetadata();
        next = null;
        released = true;
        final PacketPool owner = pool;
        if (owner != null) {
            owner.recycle(this);
        }
    }

    /** @return true once released and not yet handed out again */
    public boolean isReleased() {
        return released;
    }

    void reuse() {
        released = false;
    }

    private void recycleHead() {
        final BufferRecycler recycler = headRecycler;
        if (recycler != null) {
            recycler.recycle(head);
        }
        head = EMPTY;
        headOffset = 0;
        headLength = 0;
        headRecycler = null;
    }

    private void dropNonLinear() {
        for (int i = 0; i < fragCount; i++) {
            final BufferRecycler recycler = fragRecyclers[i];
            if (recycler != null) {
                recycler.recycle(fragBuffers[i]);
            }
            fragBuffers[i] = EMPTY;
            fragRecyclers[i] = null;
        }
        fragCount = 0;
        fragBytes = 0;
        Packet m = fragList;
        while (m != null) {
            final Packet following = m.next;
            m.next = null;
            m.release();
            m = following;
        }
        fragList = null;
        fragListTail = null;
        fragListBytes = 0;
    }

    private void clearMetadata() {
        checksumState = ChecksumState.NONE;
        checksumValue = 0;
        checksumStart = 0;
        checksumOffset = 0;
        checksumBad = false;
        vlanTci = 0;
        vlanPresent = false;
        rxHash = 0;
        ingressDevice = 0;
        gsoType = GsoType.NONE;
        gsoSize = 0;
        gsoSegments = 0;
        gsoFlags = 0;
        timestampNanos = 0;
        protocol = 0;
        macHeader = -1;
        networkHeader = -1;
        transportHeader = -1;
    }

    private static void checkBigEndian(final ByteBuffer buffer) {
        if (buffer.order() != ByteOrder.BIG_ENDIAN) {
            throw new IllegalArgumentException("packet buffers must be BIG_ENDIAN (network order)");
        }
    }

    @Override
    public String toString() {
        return "Packet[length=" + length() + ", head=" + headLength + ", frags=" + fragCount
                + (fragList != null ? ", fragList" : "") + ", csum=" + checksumState
                + (gsoSegments > 1 ? ", gso=" + gsoType + "/" + gsoSize + "x" + gsoSegments : "")
                + (vlanPresent ? ", vlan=" + (vlanTci & 0xFFF) : "") + "]";
    }
}
