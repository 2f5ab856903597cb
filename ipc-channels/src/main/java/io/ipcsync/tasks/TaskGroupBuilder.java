package io.ipcsync.tasks;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Settings of a {@link TaskGroup} before it opens. Defaults: {@link CompletionPolicy#ALL_SUCCEED}; the
 * enclosing group's executor, or {@link TaskPool#defaultPool()}; no deadline of its own (an enclosing
 * deadline still applies); running tasks interrupted on cancellation; stuck tasks reported after 1 s
 * through {@link System.Logger} "io.ipcsync.tasks".
 */
public final class TaskGroupBuilder
{
    CompletionPolicy policy = CompletionPolicy.ALL_SUCCEED;
    Executor executor;
    long deadline = Long.MAX_VALUE;
    boolean interruptOnCancel = true;
    long stuckGraceNanos = Duration.ofSeconds(1).toNanos();
    StuckTaskListener stuckListener = TaskGroupBuilder::logStuck;

    TaskGroupBuilder()
    {
    }

    /**
     * Sets how the group ends.
     *
     * @param policy how the group ends.
     * @return this builder.
     */
    public TaskGroupBuilder policy(final CompletionPolicy policy)
    {
        this.policy = Objects.requireNonNull(policy, "policy");
        return this;
    }

    /**
     * Sets where the tasks run.
     *
     * @param executor where the tasks run: a {@link java.util.concurrent.ForkJoinPool} (waiting helps),
     *                 a {@link SpinningExecutor} (waiting spins), or any executor (waiting blocks; a
     *                 bounded pool can then deadlock if its tasks wait for nested groups on it).
     * @return this builder.
     */
    public TaskGroupBuilder executor(final Executor executor)
    {
        this.executor = Objects.requireNonNull(executor, "executor");
        return this;
    }

    /**
     * Sets a deadline relative to now.
     *
     * @param timeout the group is cancelled this long after it opens; {@link TaskGroup#close()} then throws
     *                {@link DeadlineExceededException}. Nested groups inherit the deadline.
     * @return this builder.
     */
    public TaskGroupBuilder timeout(final Duration timeout)
    {
        return deadlineNanos(System.nanoTime() + timeout.toNanos());
    }

    /**
     * Sets an absolute deadline.
     *
     * @param nanoTime the deadline as a {@link System#nanoTime()} value.
     * @return this builder.
     */
    public TaskGroupBuilder deadlineNanos(final long nanoTime)
    {
        this.deadline = nanoTime;
        return this;
    }

    /**
     * Sets whether cancellation interrupts task threads.
     *
     * @param interrupt false to only set the token on cancellation, never interrupting task threads.
     * @return this builder.
     */
    public TaskGroupBuilder interruptOnCancel(final boolean interrupt)
    {
        this.interruptOnCancel = interrupt;
        return this;
    }

    /**
     * Sets how stuck tasks are reported.
     *
     * @param grace a task still running this long after its cancellation is reported; zero turns
     *              reporting off.
     * @param listener who is told.
     * @return this builder.
     */
    public TaskGroupBuilder onStuckTask(final Duration grace, final StuckTaskListener listener)
    {
        this.stuckGraceNanos = grace.toNanos();
        this.stuckListener = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /**
     * Opens the group as a child of the current task or group of this thread, if any.
     *
     * @return the open group.
     */
    public TaskGroup open()
    {
        return TaskGroup.open(this);
    }

    private static void logStuck(final Task<?> task, final Thread thread, final long sinceCancelNanos)
    {
        final StringBuilder where = new StringBuilder();
        if (thread != null)
        {
            for (final StackTraceElement element : thread.getStackTrace())
            {
                where.append("\n\tat ").append(element);
            }
        }
        System.getLogger("io.ipcsync.tasks").log(System.Logger.Level.WARNING,
            "task " + task + " on thread " + (thread != null ? thread.getName() : "?") + " still runs " +
            sinceCancelNanos / 1_000_000 + " ms after its cancellation; its group waits for it" + where);
    }
}
