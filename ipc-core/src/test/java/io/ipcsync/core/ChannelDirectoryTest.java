package io.ipcsync.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChannelDirectoryTest
{
    private TestDirectory parent;

    @BeforeEach
    void setUp()
    {
        parent = TestDirectory.create();
    }

    @AfterEach
    void tearDown()
    {
        parent.close();
    }

    @Test
    void createsTheDirectoryOwnerOnly() throws Exception
    {
        final Path dir = parent.resolve("channels");
        ChannelDirectory.ensure(dir, false);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
    }

    @Test
    void createsTheDirectoryWithGroupAccessWhenAsked() throws Exception
    {
        final Path dir = parent.resolve("shared");
        ChannelDirectory.ensure(dir, true);
        assertEquals("rwxrwx---", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
    }

    @Test
    void aDirectoryOpenToOthersIsRefusedWithTheFix() throws Exception
    {
        final Path dir = parent.resolve("open");
        Files.createDirectory(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        final ChannelFileException ex = assertThrows(ChannelFileException.class, () -> ChannelDirectory.ensure(dir, false));
        assertTrue(ex.getMessage().contains("has mode rwxrwxrwx; expected rwx------ (fix it with: chmod 700 " + dir + ")"),
            ex.getMessage());
    }

    @Test
    void aDirectoryOfAnotherUserIsRefused() throws Exception
    {
        assumeTrue(ChannelFileTest.isRoot(), "changing a directory's owner needs root");
        final Path dir = parent.resolve("foreign");
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        assertEquals(0, ChannelFileTest.run("chown", "65534", dir.toString()));
        final ChannelFileException ex = assertThrows(ChannelFileException.class, () -> ChannelDirectory.ensure(dir, false));
        assertTrue(ex.getMessage().contains("belongs to uid 65534"), ex.getMessage());
    }

    @Test
    void aSymbolicLinkIsRefused() throws Exception
    {
        final Path target = parent.resolve("target");
        ChannelDirectory.ensure(target, false);
        final Path link = Files.createSymbolicLink(parent.resolve("link"), target);
        final ChannelFileException ex = assertThrows(ChannelFileException.class, () -> ChannelDirectory.ensure(link, false));
        assertTrue(ex.getMessage().contains("is not a directory"), ex.getMessage());
    }

    @Test
    void theSystemPropertyOverridesTheDefault()
    {
        final String before = System.getProperty(ChannelDirectory.DIRECTORY_PROPERTY);
        try
        {
            System.setProperty(ChannelDirectory.DIRECTORY_PROPERTY, "/tmp/elsewhere");
            assertEquals(Path.of("/tmp/elsewhere"), ChannelDirectory.defaultDirectory());
            System.clearProperty(ChannelDirectory.DIRECTORY_PROPERTY);
            assertTrue(ChannelDirectory.defaultDirectory().getFileName().toString().startsWith("ipcsync-"));
        }
        finally
        {
            if (before != null)
            {
                System.setProperty(ChannelDirectory.DIRECTORY_PROPERTY, before);
            }
        }
    }
}
