package io.ipcsync.affinity;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/** Finds, creates and checks the per-user directory of CPU lock files. */
final class LockDirectory {
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    private static final Path PROC_SELF_STATUS = Path.of("/proc/self/status");

    private LockDirectory() {
    }

    static boolean posix() {
        return Path.of("").getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** The per-user base: {@code /dev/shm/ipcsync-<user>} on Linux, the temp directory elsewhere. */
    static Path defaultBase() {
        final String user = System.getProperty("user.name", "unknown").replaceAll("[^A-Za-z0-9._-]", "_");
        final Path shm = Path.of("/dev/shm");
        final Path parent = Files.isDirectory(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
        return parent.resolve("ipcsync-" + user);
    }

    /**
     * Creates {@code dir} (mode 0700) if absent, checks it and returns its real path.
     *
     * @param dir         the lock directory.
     * @param alsoCheckParent whether the parent is the per-user base that must be checked too.
     */
    static Path prepare(final Path dir, final boolean alsoCheckParent) {
        final Path absolute = dir.toAbsolutePath().normalize();
        if (alsoCheckParent && absolute.getParent() != null) {
            ensureOwnedDirectory(absolute.getParent());
        }
        ensureOwnedDirectory(absolute);
        try {
            return absolute.toRealPath();
        } catch (final IOException e) {
            throw new AffinityException("Cannot resolve the CPU lock directory " + absolute + ": " + e, e);
        }
    }

    private static void ensureOwnedDirectory(final Path dir) {
        final boolean posix = posix();
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            try {
                if (dir.getParent() != null) {
                    Files.createDirectories(dir.getParent());
                }
                final FileAttribute<?>[] attributes = posix
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                    : new FileAttribute<?>[0];
                Files.createDirectory(dir, attributes);
                if (posix) {
                    // The umask may have removed bits the owner needs.
                    Files.setPosixFilePermissions(dir, OWNER_ONLY);
                }
            } catch (final FileAlreadyExistsException e) {
                // Another thread or process created it first; it is checked below like any existing one.
            } catch (final IOException e) {
                throw new AffinityException("Cannot create the CPU lock directory " + dir + ": " + e, e);
            }
        }
        if (Files.isSymbolicLink(dir)) {
            throw new AffinityException("CPU lock directory " + dir + " is a symbolic link; refusing to use it"
                + " (remove it, or choose another directory with -D" + CpuReserver.LOCK_DIR_PROPERTY + "=...)");
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new AffinityException("CPU lock directory " + dir + " exists but is not a directory");
        }
        if (!posix) {
            return;
        }
        final PosixFileAttributes attributes;
        final int uid;
        try {
            attributes = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            uid = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        } catch (final IOException | UnsupportedOperationException | IllegalArgumentException e) {
            throw new AffinityException("Cannot read the owner and mode of CPU lock directory " + dir + ": " + e, e);
        }
        final int myUid = effectiveUid();
        final boolean owned = myUid >= 0
            ? uid == myUid
            : attributes.owner().getName().equals(System.getProperty("user.name"));
        if (!owned) {
            throw new AffinityException("CPU lock directory " + dir + " belongs to " + attributes.owner().getName()
                + " (uid " + uid + "), not to this user (" + System.getProperty("user.name") + ", uid " + myUid
                + "); another user's lock files must not decide which CPUs we get. Choose another directory with -D"
                + CpuReserver.LOCK_DIR_PROPERTY + "=...");
        }
        final Set<PosixFilePermission> mode = EnumSet.noneOf(PosixFilePermission.class);
        mode.addAll(attributes.permissions());
        if (!mode.equals(OWNER_ONLY)) {
            throw new AffinityException("CPU lock directory " + dir + " has mode "
                + PosixFilePermissions.toString(mode) + "; it must be rwx------ (0700) so that no other user can"
                + " hold or delete its lock files. Fix it with: chmod 700 " + dir);
        }
    }

    /** The effective uid from {@code /proc/self/status} ("Uid: real effective saved fs"), or -1 if unknown. */
    private static int effectiveUid() {
        try {
            for (final String line : Files.readAllLines(PROC_SELF_STATUS)) {
                if (line.startsWith("Uid:")) {
                    return Integer.parseInt(line.substring(4).strip().split("\\s+")[1]);
                }
            }
        } catch (final IOException | RuntimeException e) {
            // Not Linux: fall back to comparing user names.
        }
        return -1;
    }
}
