package io.ipcsync.tasks;

import java.nio.channels.ClosedByInterruptException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinTask;

/**
 * A task of a {@link TaskGroup}: the handle users see and the unit the executor runs. It extends
 * {@link ForkJoinTask} so the default pool runs it without a wrapper and a closing group can help run
 * it, and so it keeps its whole state in the fork-join status word: the task's own phase and flags live
 * in the word's 16-bit tag, its end in the word's done bit. A task thus costs two atomic operations of
 * its own, the claim when it starts and the completion, the same count as a plain fork-join task plus
 * one.
 *
 * <p>Tag: the low 2 bits are the phase ({@link #QUEUED}, {@link #RUNNING}, {@link #DROPPED}: a
 * canceller took it before it started); {@link #CANCEL} marks a requested cancellation, kept after the
 * end ({@link #cancelled()} stays true); {@code INTERRUPTING} an interrupt being delivered (the runner
 * waits for it after completing, then clears the thread's interrupt, so none leaks into the thread's next
 * task); {@code REPORTED} a stuck report made. A task is final once the fork-join status is done; its
 * {@code end} (final state ordinal, plus {@code ENDED_CANCELLED} when a cancellation was requested before
 * it) is written before that, so whoever sees it done reads the end. {@link #exec()} returns false: the
 * task completes itself after its end is written, never the fork-join framework before.
 */
final class GroupTask<T> extends ForkJoinTask<Void> implements Task<T>, Runnable
{
    private static final long serialVersionUID = 1L;

    static final int QUEUED = 0;
    static final int RUNNING = 1;
    static final int DROPPED = 2;
    private static final int PHASE = 3;
    static final int CANCEL = 4;
    private static final int INTERRUPTING = 8;
    private static final int REPORTED = 16;

    private static final TaskState[] STATES = TaskState.values();
    static final int SUCCEEDED = TaskState.SUCCEEDED.ordinal();
    static final int FAILED = TaskState.FAILED.ordinal();
    static final int CANCELLED = TaskState.CANCELLED.ordinal();
    /** In {@code end}: the {@link TaskState} ordinal. */
    private static final int ORDINAL_MASK = 7;
    /** In {@code end}: a cancellation was requested before the task ended. */
    private static final int ENDED_CANCELLED = 8;

    // Few fields on purpose: a task is allocated per spawn and read by another core.
    final transient TaskGroup group;
    /** A {@link TaskBody} or a {@link TaskAction}. */
    private final transient Object body;
    private transient Thread runner;
    /** The result when succeeded, the exception when failed or cancelled by one. */
    private transient Object outcome;
    /** The final state's ordinal, with {@code ENDED_CANCELLED} if a cancellation was requested; set before done. */
    private transient int end;
    /** The next older task of the group's list; written before the push, changed only by the pruner. */
    transient GroupTask<?> next;
    /** The next newer task of the owner's list (not of the other list); written and read by the owner only. */
    transient GroupTask<?> newer;
    /** Groups opened inside this task, guarded by this task's monitor. */
    transient TaskGroup children;

    GroupTask(final TaskGroup group, final TaskBody<T> body, final TaskAction action)
    {
        this.group = group;
        this.body = body != null ? body : action;
    }

    @Override
    protected boolean exec()
    {
        runTask();
        return false; // completed by runTask itself, or by the canceller that dropped it
    }

    @Override
    public void run()
    {
        runTask();
    }

    @Override
    public Void getRawResult()
    {
        return null;
    }

    @Override
    protected void setRawResult(final Void unused)
    {
    }

    private void runTask()
    {
        runner = Thread.currentThread();
        if (!compareAndSetForkJoinTaskTag((short)QUEUED, (short)RUNNING))
        {
            return; // dropped by cancellation before it started
        }
        if (group.cancelReason != TaskGroup.NOT_CANCELLED)
        {
            // The owner publishes a task with a release store and then reads the cancel flag; a cancel sets
            // the flag and then walks the lists: the two can miss each other (store buffering; the owner
            // spawn race of TaskStartRaceTest shows it). The claim's CAS orders this read after the task
            // was published, so a task spawned while its group was being cancelled never runs its body.
            finish(null, null, true);
            return;
        }
        final Object previous = Scopes.enter(this);
        Object result = null;
        Throwable failure = null;
        try
        {
            if (body instanceof TaskAction)
            {
                ((TaskAction)body).run(this);
            }
            else
            {
                result = ((TaskBody<?>)body).run(this);
            }
        }
        catch (final Throwable ex)
        {
            failure = ex;
        }
        Scopes.restore(previous);
        finish(result, failure, false);
    }

    private void finish(final Object result, final Throwable failure, final boolean droppedAtStart)
    {
        final boolean cancelRequested = (getForkJoinTaskTag() & CANCEL) != 0 ||
            group.cancelReason != TaskGroup.NOT_CANCELLED;
        final int ordinal;
        if (droppedAtStart)
        {
            ordinal = CANCELLED;
        }
        else if (failure == null)
        {
            ordinal = SUCCEEDED;
        }
        else if (cancelRequested && isCancellation(failure))
        {
            ordinal = CANCELLED;
        }
        else
        {
            ordinal = FAILED;
        }
        outcome = failure != null ? failure : result;
        end = ordinal | (cancelRequested ? ENDED_CANCELLED : 0);
        // the group records the outcome (failure, winner) before anyone can see this task final, so a
        // closing group never misses it; the cancellation this may start skips this task
        group.taskFinished(this, ordinal, failure);
        quietlyComplete();
        // A canceller that set its flags before the completion above may still be interrupting this
        // thread: wait for it, then take the interrupt back so it cannot reach the thread's next task.
        // One that comes after the completion sees the task done and does not interrupt.
        int tag;
        while (((tag = getForkJoinTaskTag()) & INTERRUPTING) != 0)
        {
            Thread.onSpinWait();
        }
        if ((tag & CANCEL) != 0 && group.interruptOnCancel)
        {
            Thread.interrupted();
        }
    }

