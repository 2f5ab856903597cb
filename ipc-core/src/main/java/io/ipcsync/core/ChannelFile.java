package io.ipcsync.core;

import static io.ipcsync.core.ChannelFileDescriptor.CAPACITY_OFFSET;
import static io.ipcsync.core.ChannelFileDescriptor.CREATION_TIME_OFFSET;
import static io.ipcsync.core.ChannelFileDescriptor.CREATOR_PID_NAMESPACE_OFFSET;
import static io.ipcsync.core.ChannelFileDescriptor.CREATOR_PID_OFFSET;
import static io.ipcsync.core.ChannelFileDescriptor.FLAGS_OFFSET;
import static io.ipcsync.core.ChannelFileDescriptor.FLAG_GROUP_ACCESS;
import static io.ipcsync.core.ChannelFileDescriptor.HEADER_LENGTH;
import static io.ipcsync.core.ChannelFileDescriptor.HEADER_LENGTH_OFFSET;
import static io.ipcsync.core.ChannelFileDescriptor.LAYOUT_VERSION;
import static io.ipcsync.core.ChannelFileDescriptor.LANES_OFFSET;
import static io.ipcsync.core.ChannelFileDescriptor.LAYOUT_VERSION_OFFSET;
import static io.ipcsync.core.ChannelFileDescriptor.MAGIC;
import static io.ipcsync.core.ChannelFileDescriptor.MAGIC_OFFSET;
import static io.ipcsync.core.ChannelFileDescriptor.MAX_MESSAGE_LENGTH_OFFSET;
import static io.ipcsync.core.ChannelFileDescriptor.MODE_OFFSET;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;

import org.agrona.IoUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A channel file mapped into memory: a validated header page and the ring after it, and for an
 * MPSC channel with lanes, the lanes after that (a state page and a ring each).
 *
 * <p>Creating reserves every byte of the file at once (by writing it), so a full file system
 * fails here with an {@link InsufficientSpaceException}, never later with a {@code SIGBUS}.
 * Opening never reinitialises a file: it waits up to the open timeout for a creator to finish,
 * then checks every header field before it maps the ring. Not thread-safe: close it once, after
 * every user of its buffers is done.
 */
public final class ChannelFile implements AutoCloseable
{
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final int ZERO_CHUNK = 1 << 20;

    private final Path path;
    private final ChannelLayout layout;
    private final long creationTimeMillis;
    private final long creatorPid;
    private final MappedByteBuffer mapping;
    private final AtomicBuffer header;
    private final AtomicBuffer ring;
    private final AtomicBuffer[] laneStates;
    private final AtomicBuffer[] laneRings;
    private boolean closed;

    private ChannelFile(final Path path, final MappedByteBuffer mapping)
    {
        this.path = path;
        this.mapping = mapping;
        this.header = new UnsafeBuffer(mapping, 0, HEADER_LENGTH);
        final int capacity = header.getInt(CAPACITY_OFFSET);
        final int lanes = header.getInt(LANES_OFFSET);
        this.layout = new ChannelLayout(
            ChannelMode.fromCode(header.getInt(MODE_OFFSET)), capacity, header.getInt(MAX_MESSAGE_LENGTH_OFFSET), lanes);
        this.creationTimeMillis = header.getLong(CREATION_TIME_OFFSET);
        this.creatorPid = header.getLong(CREATOR_PID_OFFSET);
        this.ring = new UnsafeBuffer(mapping, HEADER_LENGTH, capacity);
        this.laneStates = new AtomicBuffer[lanes];
        this.laneRings = new AtomicBuffer[lanes];
        for (int lane = 0; lane < lanes; lane++)
        {
            final int offset = (int)ChannelFileDescriptor.laneOffset(capacity, lane);
            laneStates[lane] = new UnsafeBuffer(mapping, offset, HEADER_LENGTH);
            laneRings[lane] = new UnsafeBuffer(mapping, offset + HEADER_LENGTH, capacity);
        }
    }

