package io.ipcsync.core.jcstress;

import io.ipcsync.core.ChannelFile;
import io.ipcsync.core.ChannelLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Channel files for jcstress states, which jcstress makes by the thousand: each is created in a
 * new directory under {@code /dev/shm}, mapped, and both are deleted at once (the mapping stays
 * valid), so nothing is left on disk. A state's {@code @Arbiter} unmaps its file, as arbiters run
 * after every actor of their state is done; states jcstress makes but never runs are unmapped by GC.
 */
final class UnlinkedChannelFile
{
    private static final Path BASE = Files.isDirectory(Path.of("/dev/shm")) ?
        Path.of("/dev/shm") : Path.of(System.getProperty("java.io.tmpdir"));

    private UnlinkedChannelFile()
    {
    }

    /**
     * Creates, maps and deletes a channel file.
     *
     * @param layout its layout.
     * @return the mapped file, no longer on disk.
     */
    static ChannelFile create(final ChannelLayout layout)
    {
        final Path directory;
        try
        {
            directory = Files.createTempDirectory(BASE, "ipcsync-jcstress-");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        final Path path = directory.resolve("ring");
        try
        {
            return ChannelFile.openOrCreate(path, layout, false, false, Duration.ofSeconds(1));
        }
        finally
        {
            delete(path);
            delete(directory);
        }
    }

    private static void delete(final Path path)
    {
        try
        {
            Files.deleteIfExists(path);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot delete " + path + ": a test file would stay in " + BASE, ex);
        }
    }
}