    private static boolean isCancellation(final Throwable failure)
    {
        return failure instanceof CancellationException || failure instanceof InterruptedException ||
            failure instanceof ClosedByInterruptException;
    }

    /** Requests cancellation; returns true if this call dropped the task before it started. */
    boolean requestCancel()
    {
        while (!isDone())
        {
            final short tag = getForkJoinTaskTag();
            if ((tag & CANCEL) != 0)
            {
                return false;
            }
            if ((tag & PHASE) == QUEUED)
            {
                if (compareAndSetForkJoinTaskTag(tag, (short)(DROPPED | CANCEL)))
                {
                    end = CANCELLED | ENDED_CANCELLED;
                    group.taskFinished(this, CANCELLED, null);
                    quietlyComplete();
                    return true;
                }
            }
            else
            {
                final boolean interrupt = group.interruptOnCancel;
                if (compareAndSetForkJoinTaskTag(tag, (short)(tag | CANCEL | (interrupt ? INTERRUPTING : 0))))
                {
                    if (interrupt)
                    {
                        try
                        {
                            if (!isDone()) // done before the flags were set: the runner has moved on
                            {
                                runner.interrupt();
                            }
                        }
                        finally
                        {
                            clearTagBits(INTERRUPTING);
                        }
                    }
                    TaskGroup.cancelChildren(this);
                    return false;
                }
            }
        }
        return false;
    }

    private void clearTagBits(final int bits)
    {
        short tag;
        do
        {
            tag = getForkJoinTaskTag();
        }
        while (!compareAndSetForkJoinTaskTag(tag, (short)(tag & ~bits)));
    }

    boolean isFinal()
    {
        return isDone();
    }

    boolean isRunningCancelled()
    {
        final short tag = getForkJoinTaskTag();
        return !isDone() && (tag & PHASE) == RUNNING && (tag & CANCEL) != 0;
    }

    /** Marks this task reported as stuck; true if it was not before. */
    boolean markReportedStuck()
    {
        short tag;
        do
        {
            tag = getForkJoinTaskTag();
            if ((tag & REPORTED) != 0)
            {
                return false;
            }
        }
        while (!compareAndSetForkJoinTaskTag(tag, (short)(tag | REPORTED)));
        return true;
    }

    Thread runner()
    {
        return runner;
    }

    /**
     * Waits without fork-join helping: spins for {@code spinNanos} (running tasks of {@code helper} if it is
     * the executor of this thread), then blocks until the task is done.
     *
     * @throws InterruptedException if the thread is interrupted while blocked.
     */
    void awaitBlocking(final long spinNanos, final SpinningExecutor helper) throws InterruptedException
    {
        if (isDone())
        {
            return;
        }
        if (spinNanos > 0)
        {
            final boolean help = helper != null && helper.isOwnThread(Thread.currentThread());
            final long start = System.nanoTime();
            int spins = 0;
            while (!isDone())
            {
                if (help && helper.runOne())
                {
                    continue;
                }
                Thread.onSpinWait();
                if ((++spins & 1023) == 0 && System.nanoTime() - start > spinNanos)
                {
                    break;
                }
            }
        }
        if (!isDone())
        {
            try
            {
                get();
            }
            catch (final ExecutionException ex)
            {
                throw new AssertionError("a task group task completes normally in fork-join terms", ex);
            }
        }
    }

    @Override
    public TaskState state()
    {
        if (isDone())
        {
            return STATES[end & ORDINAL_MASK];
        }
        return (getForkJoinTaskTag() & PHASE) == QUEUED ? TaskState.QUEUED : TaskState.RUNNING;
    }

    /** The final state's ordinal, or -1 while not final. */
    private int endOrdinal()
    {
        return isDone() ? end & ORDINAL_MASK : -1;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T result()
    {
        if (endOrdinal() != SUCCEEDED)
        {
            throw new IllegalStateException("task is " + state() + ", it has no result" +
                (error() != null ? " (error: " + error() + ")" : ""));
        }
        return (T)outcome;
    }

    @Override
    public Throwable error()
    {
        // a cancelled task holds the exception it let escape, or null when dropped
        return endOrdinal() >= FAILED ? (Throwable)outcome : null;
    }

    @Override
    public TaskState await() throws InterruptedException
    {
        if (!isDone())
        {
            if (group.pool != null)
            {
                quietlyJoin();
            }
            else
            {
                awaitBlocking(group.spinNanos, group.spinner);
            }
        }
        return state();
    }

    @Override
    public void cancel()
    {
        requestCancel();
    }

    @Override
    public TaskGroup group()
    {
        return group;
    }

    @Override
    public boolean cancelled()
    {
        // the group's flag is written first by a group cancel: running tasks see it before the walk reaches them
        if ((getForkJoinTaskTag() & CANCEL) != 0)
        {
            return true;
        }
        return isDone() ? (end & ENDED_CANCELLED) != 0 : group.cancelReason != TaskGroup.NOT_CANCELLED;
    }

    @Override
    public long remainingNanos()
    {
        return group.remainingNanos();
    }

    @Override
    public String toString()
    {
        return "Task[" + state() + ", " + body + "]";
    }
}
