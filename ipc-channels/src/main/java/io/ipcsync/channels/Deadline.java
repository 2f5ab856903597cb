package io.ipcsync.channels;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The bookkeeping of a blocking call: when it must give up, and whether the thread was interrupted.
 */
final class Deadline
{
    private Deadline()
    {
    }

    /**
     * Returns the {@link System#nanoTime()} after which a call with this timeout gives up.
     *
     * @return the {@link System#nanoTime()} after which a call with this timeout gives up.
     */
    static long after(final long timeout, final TimeUnit unit)
    {
        return System.nanoTime() + unit.toNanos(timeout);
    }

    /**
     * Returns true once the deadline has passed.
     *
     * @param deadline from {@link #after}.
     * @param file     the channel waited on, for the interruption's message.
     * @param waiting  what the call waits for, for the interruption's message.
     * @return true once the deadline has passed.
     * @throws InterruptedException if the thread was interrupted (the flag is cleared).
     */
    static boolean expired(final long deadline, final Path file, final String waiting) throws InterruptedException
    {
        if (Thread.interrupted())
        {
            throw new InterruptedException("interrupted while " + waiting + " " + file);
        }
        return System.nanoTime() - deadline >= 0;
    }
}
