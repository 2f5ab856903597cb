package io.ipcsync.channels;

import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

import io.ipcsync.core.ChannelDirectory;
import io.ipcsync.core.ChannelFile;
import io.ipcsync.core.ChannelLayout;
import io.ipcsync.core.ChannelMode;
import io.ipcsync.core.ChannelSnapshot;
import io.ipcsync.core.ring.SlotRingDescriptor;
import io.ipcsync.core.ring.SpscRingProducer;

/**
 * Names a channel and says how to create it; then opens a producer or a consumer on it. The first
 * side to open creates the file with this builder's capacity, max message length and (MPSC only)
 * {@link #lanes lanes}; a side that opens an existing file checks its mode, and those too when any
 * of them was set here explicitly.
 *
 * <p>Defaults: capacity 1 MiB, max message length capacity/8, the directory of
 * {@link ChannelDirectory#defaultDirectory()}, open timeout 2 s, liveness interval 100 ms, claim timeout 1 s,
 * and for MPSC {@link #DEFAULT_MPSC_LANES} lanes (fewer when the capacity is so large that the file
 * would not fit one mapping).
 * SPMC and MPMC channels hold one message per fixed-size slot (the max message length plus a 16-byte
 * header, rounded up to a power of two), so their default max message length is smaller: it fills a
 * slot of {@link #DEFAULT_SLOT_LENGTH} bytes, or of capacity/16 when that is less: 1008 bytes and
 * 1024 slots at the default capacity. Set a smaller max message length for more, smaller slots.
 */
