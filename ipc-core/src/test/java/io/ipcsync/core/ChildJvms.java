package io.ipcsync.core;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The child JVMs a test started ({@link JavaProcess}): {@link #close} kills each one still running
 * and waits for it, so a failed test leaves no process behind.
 */
public final class ChildJvms implements AutoCloseable
{
    private final List<Process> started = new ArrayList<>();

    /**
     * Starts a child and keeps it for {@link #close}.
     *
     * @param mainClass the class whose main runs in the child.
     * @param args      its arguments.
     * @return the running process.
     * @throws IOException if it cannot start.
     */
    public Process start(final Class<?> mainClass, final String... args) throws IOException
    {
        return start(JavaProcess.builder(mainClass, args));
    }

    /**
     * Starts a child from a builder (one from {@link JavaProcess#builder}, its command changed) and
     * keeps it for {@link #close}.
     *
     * @param builder what to start.
     * @return the running process.
     * @throws IOException if it cannot start.
     */
    public Process start(final ProcessBuilder builder) throws IOException
    {
        final Process process = builder.start();
        started.add(process);
        return process;
    }

    /**
     * Kills every child still running (SIGKILL) and waits for each to end; an interrupt is kept
     * for the caller, not allowed to leave a child running.
     */
    @Override
    public void close()
    {
        boolean interrupted = false;
        for (final Process process : started)
        {
            process.destroyForcibly();
            while (process.isAlive())
            {
                try
                {
                    process.waitFor();
                }
                catch (final InterruptedException ex)
                {
                    interrupted = true;
                }
            }
        }
        started.clear();
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }
}
