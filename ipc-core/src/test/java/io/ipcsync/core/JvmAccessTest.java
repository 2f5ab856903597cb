package io.ipcsync.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JvmAccessTest
{
    @Test
    void passesWithTheFlagThatSurefireSets()
    {
        JvmAccess.requireAgronaAccess();
    }

    @Test
    void aJvmWithoutTheFlagIsToldWhichFlagToAdd() throws Exception
    {
        final Process child = new ProcessBuilder(List.of(
            System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
            "-cp", System.getProperty("java.class.path"), NoFlagMain.class.getName()))
            .redirectErrorStream(true).start();
        final String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, child.waitFor(), output);
        assertTrue(output.contains("ipcsync needs the JVM flag --add-exports java.base/jdk.internal.misc=ALL-UNNAMED"), output);
    }

    /**
     * Runs without the flag and prints what opening a channel file says.
     */
    public static final class NoFlagMain
    {
        private NoFlagMain()
        {
        }

        /**
         * @param args unused.
         */
        public static void main(final String[] args)
        {
            try
            {
                ChannelFile.openOrCreate(java.nio.file.Path.of("/nonexistent/never.ipc"),
                    ChannelLayout.of(ChannelMode.SPSC, 4096), false, false, java.time.Duration.ZERO);
                System.out.println("opened without the flag?");
            }
            catch (final IllegalStateException ex)
            {
                System.out.println(ex.getMessage());
            }
        }
    }
}
