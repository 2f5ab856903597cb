package io.ipcsync.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command lines for child JVMs: the same {@code java} binary and class path as this JVM, the flags
 * that quieten newer JDKs, the given flags, and the system properties every bench JVM passes on
 * ({@link LoopThreadHook#PROPERTY}). A jar manifest's {@code Add-Opens} only reaches the JVM that
 * launched the jar, so a child gets every flag it needs explicitly.
 */
public final class ChildJvm
{
    /** System properties handed down to every child JVM when set here. */
    private static final List<String> FORWARDED_PROPERTIES = List.of(LoopThreadHook.PROPERTY);

    private ChildJvm()
    {
    }

    /**
     * Returns the {@code java} executable running this JVM.
     *
     * @return the {@code java} executable running this JVM.
     */
    public static String javaExecutable()
    {
        return ProcessHandle.current().info().command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /**
     * Builds a command line.
     *
     * @param mainClass the class whose {@code main} the child runs.
     * @param jvmFlags  flags for the child JVM, in order.
     * @param args      arguments for {@code main}.
     * @return the command.
     */
    public static List<String> command(final Class<?> mainClass, final List<String> jvmFlags, final List<String> args)
    {
        final List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(JvmFlags.forRunningJdk());
        command.addAll(jvmFlags);
        for (final String property : FORWARDED_PROPERTIES)
        {
            final String value = System.getProperty(property);
            if (value != null)
            {
                command.add("-D" + property + "=" + value);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(args);
        return command;
    }
}
