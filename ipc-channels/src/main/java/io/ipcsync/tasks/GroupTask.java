package io.ipcsync.tasks;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.ClosedByInterruptException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ForkJoinTask;

/**
 * A task of a {@link TaskGroup}: the handle users see and the unit the executor runs. It extends
 * {@link ForkJoinTask} so the default pool runs it without a wrapper and a closing group can help run
 * it; every decision (started, cancelled, finished) is made by its own {@code state} word, never by
 * the fork-join status.
 *
 * <p>State word: the low 3 bits are the {@link TaskState} ordinal; {@link #CANCEL} marks a requested
 * cancellation (kept in the final state: {@link #cancelled()} stays true), {@link #INTERRUPTING} an
 * interrupt being delivered (the task waits for
 * it before it finishes, so no interrupt leaks into the next task of the thread), {@link #WAITER} a
 * thread blocked in {@link #awaitBlocking}.
 */
final class GroupTask<T> extends ForkJoinTask<Void> implements Task<T>, Runnable
{
    private static final long serialVersionUID = 1L;

    static final int QUEUED = 0;
    static final int RUNNING = 1;
    static final int SUCCEEDED = 2;
    static final int FAILED = 3;
    static final int CANCELLED = 4;
    static final int ORDINAL_MASK = 7;
    static final int CANCEL = 8;
    static final int INTERRUPTING = 16;
    static final int WAITER = 32;

    private static final TaskState[] STATES = TaskState.values();
    private static final VarHandle STATE;

    static
    {
        try
        {
            STATE = MethodHandles.lookup().findVarHandle(GroupTask.class, "state", int.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    static final int REPORTED = 64;

    // Few fields on purpose: a task is allocated per spawn and read by another core.
    final transient TaskGroup group;
    /** A {@link TaskBody} or a {@link TaskAction}. */
    private final transient Object body;
    private volatile int state;
    private transient Thread runner;
    /** The result when succeeded, the exception when failed or cancelled by one. */
    private transient Object outcome;
    /** The next older task of the group's list; written before the push, changed only by the pruner. */
    transient GroupTask<?> next;
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
        return true;
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
        if (!STATE.compareAndSet(this, QUEUED, RUNNING) &&
            !STATE.compareAndSet(this, QUEUED | WAITER, RUNNING | WAITER))
        {
            return; // dropped by cancellation before it started
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
        finish(result, failure);
    }

    private void finish(final Object result, final Throwable failure)
    {
        outcome = failure != null ? failure : result;
        final int end;
        final boolean cancelRequested = (state & CANCEL) != 0 || group.cancelReason != TaskGroup.NOT_CANCELLED;
        if (failure == null)
        {
            end = SUCCEEDED;
        }
        else if (cancelRequested && isCancellation(failure))
        {
            end = CANCELLED;
        }
        else
        {
            end = FAILED;
        }
        // the group records the outcome (failure, winner) before anyone can see this task final, so a
        // closing group never misses it; the cancellation this may start skips this task
        group.taskFinished(this, end, failure);
        int s;
        do
        {
            s = state;
            while ((s & INTERRUPTING) != 0)
            {
                Thread.onSpinWait();
                s = state;
            }
        }
        while (!STATE.compareAndSet(this, s, end | (cancelRequested ? CANCEL : 0) | (s & CANCEL)));
        if ((s & CANCEL) != 0 && group.interruptOnCancel)
        {
            Thread.interrupted(); // the cancellation's interrupt must not reach the thread's next task
        }
        if ((s & WAITER) != 0)
        {
            synchronized (this)
            {
                notifyAll();
            }
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
        while (true)
        {
            final int s = state;
            final int ordinal = s & ORDINAL_MASK;
            if (ordinal >= SUCCEEDED || (s & CANCEL) != 0)
            {
                return false;
            }
            if (ordinal == QUEUED)
            {
                if (STATE.compareAndSet(this, s, CANCELLED))
                {
                    if ((s & WAITER) != 0)
                    {
                        synchronized (this)
                        {
                            notifyAll();
                        }
                    }
                    group.taskFinished(this, CANCELLED, null);
                    return true;
                }
            }
            else
            {
                final boolean interrupt = group.interruptOnCancel;
                if (STATE.compareAndSet(this, s, s | CANCEL | (interrupt ? INTERRUPTING : 0)))
                {
                    if (interrupt)
                    {
                        try
                        {
                            runner.interrupt();
                        }
                        finally
                        {
                            int current;
                            do
                            {
                                current = state;
                            }
                            while (!STATE.compareAndSet(this, current, current & ~INTERRUPTING));
                        }
                    }
                    TaskGroup.cancelChildren(this);
                    return false;
                }
            }
        }
    }

    boolean isFinal()
    {
        return (state & ORDINAL_MASK) >= SUCCEEDED;
    }

    boolean isRunningCancelled()
    {
        final int s = state;
        return (s & ORDINAL_MASK) == RUNNING && (s & CANCEL) != 0;
    }

    /** Marks this task reported as stuck; true if it was not before. */
    boolean markReportedStuck()
    {
        int s;
        do
        {
            s = state;
            if ((s & REPORTED) != 0)
            {
                return false;
            }
        }
        while (!STATE.compareAndSet(this, s, s | REPORTED));
        return true;
    }

    Thread runner()
    {
        return runner;
    }

    /**
     * Waits without fork-join helping: spins for {@code spinNanos} (running tasks of {@code helper} if it is
     * the executor of this thread), then blocks on this task's monitor.
     *
     * @return true if the thread was interrupted while waiting (the wait went on regardless).
     */
    boolean awaitBlocking(final long spinNanos, final SpinningExecutor helper, final boolean interruptible)
        throws InterruptedException
    {
        if (isFinal())
        {
            return false;
        }
        if (spinNanos > 0)
        {
            final boolean help = helper != null && helper.isOwnThread(Thread.currentThread());
            final long start = System.nanoTime();
            int spins = 0;
            while (!isFinal())
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
        boolean interrupted = false;
        synchronized (this)
        {
            while (true)
            {
                final int s = state;
                if ((s & ORDINAL_MASK) >= SUCCEEDED)
                {
                    break;
                }
                if ((s & WAITER) == 0 && !STATE.compareAndSet(this, s, s | WAITER))
                {
                    continue;
                }
                try
                {
                    wait();
                }
                catch (final InterruptedException ex)
                {
                    if (interruptible)
                    {
                        throw ex;
                    }
                    interrupted = true;
                }
            }
        }
        return interrupted;
    }

    @Override
    public TaskState state()
    {
        return STATES[state & ORDINAL_MASK];
    }

    @Override
    @SuppressWarnings("unchecked")
    public T result()
    {
        if ((state & ORDINAL_MASK) != SUCCEEDED)
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
        return (state & ORDINAL_MASK) >= FAILED ? (Throwable)outcome : null;
    }

    @Override
    public TaskState await() throws InterruptedException
    {
        if (!isFinal())
        {
            if (group.pool != null)
            {
                quietlyJoin();
            }
            else
            {
                awaitBlocking(group.spinNanos, group.spinner, true);
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
        final int s = state;
        return (s & CANCEL) != 0 || (s & ORDINAL_MASK) == CANCELLED ||
            ((s & ORDINAL_MASK) < SUCCEEDED && group.cancelReason != TaskGroup.NOT_CANCELLED);
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
