package io.ipcsync.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Who owns a side of a channel and whether that process still lives.
 *
 * <p>A side is owned through an owner token, {@code pid << 24 | sequence}, unique per attach
 * within a JVM, so two handles in one process are told apart. A process is dead when no process
 * has its pid, or when the process with that pid started at another time (the pid was reused).
 * This needs both processes in one pid namespace: containers that share {@code /dev/shm} but not
 * their pids cannot see each other's liveness, so a channel file records the pid namespace it was
 * created in ({@link #currentPidNamespace()}) and is opened only from that one.
 */
public final class ProcessLiveness
{
    private static final int SEQUENCE_BITS = 24;
    private static final long SEQUENCE_MASK = (1L << SEQUENCE_BITS) - 1;
    /** Start times are derived from clock ticks; allow for rounding between two readers. */
    private static final long START_TIME_TOLERANCE_MS = 1000;

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final long CURRENT_PID = ProcessHandle.current().pid();
    private static final long CURRENT_START_TIME = startTimeOf(ProcessHandle.current());
    private static final long CURRENT_PID_NAMESPACE = pidNamespaceOf(Path.of("/proc/self/ns/pid"));

    private ProcessLiveness()
    {
    }

    /**
     * Returns the process id of this JVM.
     *
     * @return the process id of this JVM.
     */
    public static long currentPid()
    {
        return CURRENT_PID;
    }

    /**
     * Returns when this JVM's process started, epoch millis, or 0 if the OS does not say.
     *
     * @return when this JVM's process started, epoch millis, or 0 if the OS does not say.
     */
    public static long currentStartTimeMillis()
    {
        return CURRENT_START_TIME;
    }

    /**
     * Returns the pid namespace of this JVM: the inode number Linux shows in the link
     * {@code /proc/self/ns/pid} ({@code pid:[4026531836]}), the same for every process of one
     * namespace; 0 where there is no such link (not Linux, or {@code /proc} not mounted).
     *
     * @return the pid namespace of this JVM, or 0 if unknown.
     */
    public static long currentPidNamespace()
    {
        return CURRENT_PID_NAMESPACE;
    }

    /**
     * Returns a token for a new attach by this process: never 0, unique within this JVM.
     *
     * @return a token for a new attach by this process: never 0, unique within this JVM.
     */
    public static long newOwnerToken()
    {
        final long sequence = (SEQUENCE.incrementAndGet() & SEQUENCE_MASK) | 1L << (SEQUENCE_BITS - 1);
        return CURRENT_PID << SEQUENCE_BITS | sequence;
    }

    /**
     * Returns the pid inside it, or 0 for no owner.
     *
     * @param ownerToken a token from {@link #newOwnerToken()}, or 0.
     * @return the pid inside it, or 0 for no owner.
     */
    public static long pidOf(final long ownerToken)
    {
        return ownerToken >>> SEQUENCE_BITS;
    }

    /**
     * Returns true when a process with that pid runs and, if the start time is known, started then.
     *
     * @param pid             a process id.
     * @param startTimeMillis when that process started, epoch millis, or 0 if unknown.
     * @return true when a process with that pid runs and, if the start time is known, started then.
     */
    public static boolean isAlive(final long pid, final long startTimeMillis)
    {
        if (pid == CURRENT_PID)
        {
            return true;
        }
        final Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive())
        {
            return false;
        }
        if (startTimeMillis == 0)
        {
            return true;
        }
        final long actual = startTimeOf(handle.get());
        return actual == 0 || Math.abs(actual - startTimeMillis) <= START_TIME_TOLERANCE_MS;
    }

    /**
     * Reads a pid namespace link, {@code pid:[N]}: returns N, or 0 when it cannot be read or parsed.
     *
     * @param link a {@code /proc/<pid>/ns/pid} link.
     * @return the namespace's inode number, or 0.
     */
    static long pidNamespaceOf(final Path link)
    {
        try
        {
            final String target = Files.readSymbolicLink(link).toString();
            if (target.startsWith("pid:[") && target.endsWith("]"))
            {
                return Long.parseLong(target.substring("pid:[".length(), target.length() - 1));
            }
            return 0;
        }
        catch (final IOException | UnsupportedOperationException | SecurityException | NumberFormatException ex)
        {
            return 0;
        }
    }

    private static long startTimeOf(final ProcessHandle process)
    {
        return process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }
}
