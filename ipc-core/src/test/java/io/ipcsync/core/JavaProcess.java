package io.ipcsync.core;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a second JVM with this test's classpath and the flags ipcsync needs, running a main class.
 */
public final class JavaProcess
{
    private JavaProcess()
    {
    }

    /**
     * @param mainClass the class whose main runs in the child.
     * @param args      its arguments.
     * @return a builder with stderr going to this process's stderr and stdout piped.
     */
    public static ProcessBuilder builder(final Class<?> mainClass, final String... args)
    {
        final List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        command.add("--add-exports");
        command.add("java.base/jdk.internal.misc=ALL-UNNAMED");
        command.add("-Xms64m");
        command.add("-XX:+UseSerialGC");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
    }

    /**
     * Starts the child.
     *
     * @param mainClass the class whose main runs in the child.
     * @param args      its arguments.
     * @return the running process.
     * @throws IOException if it cannot start.
     */
    public static Process start(final Class<?> mainClass, final String... args) throws IOException
    {
        return builder(mainClass, args).start();
    }
}
