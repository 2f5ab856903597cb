package io.ipcsync.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A fresh channel directory under {@code /dev/shm} (or the temp dir) for one test, deleted with
 * everything in it on close.
 */
public final class TestDirectory implements AutoCloseable
{
    private final Path path;

    private TestDirectory(final Path path)
    {
        this.path = path;
    }

    /**
     * @return a new, empty, validated directory.
     */
    public static TestDirectory create()
    {
        final Path base = Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm") : Path.of(System.getProperty("java.io.tmpdir"));
        final Path path = base.resolve("ipcsync-test-" + UUID.randomUUID());
        ChannelDirectory.ensure(path, false);
        return new TestDirectory(path);
    }

    /**
     * @return the directory.
     */
    public Path path()
    {
        return path;
    }

    /**
     * @param name a file name.
     * @return the path of that file in the directory.
     */
    public Path resolve(final String name)
    {
        return path.resolve(name);
    }

    @Override
    public void close()
    {
        deleteTree(path);
    }

    /**
     * Deletes a directory and all it holds.
     *
     * @param root the directory.
     */
    public static void deleteTree(final Path root)
    {
        if (!Files.exists(root))
        {
            return;
        }
        try (Stream<Path> paths = Files.walk(root))
        {
            paths.sorted(Comparator.reverseOrder()).forEach(p ->
            {
                try
                {
                    Files.deleteIfExists(p);
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException(ex);
                }
            });
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
