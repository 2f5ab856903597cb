package io.ipcsync.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChannelFileTest
{
    private static final ChannelLayout SPSC_64K = ChannelLayout.of(ChannelMode.SPSC, 64 * 1024);
    private static final Duration SHORT = Duration.ofMillis(50);

    private TestDirectory directory;
    private Path file;

    @BeforeEach
    void setUp()
    {
        directory = TestDirectory.create();
        file = directory.resolve("test.ipc");
    }

    @AfterEach
    void tearDown()
    {
        directory.close();
    }

    private void createValidFile()
    {
        ChannelFile.openOrCreate(file, SPSC_64K, true, false, SHORT).close();
    }

    private void putInt(final long offset, final int value) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            channel.write(ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(0, value), offset);
        }
    }

    private void putLong(final long offset, final long value) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            channel.write(ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(0, value), offset);
        }
    }

    private long getLong(final long offset) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            final ByteBuffer bytes = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
            channel.read(bytes, offset);
            return bytes.getLong(0);
        }
    }

    private ChannelFileException openFails()
    {
        return assertThrows(ChannelFileException.class, () -> ChannelFile.open(file, ChannelMode.SPSC, null, SHORT));
    }

    @Test
    void createsAFileWithTheLayoutAndOwnerOnlyPermissions() throws IOException
    {
        try (ChannelFile channel = ChannelFile.openOrCreate(file, SPSC_64K, true, false, SHORT))
        {
            assertEquals(SPSC_64K, channel.layout());
            assertEquals(ProcessLiveness.currentPid(), channel.creatorPid());
            assertEquals(64 * 1024, channel.ring().capacity());
        }
        assertEquals(ChannelFileDescriptor.fileLength(64 * 1024, 0), Files.size(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void groupAccessCreatesAGroupWritableFile() throws IOException
    {
        ChannelFile.openOrCreate(file, SPSC_64K, true, true, SHORT).close();
        assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void openingAnExistingFileNeverReinitialisesIt()
    {
        try (ChannelFile first = ChannelFile.openOrCreate(file, SPSC_64K, true, false, SHORT))
        {
            first.ring().putLong(128, 0x1234_5678L);
            try (ChannelFile second = ChannelFile.openOrCreate(file, SPSC_64K, false, false, SHORT))
            {
                assertEquals(0x1234_5678L, second.ring().getLong(128));
                assertEquals(first.creationTimeMillis(), second.creationTimeMillis());
            }
        }
    }

    @Test
    void wrongMagicIsRefusedAtOnce() throws IOException
    {
        final byte[] foreign = new byte[8192];
        new Random(42).nextBytes(foreign);
        Files.write(file, foreign);
        final ChannelFileException ex = openFails();
        assertTrue(ex.getMessage().contains("not an ipcsync channel file: magic is 0x"), ex.getMessage());
        assertTrue(ex.getMessage().startsWith(file.toString()), ex.getMessage());
    }

    @Test
    void unknownLayoutVersionIsRefused() throws IOException
    {
        createValidFile();
        putInt(ChannelFileDescriptor.LAYOUT_VERSION_OFFSET, 99);
        assertTrue(openFails().getMessage().contains(
            "unknown layout version 99; this library reads version " + ChannelFileDescriptor.LAYOUT_VERSION));
    }

    @Test
    void capacityThatIsNotAPowerOfTwoIsRefused() throws IOException
    {
        createValidFile();
        putInt(ChannelFileDescriptor.CAPACITY_OFFSET, 3000);
        assertTrue(openFails().getMessage().contains("capacity 3000 must be a power of two"));
    }

    @Test
    void maxMessageLengthOutOfRangeIsRefused() throws IOException
    {
        createValidFile();
        putInt(ChannelFileDescriptor.MAX_MESSAGE_LENGTH_OFFSET, 64 * 1024);
        assertTrue(openFails().getMessage().contains("max message length 65536 must be from 0 to capacity/8"));
    }

    @Test
    void unknownModeIsRefused() throws IOException
    {
        createValidFile();
        putInt(ChannelFileDescriptor.MODE_OFFSET, 77);
        assertTrue(openFails().getMessage().contains("mode 77 is not a known channel mode"));
    }

    @Test
    void aFileOfAnotherModeIsRefused()
    {
        createValidFile();
        final ChannelFileException ex = assertThrows(ChannelFileException.class,
            () -> ChannelFile.open(file, ChannelMode.MPSC, null, SHORT));
        assertTrue(ex.getMessage().contains("mode is SPSC, opened as MPSC"), ex.getMessage());
    }

    @Test
    void sizesAreCheckedWhenAsked()
    {
        createValidFile();
        final ChannelLayout other = ChannelLayout.of(ChannelMode.SPSC, 128 * 1024);
        final ChannelFileException ex = assertThrows(ChannelFileException.class,
            () -> ChannelFile.openOrCreate(file, other, true, false, SHORT));
        assertTrue(ex.getMessage().contains("capacity 65536, max message length 8192 and lanes 0 differ from the requested 131072"));
        ChannelFile.openOrCreate(file, other, false, false, SHORT).close();
    }

    @Test
    void aTruncatedRingIsRefused() throws IOException
    {
        createValidFile();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            channel.truncate(ChannelFileDescriptor.HEADER_LENGTH + 1000);
        }
        final ChannelFileException ex = openFails();
        assertTrue(ex.getMessage().contains("truncated: file length 5096 bytes, but its header says capacity 65536"),
            ex.getMessage());
    }

    @Test
    void aNewFileRecordsItsCreatorsPidNamespace() throws IOException
    {
        assumeTrue(ProcessLiveness.currentPidNamespace() != 0, "no /proc/self/ns/pid here");
        createValidFile();
        assertEquals(ProcessLiveness.currentPidNamespace(), getLong(ChannelFileDescriptor.CREATOR_PID_NAMESPACE_OFFSET));
    }

    @Test
    void aFileCreatedInAnotherPidNamespaceIsRefusedNamingBoth() throws IOException
    {
        final long own = ProcessLiveness.currentPidNamespace();
        assumeTrue(own != 0, "no /proc/self/ns/pid here");
        createValidFile();
        putLong(ChannelFileDescriptor.CREATOR_PID_NAMESPACE_OFFSET, own + 1);
        final ChannelFileException ex = openFails();
        assertTrue(ex.getMessage().contains("created in pid namespace " + (own + 1) + ", but this process is in " + own),
            ex.getMessage());
        assertTrue(ex.getMessage().contains("delete the file if no process of namespace " + (own + 1) + " uses it"),
            ex.getMessage());
        // still readable for a look from outside: the snapshot and the layout do not use the parties' pids
        assertEquals(ChannelMode.SPSC, ChannelSnapshot.read(file).layout().mode());
    }

    @Test
    void aFileWhoseCreatorsPidNamespaceIsUnknownOpensAnywhere() throws IOException
    {
        createValidFile();
        putLong(ChannelFileDescriptor.CREATOR_PID_NAMESPACE_OFFSET, 0);
        ChannelFile.open(file, ChannelMode.SPSC, null, SHORT).close();
    }

    @Test
    void aPidNamespaceLinkIsReadAsItsNumberAndAnythingElseAsUnknown() throws IOException
    {
        final Path link = directory.resolve("ns-link");
        Files.createSymbolicLink(link, Path.of("pid:[4026532174]"));
        assertEquals(4026532174L, ProcessLiveness.pidNamespaceOf(link));
        Files.delete(link);
        Files.createSymbolicLink(link, Path.of("net:[4026531840]"));
        assertEquals(0, ProcessLiveness.pidNamespaceOf(link));
        Files.delete(link);
        assertEquals(0, ProcessLiveness.pidNamespaceOf(link), "no link");
    }

    @Test
    void aSnapshotOfATruncatedRingIsAnErrorNotACrash() throws IOException
    {
        createValidFile();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            channel.truncate(ChannelFileDescriptor.HEADER_LENGTH + 1000);
        }
        // the snapshot reads the ring to find the records after the producer's stored position
        final ChannelFileException ex = assertThrows(ChannelFileException.class, () -> ChannelSnapshot.read(file));
        assertTrue(ex.getMessage().contains("truncated"), ex.getMessage());
    }

    @Test
    void aFileShorterThanTheHeaderIsRefused() throws IOException
    {
        Files.write(file, new byte[100]);
        final ChannelFileException ex = openFails();
        assertTrue(ex.getMessage().contains("truncated: 100 bytes, shorter than the 4096-byte header"), ex.getMessage());
    }

    @Test
    void anOldTruncatedFileFailsWithoutWaitingForTheTimeout() throws IOException
    {
        Files.write(file, new byte[100]);
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        final long start = System.nanoTime();
        assertThrows(ChannelFileException.class, () -> ChannelFile.open(file, ChannelMode.SPSC, null, Duration.ofSeconds(30)));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
    }

    @Test
    void aHalfCreatedFileIsReportedWithItsCreator() throws IOException
    {
        createValidFile();
        putInt(ChannelFileDescriptor.LAYOUT_VERSION_OFFSET, 0);
        final ChannelFileException ex = openFails();
        assertTrue(ex.getMessage().contains("half-created: its layout version is still 0 after waiting 50 ms (creator pid " +
            ProcessLiveness.currentPid() + " is alive)"), ex.getMessage());
    }

    @Test
    void aFileThatAppearsDuringTheWaitIsOpened() throws Exception
    {
        createValidFile();
        putInt(ChannelFileDescriptor.LAYOUT_VERSION_OFFSET, 0);
        final Thread finisher = new Thread(() ->
        {
            try
            {
                Thread.sleep(100);
                putInt(ChannelFileDescriptor.LAYOUT_VERSION_OFFSET, ChannelFileDescriptor.LAYOUT_VERSION);
            }
            catch (final Exception ex)
            {
                throw new IllegalStateException(ex);
            }
        });
        finisher.start();
        try (ChannelFile opened = ChannelFile.open(file, ChannelMode.SPSC, null, Duration.ofSeconds(10)))
        {
            assertEquals(SPSC_64K, opened.layout());
        }
        finisher.join();
    }

    @Test
    void deleteRemovesTheFile()
    {
        createValidFile();
        assertTrue(ChannelFile.delete(file));
        assertFalse(Files.exists(file));
        assertFalse(ChannelFile.delete(file));
    }

    @Test
    void aFullFileSystemFailsAtCreationNamingTheSpace() throws Exception
    {
        assumeTrue(isRoot(), "mounting a small tmpfs needs root");
        final Path mount = directory.resolve("small-tmpfs");
        Files.createDirectory(mount);
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=64k,mode=0700", "tmpfs", mount.toString()) == 0,
            "mount is not permitted here");
        try
        {
            final Path big = mount.resolve("big.ipc");
            final InsufficientSpaceException ex = assertThrows(InsufficientSpaceException.class,
                () -> ChannelFile.openOrCreate(big, SPSC_64K, true, false, SHORT));
            assertEquals(ChannelFileDescriptor.fileLength(64 * 1024, 0), ex.bytesNeeded());
            assertTrue(ex.bytesFree() < ex.bytesNeeded());
            assertTrue(ex.getMessage().contains("needs 69632 bytes, " + ex.bytesFree() + " bytes free"), ex.getMessage());
            assertFalse(Files.exists(big), "a failed creation leaves no file behind");

            // a channel that fits is created, proving the check is not too strict
            ChannelFile.openOrCreate(mount.resolve("small.ipc"), ChannelLayout.of(ChannelMode.SPSC, 16 * 1024), true, false, SHORT)
                .close();
        }
        finally
        {
            assertEquals(0, run("umount", mount.toString()));
        }
    }

    static boolean isRoot()
    {
        return "root".equals(System.getProperty("user.name"));
    }

    static int run(final String... command) throws IOException, InterruptedException
    {
        return new ProcessBuilder(command).inheritIO().start().waitFor();
    }
}