    /**
     * Opens the file if it exists, else creates it with the given layout. Whoever creates it, the
     * file's mode must equal the layout's; capacity, max message length and lanes are checked only
     * when {@code strictSize} is true.
     *
     * @param path        the file.
     * @param layout      the layout to create with, and to check against.
     * @param strictSize  true to require an existing file's capacity, max message length and lanes to match.
     * @param groupAccess true to create the file readable and writable by the group (0660, else 0600).
     * @param openTimeout how long to wait for another process to finish creating the file.
     * @return the mapped file.
     */
    public static ChannelFile openOrCreate(
        final Path path,
        final ChannelLayout layout,
        final boolean strictSize,
        final boolean groupAccess,
        final Duration openTimeout)
    {
        JvmAccess.requireAgronaAccess();
        while (true)
        {
            try
            {
                return create(path, layout, groupAccess);
            }
            catch (final FileAlreadyExistsException exists)
            {
                try
                {
                    return open(path, layout.mode(), strictSize ? layout : null, openTimeout);
                }
                catch (final NoSuchFileException deletedMeanwhile)
                {
                    Thread.onSpinWait(); // deleted between the two calls: try to create again
                }
            }
        }
    }

    /**
     * Opens an existing file and validates its header.
     *
     * @param path         the file.
     * @param expectedMode the mode the file must have.
     * @param expectedSize a layout whose capacity, max message length and lanes the file must have, or null for any.
     * @param openTimeout  how long to wait for another process to finish creating the file.
     * @return the mapped file.
     * @throws NoSuchFileException  if there is no such file.
     * @throws ChannelFileException if the file is not a valid channel file of that mode.
     */
    public static ChannelFile open(
        final Path path, final ChannelMode expectedMode, final ChannelLayout expectedSize, final Duration openTimeout)
        throws NoSuchFileException
    {
        JvmAccess.requireAgronaAccess();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final ChannelLayout layout = awaitValidHeader(path, channel, openTimeout);
            if (layout.mode() != expectedMode)
            {
                throw new ChannelFileException(path, "mode is " + layout.mode() + ", opened as " + expectedMode);
            }
            if (expectedSize != null && (layout.capacity() != expectedSize.capacity() ||
                layout.maxMessageLength() != expectedSize.maxMessageLength() || layout.lanes() != expectedSize.lanes()))
            {
                throw new ChannelFileException(path, "capacity " + layout.capacity() + ", max message length " +
                    layout.maxMessageLength() + " and lanes " + layout.lanes() + " differ from the requested " +
                    expectedSize.capacity() + ", " + expectedSize.maxMessageLength() + " and " + expectedSize.lanes());
            }
            final long expectedLength = ChannelFileDescriptor.fileLength(layout.capacity(), layout.lanes());
            final long actualLength = channel.size();
            if (actualLength != expectedLength)
            {
                throw new ChannelFileException(path, (actualLength < expectedLength ? "truncated" : "too long") +
                    ": file length " + actualLength + " bytes, but its header says capacity " + layout.capacity() +
                    (layout.lanes() == 0 ? "" : " and " + layout.lanes() + " lanes") + " so it must be " + expectedLength);
            }
            requireCreatorPidNamespace(path, channel);
            return new ChannelFile(path, channel.map(FileChannel.MapMode.READ_WRITE, 0, expectedLength));
        }
        catch (final NoSuchFileException ex)
        {
            throw ex;
        }
        catch (final AccessDeniedException ex)
        {
            throw new ChannelFileException(path, "permission denied opening for read and write " +
                "(the file belongs to another user, or lacks group access)", ex);
        }
        catch (final IOException ex)
        {
            throw new ChannelFileException(path, "cannot open: " + ex, ex);
        }
    }

    /**
     * Reads the header of a file without mapping it for use, validating every field.
     *
     * @param path        the file.
     * @param openTimeout how long to wait for another process to finish creating it.
     * @return its layout.
     * @throws NoSuchFileException  if there is no such file.
     * @throws ChannelFileException if it is not a valid channel file.
     */
    public static ChannelLayout readLayout(final Path path, final Duration openTimeout) throws NoSuchFileException
    {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ))
        {
            return awaitValidHeader(path, channel, openTimeout);
        }
        catch (final NoSuchFileException ex)
        {
            throw ex;
        }
        catch (final IOException ex)
        {
            throw new ChannelFileException(path, "cannot read: " + ex, ex);
        }
    }

    private static ChannelFile create(final Path path, final ChannelLayout layout, final boolean groupAccess)
        throws FileAlreadyExistsException
    {
        final long length = ChannelFileDescriptor.fileLength(layout.capacity(), layout.lanes());
        final Path directory = path.toAbsolutePath().getParent();
        final long free = usableSpace(directory);
        if (free >= 0 && free < length && !Files.exists(path))
        {
            throw new InsufficientSpaceException(path, length, free, null);
        }

        final FileChannel channel;
        try
        {
            channel = POSIX ?
                FileChannel.open(path, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE), filePermissions(groupAccess)) :
                FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
        catch (final FileAlreadyExistsException ex)
        {
            throw ex;
        }
        catch (final IOException ex)
        {
            throw new ChannelFileException(path, "cannot create: " + ex, ex);
        }

        try (channel)
        {
            if (POSIX && groupAccess)
            {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw----"));
            }
            reserve(path, channel, length);
            final MappedByteBuffer mapping = channel.map(FileChannel.MapMode.READ_WRITE, 0, length);
            final UnsafeBuffer header = new UnsafeBuffer(mapping, 0, HEADER_LENGTH);
            header.putLong(MAGIC_OFFSET, MAGIC);
            header.putInt(MODE_OFFSET, layout.mode().code());
            header.putInt(CAPACITY_OFFSET, layout.capacity());
            header.putInt(MAX_MESSAGE_LENGTH_OFFSET, layout.maxMessageLength());
            header.putInt(HEADER_LENGTH_OFFSET, HEADER_LENGTH);
            header.putInt(FLAGS_OFFSET, groupAccess ? FLAG_GROUP_ACCESS : 0);
            header.putLong(CREATION_TIME_OFFSET, System.currentTimeMillis());
            header.putLong(CREATOR_PID_OFFSET, ProcessLiveness.currentPid());
            header.putInt(LANES_OFFSET, layout.lanes());
            header.putLong(CREATOR_PID_NAMESPACE_OFFSET, ProcessLiveness.currentPidNamespace());
            header.putIntRelease(LAYOUT_VERSION_OFFSET, LAYOUT_VERSION); // last: the file is now valid
            return new ChannelFile(path, mapping);
        }
        catch (final InsufficientSpaceException ex)
        {
            deleteQuietly(path);
            throw ex;
        }
        catch (final IOException | RuntimeException ex)
        {
            deleteQuietly(path);
            throw new ChannelFileException(path, "cannot create: " + ex, ex);
        }
    }

    /**
     * Refuses a file created in another pid namespace: its parties tell a dead peer by its pid, and
     * a pid from another namespace names no process here, or another one. A field of 0 (unknown)
     * passes, as does a process that cannot read its own namespace.
     */
    private static void requireCreatorPidNamespace(final Path path, final FileChannel channel) throws IOException
    {
        final ByteBuffer bytes = ByteBuffer.allocate(Long.BYTES);
        while (bytes.hasRemaining() && channel.read(bytes, CREATOR_PID_NAMESPACE_OFFSET + bytes.position()) >= 0)
        {
            Thread.onSpinWait();
        }
        final long creator = new UnsafeBuffer(bytes).getLong(0);
        final long own = ProcessLiveness.currentPidNamespace();
        if (creator != 0 && own != 0 && creator != own)
        {
            throw new ChannelFileException(path, "created in pid namespace " + creator + ", but this process is in " +
                own + ": ipcsync tells a dead peer by its pid, which names no process (or another one) across " +
                "namespaces. Run every party of a channel in one pid namespace (docker: --pid=host or " +
                "--pid=container:<name>, besides the shared /dev/shm), or delete the file if no process of namespace " +
                creator + " uses it");
        }
    }

    private static void reserve(final Path path, final FileChannel channel, final long length)
    {
        // Writing every byte makes tmpfs allocate the pages now; a sparse file would SIGBUS on first touch.
        final ByteBuffer zeros = ByteBuffer.allocateDirect((int)Math.min(ZERO_CHUNK, length));
        long position = 0;
        try
        {
            while (position < length)
            {
                zeros.clear().limit((int)Math.min(zeros.capacity(), length - position));
                position += channel.write(zeros, position);
            }
        }
        catch (final IOException ex)
        {
            throw new InsufficientSpaceException(path, length, usableSpace(path.toAbsolutePath().getParent()), ex);
        }
        finally
        {
            IoUtil.unmap(zeros);
        }
    }

    private static ChannelLayout awaitValidHeader(final Path path, final FileChannel channel, final Duration openTimeout)
        throws IOException
    {
        final long deadline = System.nanoTime() + openTimeout.toNanos();
        final boolean stale = isOlderThan(path, openTimeout);
        while (true)
        {
            final long size = channel.size();
            if (size >= HEADER_LENGTH)
            {
                final ByteBuffer bytes = ByteBuffer.allocate(HEADER_LENGTH);
                while (bytes.hasRemaining() && channel.read(bytes, bytes.position()) >= 0)
                {
                    Thread.onSpinWait();
                }
                final UnsafeBuffer header = new UnsafeBuffer(bytes);
                final long magic = header.getLong(MAGIC_OFFSET);
                if (magic != 0 && magic != MAGIC)
                {
                    throw new ChannelFileException(path, "not an ipcsync channel file: magic is 0x" +
                        Long.toHexString(magic) + ", expected 0x" + Long.toHexString(MAGIC));
                }
                final int version = header.getInt(LAYOUT_VERSION_OFFSET);
                if (version != 0 && magic == MAGIC)
                {
                    return validate(path, header, version);
                }
            }
            if (stale || System.nanoTime() - deadline >= 0)
            {
                throw unfinished(path, channel, size, openTimeout);
            }
            sleepQuietly();
        }
    }

    private static ChannelLayout validate(final Path path, final UnsafeBuffer header, final int version)
    {
        if (version != LAYOUT_VERSION)
        {
            throw new ChannelFileException(path, "unknown layout version " + version + "; this library reads version " +
                LAYOUT_VERSION);
        }
        final int headerLength = header.getInt(HEADER_LENGTH_OFFSET);
        if (headerLength != HEADER_LENGTH)
        {
            throw new ChannelFileException(path, "header length is " + headerLength + ", expected " + HEADER_LENGTH);
        }
        final int modeCode = header.getInt(MODE_OFFSET);
        final ChannelMode mode = ChannelMode.fromCode(modeCode);
        if (mode == null)
        {
            throw new ChannelFileException(path, "mode " + modeCode + " is not a known channel mode");
        }
        final int capacity = header.getInt(CAPACITY_OFFSET);
        final String capacityProblem = ChannelLayout.capacityProblem(capacity);
        if (capacityProblem != null)
        {
            throw new ChannelFileException(path, "corrupt header: " + capacityProblem);
        }
        final int maxMessageLength = header.getInt(MAX_MESSAGE_LENGTH_OFFSET);
        if (maxMessageLength < 0 || maxMessageLength > ChannelLayout.maxMessageLengthLimit(capacity))
        {
            throw new ChannelFileException(path, "corrupt header: max message length " + maxMessageLength +
                " must be from 0 to capacity/8 = " + ChannelLayout.maxMessageLengthLimit(capacity));
        }
        final int lanes = header.getInt(LANES_OFFSET);
        final String lanesProblem = ChannelLayout.lanesProblem(mode, capacity, lanes);
        if (lanesProblem != null)
        {
            throw new ChannelFileException(path, "corrupt header: " + lanesProblem);
        }
        return new ChannelLayout(mode, capacity, maxMessageLength, lanes);
    }

    private static ChannelFileException unfinished(
        final Path path, final FileChannel channel, final long size, final Duration openTimeout) throws IOException
    {
        if (size < HEADER_LENGTH)
        {
            return new ChannelFileException(path, "truncated: " + size + " bytes, shorter than the " + HEADER_LENGTH +
                "-byte header (not a channel file, or its creator died while creating it: delete it to recreate)");
        }
        final ByteBuffer bytes = ByteBuffer.allocate(HEADER_LENGTH);
        channel.read(bytes, 0);
        final long creator = new UnsafeBuffer(bytes).getLong(CREATOR_PID_OFFSET);
        final String who = creator == 0 ? "creator unknown" :
            "creator pid " + creator + (ProcessLiveness.isAlive(creator, 0) ? " is alive" : " is dead");
        return new ChannelFileException(path, "half-created: its layout version is still 0 after waiting " +
            openTimeout.toMillis() + " ms (" + who + "); delete it to recreate");
    }

    private static boolean isOlderThan(final Path path, final Duration age)
    {
        try
        {
            return Files.getLastModifiedTime(path).toMillis() < System.currentTimeMillis() - age.toMillis();
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    private static FileAttribute<Set<PosixFilePermission>> filePermissions(final boolean groupAccess)
    {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(groupAccess ? "rw-rw----" : "rw-------"));
    }

    private static long usableSpace(final Path directory)
    {
        try
        {
            return Files.getFileStore(directory).getUsableSpace();
        }
        catch (final IOException | SecurityException ex)
        {
            return -1;
        }
    }

    private static void sleepQuietly()
    {
        try
        {
            Thread.sleep(1);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IpcsyncException("interrupted while waiting for a channel file to be created", ex);
        }
    }

    private static void deleteQuietly(final Path path)
    {
        try
        {
            Files.deleteIfExists(path);
        }
        catch (final IOException ignore)
        {
            // the original failure is the one worth reporting
        }
    }

    /**
     * Deletes a channel file. Processes that have it mapped keep using their mapping; new opens
     * create a new file.
     *
     * @param path the file.
     * @return true if a file was deleted.
     */
    public static boolean delete(final Path path)
    {
        try
        {
            return Files.deleteIfExists(path);
        }
        catch (final IOException ex)
        {
            throw new ChannelFileException(path, "cannot delete: " + ex, ex);
        }
    }

    /**
     * Returns the file's path.
     *
     * @return the file's path.
     */
    public Path path()
    {
        return path;
    }

    /**
     * Returns the layout read from the header.
     *
     * @return the layout read from the header.
     */
    public ChannelLayout layout()
    {
        return layout;
    }

    /**
     * Returns when the file was created, epoch millis.
     *
     * @return when the file was created, epoch millis.
     */
    public long creationTimeMillis()
    {
        return creationTimeMillis;
    }

    /**
     * Returns the pid of the process that created the file.
     *
     * @return the pid of the process that created the file.
     */
    public long creatorPid()
    {
        return creatorPid;
    }

    /**
     * Returns the header page, {@link ChannelFileDescriptor#HEADER_LENGTH} bytes.
     *
     * @return the header page, {@link ChannelFileDescriptor#HEADER_LENGTH} bytes.
     */
    public AtomicBuffer header()
    {
        return header;
    }

    /**
     * Returns the ring after the header page, {@link ChannelLayout#capacity()} bytes: the channel's
     * ring, or in an MPSC channel with lanes, its overflow ring.
     *
     * @return the ring after the header page, {@link ChannelLayout#capacity()} bytes.
     */
    public AtomicBuffer ring()
    {
        return ring;
    }

    /**
     * Returns the state page of a lane, {@link ChannelFileDescriptor#HEADER_LENGTH} bytes.
     *
     * @param lane 0 to {@link ChannelLayout#lanes()} - 1.
     * @return the state page of the lane.
     */
    public AtomicBuffer laneState(final int lane)
    {
        return laneStates[lane];
    }

    /**
     * Returns the ring of a lane, {@link ChannelLayout#capacity()} bytes.
     *
     * @param lane 0 to {@link ChannelLayout#lanes()} - 1.
     * @return the ring of the lane.
     */
    public AtomicBuffer laneRing(final int lane)
    {
        return laneRings[lane];
    }

    /**
     * Returns true once {@link #close()} has run.
     *
     * @return true once {@link #close()} has run.
     */
    public boolean isClosed()
    {
        return closed;
    }

    /**
     * Unmaps the file. Any later access to {@link #header()} or {@link #ring()} is a bug.
     */
    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            IoUtil.unmap(mapping);
        }
    }

    @Override
    public String toString()
    {
        return "ChannelFile{" + path + ", " + layout + "}";
    }
}