public final class ChannelBuilder
{
    /** Capacity used when none is set: 1 MiB. */
    public static final int DEFAULT_CAPACITY = 1 << 20;
    /** MPSC: the producer lanes a channel is created with when {@link #lanes} is not set. */
    public static final int DEFAULT_MPSC_LANES = 4;
    /** SPMC and MPMC: the slot length behind the default max message length (see the class comment). */
    public static final int DEFAULT_SLOT_LENGTH = 1024;
    /** The file name suffix of channel files. */
    public static final String FILE_SUFFIX = ".ipc";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,199}");

    private final ChannelMode mode;
    private final String name;
    private Path directory;
    private int capacity = DEFAULT_CAPACITY;
    private int maxMessageLength = -1;
    private boolean sizeSet;
    private boolean groupAccess;
    private Duration openTimeout = Duration.ofSeconds(2);
    private Duration livenessInterval = Duration.ofMillis(100);
    private Duration claimTimeout = Duration.ofSeconds(1);
    private int lanes = -1;

    ChannelBuilder(final ChannelMode mode, final String name)
    {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches())
        {
            throw new IllegalArgumentException("channel name '" + name + "' must be 1 to 200 characters of " +
                "A-Z a-z 0-9 . _ - and must not start with '.' or '-'");
        }
        this.mode = mode;
        this.name = name;
    }

    /**
     * Returns this builder.
     *
     * @param directory the directory of the channel file, instead of the default.
     * @return this builder.
     */
    public ChannelBuilder directory(final Path directory)
    {
        this.directory = Objects.requireNonNull(directory, "directory");
        return this;
    }

    /**
     * Returns this builder.
     *
     * @param capacity ring bytes, a power of two from 1 KiB to 1 GiB.
     * @return this builder.
     */
    public ChannelBuilder capacity(final int capacity)
    {
        final String problem = ChannelLayout.capacityProblem(capacity);
        if (problem != null)
        {
            throw new IllegalArgumentException(problem);
        }
        this.capacity = capacity;
        this.sizeSet = true;
        return this;
    }

    /**
     * Returns this builder.
     *
     * @param maxMessageLength the largest message, up to capacity/8.
     * @return this builder.
     */
    public ChannelBuilder maxMessageLength(final int maxMessageLength)
    {
        if (maxMessageLength < 0)
        {
            throw new IllegalArgumentException("maxMessageLength " + maxMessageLength + " must not be negative");
        }
        this.maxMessageLength = maxMessageLength;
        this.sizeSet = true;
        return this;
    }

    /**
     * Returns this builder.
     *
     * @param groupAccess true to create the file (and directory) readable and writable by the group.
     * @return this builder.
     */
    public ChannelBuilder groupAccess(final boolean groupAccess)
    {
        this.groupAccess = groupAccess;
        return this;
    }

    /**
     * Returns this builder.
     *
     * @param openTimeout how long to wait for another process to finish creating the file.
     * @return this builder.
     */
    public ChannelBuilder openTimeout(final Duration openTimeout)
    {
        this.openTimeout = requirePositiveOrZero(openTimeout, "openTimeout");
        return this;
    }

    /**
     * Returns this builder.
     *
     * <p>MPSC only: the number of producer lanes. Each of the first {@code lanes} producers
     * attached takes a lane of its own, an SPSC ring of {@link #capacity} bytes, and writes it
     * without any atomic instruction: with one producer this runs at the speed of an SPSC channel,
     * several times the shared ring's with 8-byte messages. Producers that find every lane held
     * share the overflow ring, an MPSC ring of {@link #capacity} bytes that they claim by CAS, and
     * keep it until they close; so any number of producers can attach. The consumer reads the lanes
     * and the overflow ring in turn, so no producer starves another; each producer's messages stay
     * in order, and different producers' messages interleave. A lane's producer that dies, even
     * between claim and commit, holds up nobody: the other rings flow on at once, its committed
     * messages are delivered, its open claim is dropped, and the next producer to attach takes its
     * lane over. A claim left open in the overflow ring holds up that ring until it is skipped
     * (see {@link #claimTimeout}). The file holds the overflow ring and every lane:
     * {@code (lanes + 1) * (capacity + 4 KiB)} bytes. Default {@link #DEFAULT_MPSC_LANES}; 0 for
     * one ring every producer shares by CAS (the smallest file). Like capacity, it shapes the file
     * when it is created; an existing file is opened with its own lanes (required to match only
     * when a size was set).
     *
     * @param lanes 0 for one shared ring, or 1 to {@link ChannelLayout#MAX_LANES}.
     * @return this builder.
     * @throws IllegalArgumentException if the channel is not MPSC, or lanes is out of range.
     */
    public ChannelBuilder lanes(final int lanes)
    {
        final String problem = ChannelLayout.lanesProblem(mode, capacity, lanes);
        if (problem != null)
        {
            throw new IllegalArgumentException(problem);
        }
        this.lanes = lanes;
        this.sizeSet = true;
        return this;
    }

    /**
     * Returns this builder.
     *
     * @param livenessInterval how often, at most, a waiting side checks whether its peer died;
     *                         a dead peer is reported within about this time.
     * @return this builder.
     */
    public ChannelBuilder livenessInterval(final Duration livenessInterval)
    {
        this.livenessInterval = requirePositiveOrZero(livenessInterval, "livenessInterval");
        return this;
    }

    /**
     * Returns this builder.
     *
     * @param claimTimeout for the modes with many producers or many consumers: how long a claimed
     *                     record may stay uncommitted (or a taken one unreleased) by a party whose
     *                     process is still alive before the others skip it as abandoned. A claim of a
     *                     party whose process died is skipped as soon as the death is seen (within
     *                     the liveness interval). Default 1 s; SPSC channels and the lanes of
     *                     MPSC channels (as opposed to their overflow ring) do not use it.
     * @return this builder.
     */
    public ChannelBuilder claimTimeout(final Duration claimTimeout)
    {
        this.claimTimeout = requirePositiveOrZero(claimTimeout, "claimTimeout");
        return this;
    }

    /**
     * Returns the channel file this builder names.
     *
     * @return the channel file this builder names.
     */
    public Path path()
    {
        return (directory != null ? directory : ChannelDirectory.defaultDirectory()).resolve(name + FILE_SUFFIX);
    }

    /**
     * Opens the producer side, creating the file if it does not exist.
     *
     * @return the producer.
     * @throws io.ipcsync.core.IpcsyncException if a live producer holds the channel, or the file is unusable.
     */
    public ChannelProducer producer()
    {
        final ChannelFile file = openFile();
        try
        {
            return switch (mode)
            {
                case SPSC -> new SpscProducer(file, new SpscRingProducer(file, livenessInterval.toNanos()));
                case MPSC -> mpscProducer(file);
                case SPMC, MPMC -> new MpmcProducer(file, livenessInterval.toNanos());
                case BROADCAST -> new BroadcastProducer(file);
                default -> throw new UnsupportedOperationException(mode + " channels are not available yet");
            };
        }
        catch (final RuntimeException ex)
        {
            file.close();
            throw ex;
        }
    }

    /** A free lane's producer, or with every lane held (or none), a producer of the shared ring. */
    private ChannelProducer mpscProducer(final ChannelFile file)
    {
        final SpscRingProducer lane = file.layout().lanes() != 0 ?
            SpscRingProducer.onFreeLane(file, livenessInterval.toNanos()) : null;
        return lane != null ? new SpscProducer(file, lane) : new MpscProducer(file, livenessInterval.toNanos());
    }

    /**
     * Opens the consumer side, creating the file if it does not exist (a consumer may start first).
     *
     * @return the consumer.
     * @throws io.ipcsync.core.IpcsyncException if a live consumer holds the channel, or the file is unusable.
     */
    public ChannelConsumer consumer()
    {
        final ChannelFile file = openFile();
        try
        {
            return switch (mode)
            {
                case SPSC -> new SpscConsumer(file, livenessInterval.toNanos());
                case MPSC -> file.layout().lanes() != 0 ?
                    new LanedMpscConsumer(file, livenessInterval.toNanos(), claimTimeout.toNanos()) :
                    new MpscConsumer(file, livenessInterval.toNanos(), claimTimeout.toNanos());
                case SPMC, MPMC -> new MpmcConsumer(file, livenessInterval.toNanos(), claimTimeout.toNanos());
                case BROADCAST -> new BroadcastSubscriber(file, livenessInterval.toNanos());
                default -> throw new UnsupportedOperationException(mode + " channels are not available yet");
            };
        }
        catch (final RuntimeException ex)
        {
            file.close();
            throw ex;
        }
    }

    /**
     * Returns the channel's state and counters, read without attaching.
     *
     * @return the channel's state and counters, read without attaching.
     * @throws NoSuchFileException if the channel file does not exist.
     */
    public ChannelSnapshot snapshot() throws NoSuchFileException
    {
        return ChannelSnapshot.read(path());
    }

    /**
     * Deletes the channel file. Open handles keep working on their mapping; new ones create a new file.
     *
     * @return true if a file was deleted.
     */
    public boolean delete()
    {
        return ChannelFile.delete(path());
    }

    private ChannelFile openFile()
    {
        final Path path = path();
        ChannelDirectory.ensure(path.getParent(), groupAccess);
        final boolean slots = mode == ChannelMode.SPMC || mode == ChannelMode.MPMC;
        final int maxLength = maxMessageLength >= 0 ? maxMessageLength : slots ?
            Math.min(DEFAULT_SLOT_LENGTH, capacity / 16) - SlotRingDescriptor.SLOT_HEADER_LENGTH :
            ChannelLayout.maxMessageLengthLimit(capacity);
        final int lanes = this.lanes >= 0 ? this.lanes : ChannelLayout.lanesThatFit(mode, capacity, DEFAULT_MPSC_LANES);
        return ChannelFile.openOrCreate(path, new ChannelLayout(mode, capacity, maxLength, lanes), sizeSet, groupAccess,
            openTimeout);
    }

    private static Duration requirePositiveOrZero(final Duration duration, final String what)
    {
        if (duration == null || duration.isNegative())
        {
            throw new IllegalArgumentException(what + " must be zero or positive, was " + duration);
        }
        return duration;
    }
}
