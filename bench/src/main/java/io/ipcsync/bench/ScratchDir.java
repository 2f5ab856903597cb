package io.ipcsync.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Directories for the files a benchmark run maps: under {@code /dev/shm} (memory, not disk) when it
 * exists, else under {@code java.io.tmpdir}; every one is named {@value #PREFIX}{@code *} so that
 * leftovers of a killed run are easy to find.
 */
public final class ScratchDir
{
    /** Name prefix of every scratch directory. */
    public static final String PREFIX = "ipcsync-bench-";

    private ScratchDir()
    {
    }

    /**
     * Returns {@code /dev/shm} when it is a directory, else {@code java.io.tmpdir}.
     *
     * @return {@code /dev/shm} when it is a directory, else {@code java.io.tmpdir}.
     */
    public static Path root()
    {
        final Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
    }

    /**
     * Creates a new, empty scratch directory.
     *
     * @param what a word saying what it is for, part of its name.
     * @return the directory.
     */
    public static Path create(final String what)
    {
        try
        {
            return Files.createTempDirectory(root(), PREFIX + what + "-");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create a scratch directory under " + root(), ex);
        }
    }

    /**
     * Deletes a directory and everything in it; a missing directory is fine.
     *
     * @param dir the directory, or null.
     */
    public static void delete(final Path dir)
    {
        if (dir == null || !Files.exists(dir))
        {
            return;
        }
        try
        {
            Files.walkFileTree(dir, new SimpleFileVisitor<>()
            {
                @Override
                public FileVisitResult visitFile(final Path file, final BasicFileAttributes attrs) throws IOException
                {
                    deleteIfPresent(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(final Path d, final IOException ex) throws IOException
                {
                    deleteIfPresent(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot delete scratch directory " + dir, ex);
        }
    }

    private static void deleteIfPresent(final Path path) throws IOException
    {
        try
        {
            Files.deleteIfExists(path);
        }
        catch (final NoSuchFileException ignore)
        {
            // a library deleted it itself while we walked (Aeron's dirDeleteOnShutdown)
        }
    }
}
