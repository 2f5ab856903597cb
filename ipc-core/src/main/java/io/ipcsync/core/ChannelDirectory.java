package io.ipcsync.core;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Where channel files live: one directory per user, {@code /dev/shm/ipcsync-<user>} on Linux and
 * {@code <java.io.tmpdir>/ipcsync-<user>} elsewhere, or the system property {@value #DIRECTORY_PROPERTY},
 * or a directory given per call.
 *
 * <p>The directory is created with mode 0700 (0770 with group access). An existing directory
 * must belong to this user and must not be open to others; otherwise it is refused with a message
 * that says how to fix it, because anyone who can write there can corrupt a live channel.
 */
public final class ChannelDirectory
{
    /** System property that overrides the default directory. */
    public static final String DIRECTORY_PROPERTY = "ipcsync.dir";

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_AND_GROUP = PosixFilePermissions.fromString("rwxrwx---");

    private ChannelDirectory()
    {
    }

    /**
     * Returns the directory used when a call names none: the system property, else the per-user default.
     *
     * @return the directory used when a call names none: the system property, else the per-user default.
     */
    public static Path defaultDirectory()
    {
        final String override = System.getProperty(DIRECTORY_PROPERTY);
        if (override != null && !override.isBlank())
        {
            return Path.of(override);
        }
        final String user = System.getProperty("user.name", "unknown").replaceAll("[^A-Za-z0-9._-]", "_");
        final Path shm = Path.of("/dev/shm");
        final Path base = Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
        return base.resolve("ipcsync-" + user);
    }

    /**
     * Creates the directory if it is missing and checks its owner and permissions.
     *
     * @param directory   the directory to use.
     * @param groupAccess true to allow (and create with) group read and write.
     * @return the directory.
     * @throws ChannelFileException if it cannot be created, or its owner or permissions are unsafe.
     */
    public static Path ensure(final Path directory, final boolean groupAccess)
    {
        try
        {
            if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS))
            {
                create(directory, groupAccess);
            }
            verify(directory, groupAccess);
            return directory;
        }
        catch (final IOException ex)
        {
            throw new ChannelFileException(directory, "cannot create or inspect the channel directory: " + ex, ex);
        }
    }

    private static void create(final Path directory, final boolean groupAccess) throws IOException
    {
        final Path parent = directory.toAbsolutePath().getParent();
        if (parent != null)
        {
            Files.createDirectories(parent);
        }
        try
        {
            if (POSIX)
            {
                final Set<PosixFilePermission> mode = groupAccess ? OWNER_AND_GROUP : OWNER_ONLY;
                Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(mode));
                Files.setPosixFilePermissions(directory, mode); // the umask may have removed group bits
            }
            else
            {
                Files.createDirectory(directory);
            }
        }
        catch (final java.nio.file.FileAlreadyExistsException ignore)
        {
            // another process created it first: verify() judges what it made
        }
    }

    private static void verify(final Path directory, final boolean groupAccess) throws IOException
    {
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS))
        {
            throw new ChannelFileException(directory, "is not a directory (a symbolic link or a file is refused)");
        }
        if (!POSIX)
        {
            return;
        }
        final int ownerUid = (Integer)Files.getAttribute(directory, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        final int myUid = currentUid();
        if (myUid >= 0 && ownerUid != myUid)
        {
            throw new ChannelFileException(directory, "belongs to uid " + ownerUid + " (" +
                Files.getOwner(directory, LinkOption.NOFOLLOW_LINKS).getName() + "), not to this user (uid " + myUid +
                "): another user could read or corrupt the channels; use your own directory (-D" +
                DIRECTORY_PROPERTY + "=...)");
        }
        final Set<PosixFilePermission> actual = Files.getPosixFilePermissions(directory, LinkOption.NOFOLLOW_LINKS);
        final boolean openToOthers = actual.contains(PosixFilePermission.OTHERS_READ) ||
            actual.contains(PosixFilePermission.OTHERS_WRITE) || actual.contains(PosixFilePermission.OTHERS_EXECUTE);
        final boolean openToGroup = actual.contains(PosixFilePermission.GROUP_WRITE);
        if (openToOthers || (openToGroup && !groupAccess))
        {
            throw new ChannelFileException(directory, "has mode " + PosixFilePermissions.toString(actual) + "; expected " +
                PosixFilePermissions.toString(groupAccess ? OWNER_AND_GROUP : OWNER_ONLY) +
                " (fix it with: chmod " + (groupAccess ? "770 " : "700 ") + directory + ")");
        }
    }

    private static int currentUid()
    {
        try
        {
            return (Integer)Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        }
        catch (final IOException | UnsupportedOperationException | IllegalArgumentException ex)
        {
            return -1;
        }
    }
}
