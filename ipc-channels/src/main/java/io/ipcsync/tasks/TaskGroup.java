package io.ipcsync.tasks;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scope that owns the tasks spawned in it: {@link #close()} returns only when every one has finished,
 * so no task outlives its group.
 *
 * <pre>{@code
 * try (TaskGroup group = TaskGroup.open())
 * {
 *     Task<Integer> a = group.spawn(cancel -> compute(1));
 *     Task<Integer> b = group.spawn(cancel -> compute(2));
 * }   // waits for a and b; if one failed the other was cancelled and the failure is thrown here
 * }</pre>
 *
 * <p><b>Nesting.</b> A group opened inside a task, or inside another group's block on the same thread,
 * is that scope's child: cancelling the parent cancels it, and it inherits the parent's deadline and
 * executor. <b>Ending.</b> The {@link CompletionPolicy} decides which outcome cancels the others and what
 * {@link #close()} throws: the first failure with the later ones suppressed (a checked exception wrapped in
 * {@link TaskFailedException}); {@link DeadlineExceededException} when the group's own deadline cancelled
 * it; {@link CancellationException} when an enclosing scope cancelled it. An explicit {@link #cancel()}
 * makes {@link #close()} return normally. <b>Stuck tasks.</b> A task still running
 * {@linkplain TaskGroupBuilder#onStuckTask grace} after its cancellation is reported to the
 * {@link StuckTaskListener}; the group still waits for it.
 *
 * <p>{@link #spawn} is thread-safe (tasks may spawn siblings); {@link #close()} must be called by the
 * thread that opened the group.
 */
public final class TaskGroup extends TaskGroupPad2 implements AutoCloseable
{
    static final int NOT_CANCELLED = 0;
    static final int EXPLICIT = 1;
    static final int FAILURE = 2;
    static final int WINNER = 3;
    static final int DEADLINE = 4;
    static final int ANCESTOR = 5;

    /** The other threads' list is pruned whole after this many spawns, or twice its live tasks. */
    private static final int MIN_PRUNE_INTERVAL = 4096;
    /**
     * The owner's list is pruned when it is this long, or twice as long as after the last time: pruning
     * reads tasks other threads finished, a cache miss each, so it waits until it pays for a long-lived group.
     */
    static final int MIN_OWN_PRUNE = 1 << 16;
    /** Live tasks the old-end pruning steps over before it stops: a few long runners do not block it. */
    static final int MAX_LIVE_SKIPPED = 16;
    private static final GroupTask<Object> CLOSED = new GroupTask<>(null, null, null);
    private static final VarHandle HEAD;
    private static final VarHandle OWN_HEAD;
    private static final VarHandle REASON;
    private static final VarHandle PRUNING;
    private static final VarHandle FIRST_FAILURE;
    private static final VarHandle WINNER_TASK;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            HEAD = lookup.findVarHandle(TaskGroupHead.class, "head", GroupTask.class);
            OWN_HEAD = lookup.findVarHandle(TaskGroupHead.class, "ownHead", GroupTask.class);
            REASON = lookup.findVarHandle(TaskGroup.class, "cancelReason", int.class);
            PRUNING = lookup.findVarHandle(TaskGroup.class, "pruning", int.class);
            FIRST_FAILURE = lookup.findVarHandle(TaskGroup.class, "firstFailure", Throwable.class);
            WINNER_TASK = lookup.findVarHandle(TaskGroup.class, "winner", GroupTask.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    final Executor executor;
    /** The executor when it is a fork-join pool: spawn forks, waiting helps. */
    final ForkJoinPool pool;
    /** The executor when it is a spinning one: waiting spins and helps. */
    final SpinningExecutor spinner;
    final long spinNanos;
    private final long deadline;
    private final boolean ownDeadline;
    private final long stuckGraceNanos;
    private final StuckTaskListener stuckListener;
    private final Object parentScope;
    private final Thread owner;
    private final Object lock = new Object();

    volatile int cancelReason;
    private volatile boolean closing;
    private volatile int pruning;
    private volatile Throwable firstFailure;
    private volatile GroupTask<?> winner;
    private List<Throwable> laterFailures;
    private volatile long cancelNanos;
    private Object previousScope;
    private boolean closed;
    private ScheduledFuture<?> deadlineTimer;
    private ScheduledFuture<?> stuckCheck;
    private final List<Timer> timers = new ArrayList<>(0);
    /** Child groups: a doubly linked list guarded by the monitor of the parent scope's lock. */
    private TaskGroup children;
    private TaskGroup prevSibling;
    private TaskGroup nextSibling;

    private TaskGroup(final TaskGroupBuilder builder, final Object parentScope)
    {
        final TaskGroup parent = parentScope instanceof GroupTask ?
            ((GroupTask<?>)parentScope).group : (TaskGroup)parentScope;
        final Executor chosen = builder.executor != null ? builder.executor :
            parent != null ? parent.executor : TaskPool.defaultPool();
        this.executor = chosen;
        this.pool = chosen instanceof ForkJoinPool ? (ForkJoinPool)chosen : null;
        this.spinner = chosen instanceof SpinningExecutor ? (SpinningExecutor)chosen : null;
        this.spinNanos = spinner != null ? TimeUnit.MILLISECONDS.toNanos(1) : 0;
        this.policy = builder.policy;
        this.interruptOnCancel = builder.interruptOnCancel;
        final long inherited = parent != null ? parent.deadline : Long.MAX_VALUE;
        this.deadline = Math.min(inherited, builder.deadline);
        this.ownDeadline = builder.deadline < inherited;
        this.stuckGraceNanos = builder.stuckGraceNanos;
        this.stuckListener = builder.stuckListener;
        this.parentScope = parentScope;
        this.owner = Thread.currentThread();
        this.pruneAt = MIN_PRUNE_INTERVAL;
        this.ownPruneAt = MIN_OWN_PRUNE;
    }

    /**
     * Opens a group with the defaults: {@link CompletionPolicy#ALL_SUCCEED}, the parent's executor or
     * {@link TaskPool#defaultPool()}, no deadline of its own.
     *
     * @return the open group; close it with try-with-resources.
     */
    public static TaskGroup open()
    {
        return open(new TaskGroupBuilder());
    }

    /**
     * Opens a group with the given policy and the other defaults.
     *
     * @param policy how the group ends.
     * @return the open group.
     */
    public static TaskGroup open(final CompletionPolicy policy)
    {
        return new TaskGroupBuilder().policy(policy).open();
    }

    /**
     * Returns a builder for a group with a policy, executor, deadline or stuck-task settings.
     *
     * @return a builder for a group with a policy, executor, deadline or stuck-task settings.
     */
    public static TaskGroupBuilder builder()
    {
        return new TaskGroupBuilder();
    }

    static TaskGroup open(final TaskGroupBuilder builder)
    {
        final Object parentScope = Scopes.current();
        final TaskGroup group = new TaskGroup(builder, parentScope);
        group.start();
        return group;
    }

    private void start()
    {
        previousScope = Scopes.enter(this);
        if (parentScope != null)
        {
            link(parentScope, this);
            if (parentCancelled())
            {
                cancel(ANCESTOR);
            }
        }
        if (ownDeadline)
        {
            deadlineTimer = Scheduler.at(deadline, () -> cancel(DEADLINE));
        }
    }

    private boolean parentCancelled()
    {
        if (parentScope instanceof GroupTask)
        {
            return ((GroupTask<?>)parentScope).cancelled();
        }
        return parentScope != null && ((TaskGroup)parentScope).cancelReason != NOT_CANCELLED;
    }

    /** An interrupt of the closing thread cancels the group; it comes from an enclosing cancellation if there is one. */
    private void cancelOnInterrupt()
    {
        cancel(parentCancelled() ? ANCESTOR : EXPLICIT);
    }

    /**
     * Spawns a task that returns a value.
     *
     * @param body the task.
     * @param <T>  the result type.
     * @return its handle.
     * @throws IllegalStateException if the group is closed.
     */
    public <T> Task<T> spawn(final TaskBody<T> body)
    {
        return submit(new GroupTask<>(this, Objects.requireNonNull(body, "body"), null));
    }

    /**
     * Spawns a task that returns nothing.
     *
     * @param action the task.
     * @return its handle.
     * @throws IllegalStateException if the group is closed.
     */
    public Task<Void> spawnVoid(final TaskAction action)
    {
        return submit(new GroupTask<Void>(this, null, Objects.requireNonNull(action, "action")));
    }

    <T> GroupTask<T> submit(final GroupTask<T> task)
    {
        final Thread thread = Thread.currentThread();
        if (thread == owner)
        {
            if (closed)
            {
                throw new IllegalStateException("task group is closed: no task can be spawned in it");
            }
            final GroupTask<?> newest = ownHead;
            task.next = newest;
            if (newest != null)
            {
                newest.newer = task;
            }
            else
            {
                ownTail = task;
            }
            OWN_HEAD.setRelease(this, task);
            if (++ownLength >= ownPruneAt)
            {
                pruneOwnList();
            }
        }
        else
        {
            pushForeign(task);
            if (++spawnsSincePrune >= pruneAt)
            {
                pruneForeignList();
            }
        }
        if (cancelReason != NOT_CANCELLED)
        {
            // still dispatched: a closing thread may be joining it already. A cancel racing this spawn and
            // missing the task in its walk is caught by the task's own check when it starts.
            task.requestCancel();
        }
        final ForkJoinPool pool = this.pool;
        if (pool != null)
        {
            if (thread instanceof ForkJoinWorkerThread && ((ForkJoinWorkerThread)thread).getPool() == pool)
            {
                task.fork();
            }
            else
            {
                pool.execute((java.util.concurrent.ForkJoinTask<?>)task);
            }
        }
        else
        {
            try
            {
                executor.execute(task);
            }
            catch (final RejectedExecutionException ex)
            {
                task.requestCancel();
                throw ex;
            }
        }
        return task;
    }

    private void pushForeign(final GroupTask<?> task)
    {
        GroupTask<?> h;
        do
        {
            h = head;
            if (h == CLOSED)
            {
                throw new IllegalStateException("task group is closed: no task can be spawned in it");
            }
            task.next = h;
        }
        while (!HEAD.compareAndSet(this, h, task));
    }

    /**
     * Unlinks finished tasks from the owner's list so a long-lived group does not keep every task it ever
     * ran. Tasks mostly finish oldest first (thieves take the oldest, a server's requests end in turn), so
     * this starts at the old end and stops after stepping over {@link #MAX_LIVE_SKIPPED} live tasks; when
     * that freed less than half the list (more long runners than that hold the old end), it walks the
     * whole list. Amortised O(1) per spawn: the next pruning is when the list has doubled.
     */
    private void pruneOwnList()
    {
        final int before = ownLength;
        unlinkFinishedOwn(MAX_LIVE_SKIPPED);
        if (ownLength > before / 2)
        {
            unlinkFinishedOwn(Integer.MAX_VALUE);
        }
        ownPruneAt = (int)Math.min(Integer.MAX_VALUE, Math.max(MIN_OWN_PRUNE, 2L * ownLength));
    }

    /**
     * Walks the owner's list from the old end, unlinking finished tasks, until it has stepped over
     * more than {@code maxLiveSkipped} live ones (or reached the newest, which stays).
     */
    private void unlinkFinishedOwn(final int maxLiveSkipped)
    {
        final GroupTask<?> newest = ownHead;
        int liveSkipped = 0;
        for (GroupTask<?> t = ownTail; t != newest && liveSkipped <= maxLiveSkipped; )
        {
            final GroupTask<?> newer = t.newer;
            if (t.isFinal())
            {
                unlinkOwn(t);
            }
            else
            {
                liveSkipped++;
            }
            t = newer;
        }
    }

    /** Unlinks a task of the owner's list other than the newest; a walker standing on it goes on to older ones. */
    private void unlinkOwn(final GroupTask<?> task)
    {
        final GroupTask<?> newer = task.newer;
        final GroupTask<?> older = task.next;
        newer.next = older;
        if (older != null)
        {
            older.newer = newer;
        }
        else
        {
            ownTail = newer;
        }
        ownLength--;
    }

    /**
     * Unlinks finished tasks from the other threads' list, one pruner at a time, every
     * {@link #MIN_PRUNE_INTERVAL} spawns or twice its live tasks (amortised O(1)).
     */
    private void pruneForeignList()
    {
        if (!PRUNING.compareAndSet(this, 0, 1))
        {
            return;
        }
        try
        {
            final GroupTask<?> newest = head;
            if (newest == CLOSED || newest == null)
            {
                return;
            }
            GroupTask<?> prev = newest;
            long live = 1;
            for (GroupTask<?> t = newest.next; t != null; t = t.next)
            {
                if (t.isFinal())
                {
                    prev.next = t.next;
                }
                else
                {
                    prev = t;
                    live++;
                }
            }
            spawnsSincePrune = 0;
            pruneAt = (int)Math.min(Integer.MAX_VALUE, Math.max(MIN_PRUNE_INTERVAL, 2 * live));
        }
        finally
        {
            pruning = 0;
        }
    }

    void taskFinished(final GroupTask<?> task, final int end, final Throwable failure)
    {
        if (end == GroupTask.SUCCEEDED)
        {
            if (policy == CompletionPolicy.FIRST_SUCCESS && WINNER_TASK.compareAndSet(this, null, task))
            {
                cancel(WINNER, task);
            }
        }
        else if (end == GroupTask.FAILED && policy != CompletionPolicy.COLLECT_ALL)
        {
            if (FIRST_FAILURE.compareAndSet(this, null, failure))
            {
                if (policy == CompletionPolicy.ALL_SUCCEED)
                {
                    cancel(FAILURE, task);
                }
            }
            else
            {
                synchronized (lock)
                {
                    if (laterFailures == null)
                    {
                        laterFailures = new ArrayList<>();
                    }
                    laterFailures.add(failure);
                }
            }
        }
    }

    /**
     * Cancels the group: queued tasks are dropped, running ones see {@link CancelToken#cancelled()} and are
     * interrupted, nested groups and timers are cancelled. Does not wait; {@link #close()} waits and then
     * returns normally (unless a task failed under {@link CompletionPolicy#ALL_SUCCEED} before).
     */
    public void cancel()
    {
        cancel(EXPLICIT);
    }

    /**
     * Returns true once the group was cancelled, by any cause.
     *
     * @return true once the group was cancelled, by any cause.
     */
    public boolean cancelled()
    {
        return cancelReason != NOT_CANCELLED;
    }

    boolean cancel(final int reason)
    {
        return cancel(reason, null);
    }

    /** Cancels every task but {@code finishing}, the task whose outcome caused it. */
    private boolean cancel(final int reason, final GroupTask<?> finishing)
    {
        if (cancelReason != NOT_CANCELLED)
        {
            return false;
        }
        cancelNanos = System.nanoTime(); // before the reason, which publishes it; a losing racer's value is as good
        if (!REASON.compareAndSet(this, NOT_CANCELLED, reason))
        {
            return false;
        }
        final boolean running = cancelList(ownHead, finishing) | cancelList(head, finishing);
        cancelChildren(this);
        final Timer[] toStop;
        synchronized (lock)
        {
            toStop = timers.toArray(new Timer[0]);
        }
        for (final Timer timer : toStop)
        {
            timer.cancel();
        }
        if (running && closing)
        {
            scheduleStuckCheck();
        }
        return true;
    }

    /** Cancels the tasks of one list but {@code finishing}; returns true if one of them is still running. */
    private static boolean cancelList(final GroupTask<?> first, final GroupTask<?> finishing)
    {
        boolean running = false;
        for (GroupTask<?> t = first; t != null && t != CLOSED; t = t.next)
        {
            if (t != finishing && !t.requestCancel() && !t.isFinal())
            {
                running = true;
            }
        }
        return running;
    }

    /** Only a closing owner waits, so only then is a stuck task worth a timer. */
    private void scheduleStuckCheck()
    {
        if (stuckGraceNanos <= 0 || stuckListener == null)
        {
            return;
        }
        synchronized (lock)
        {
            if (stuckCheck == null && !closed)
            {
                stuckCheck = Scheduler.at(cancelNanos + stuckGraceNanos, this::reportStuck);
            }
        }
    }

    private void reportStuck()
    {
        final long now = System.nanoTime();
        reportStuck(ownHead, now);
        reportStuck(head, now);
    }

    private void reportStuck(final GroupTask<?> first, final long now)
    {
        for (GroupTask<?> t = first; t != null && t != CLOSED; t = t.next)
        {
            if (t.isRunningCancelled() && t.markReportedStuck())
            {
                try
                {
                    stuckListener.stuck(t, t.runner(), now - cancelNanos);
                }
                catch (final RuntimeException ex)
                {
                    final Thread thread = Thread.currentThread();
                    thread.getUncaughtExceptionHandler().uncaughtException(thread, ex);
                }
            }
        }
    }

    /**
     * Waits for every task (and timer) of the group, then reports the outcome. On a thread of a
     * fork-join pool the wait runs queued tasks; an interrupt of the waiting thread cancels the group, the
     * wait goes on, and the interrupt is restored before returning.
     *
     * @throws RuntimeException the first failure, with later ones suppressed ({@link TaskFailedException}
     *     around a checked one), per the {@link CompletionPolicy}.
     * @throws DeadlineExceededException if the group's own deadline cancelled it.
     * @throws CancellationException if an enclosing task or group cancelled it.
     * @throws IllegalStateException if called by a thread other than the one that opened the group.
     */
    @Override
    public void close()
    {
        if (Thread.currentThread() != owner)
        {
            throw new IllegalStateException("a task group must be closed by the thread that opened it (" +
                owner.getName() + "), not " + Thread.currentThread().getName());
        }
        if (closed)
        {
            return;
        }
        closing = true;
        if (cancelReason != NOT_CANCELLED)
        {
            scheduleStuckCheck();
        }
        boolean interrupted = false;
        GroupTask<?> verifiedOwn = null;
        GroupTask<?> verifiedForeign = null;
        while (true)
        {
            // Tasks run while waiting (helping) may spawn into either list: walk until neither changed.
            final GroupTask<?> own = ownHead;
            final GroupTask<?> foreign = head;
            for (GroupTask<?> t = own; t != verifiedOwn && t != null; t = t.next)
            {
                interrupted |= waitFor(t);
            }
            for (GroupTask<?> t = foreign; t != verifiedForeign && t != null; t = t.next)
            {
                interrupted |= waitFor(t);
            }
            verifiedOwn = own;
            verifiedForeign = foreign;
            if (activeTimers() > 0)
            {
                interrupted |= waitForTimers(foreign);
                continue;
            }
            if (ownHead == own && HEAD.compareAndSet(this, foreign, CLOSED))
            {
                break;
            }
        }
        finishClose();
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
        throwOutcome();
    }

    private boolean waitFor(final GroupTask<?> task)
    {
        if (task.isFinal())
        {
            return false;
        }
        if (pool != null)
        {
            task.quietlyJoin();
            return false;
        }
        boolean interrupted = false;
        while (true)
        {
            try
            {
                task.awaitBlocking(spinNanos, spinner);
                return interrupted;
            }
            catch (final InterruptedException ex)
            {
                cancelOnInterrupt();
                interrupted = true;
            }
        }
    }

    private int activeTimers()
    {
        synchronized (lock)
        {
            return timers.size();
        }
    }

    private boolean waitForTimers(final GroupTask<?> seenHead)
    {
        synchronized (lock)
        {
            while (!timers.isEmpty() && head == seenHead)
            {
                try
                {
                    lock.wait();
                }
                catch (final InterruptedException ex)
                {
                    cancelOnInterrupt();
                    return true;
                }
            }
        }
        return false;
    }

    private void finishClose()
    {
        synchronized (lock)
        {
            closed = true;
            if (stuckCheck != null)
            {
                stuckCheck.cancel(false);
                stuckCheck = null;
            }
        }
        if (deadlineTimer != null)
        {
            deadlineTimer.cancel(false);
            deadlineTimer = null;
        }
        if (parentScope != null)
        {
            unlink(parentScope, this);
        }
        Scopes.restore(previousScope);
    }

    private void throwOutcome()
    {
        final Throwable first = firstFailure;
        if (first != null && policy != CompletionPolicy.COLLECT_ALL &&
            !(policy == CompletionPolicy.FIRST_SUCCESS && winner != null))
        {
            final Throwable thrown = first instanceof RuntimeException || first instanceof Error ?
                first : new TaskFailedException(first);
            synchronized (lock)
            {
                if (laterFailures != null)
                {
                    for (final Throwable later : laterFailures)
                    {
                        if (later != thrown)
                        {
                            thrown.addSuppressed(later);
                        }
                    }
                }
            }
            if (thrown instanceof Error)
            {
                throw (Error)thrown;
            }
            throw (RuntimeException)thrown;
        }
        final int reason = cancelReason;
        if (reason == DEADLINE)
        {
            throw new DeadlineExceededException("task group deadline passed: cancelled " +
                TimeUnit.NANOSECONDS.toMicros(cancelNanos - deadline) + " µs after it, closed " +
                TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - deadline) + " µs after it");
        }
        if (reason == ANCESTOR)
        {
            throw new CancellationException("task group cancelled by its enclosing task or group");
        }
    }

    /**
     * Returns the winner: under {@link CompletionPolicy#FIRST_SUCCESS}, the first task that succeeded, else null.
     *
     * @return under {@link CompletionPolicy#FIRST_SUCCESS}, the first task that succeeded, else null.
     */
    public Task<?> winner()
    {
        return winner;
    }

    /**
     * Returns the group's deadline (its own or inherited).
     *
     * @return the group's deadline as a {@link System#nanoTime()} value (its own or inherited), or
     *     {@link Long#MAX_VALUE} when it has none.
     */
    public long deadlineNanos()
    {
        return deadline;
    }

    /**
     * Returns nanoseconds until the deadline, negative once passed, {@link Long#MAX_VALUE} without one.
     *
     * @return nanoseconds until the deadline, negative once passed, {@link Long#MAX_VALUE} without one.
     */
    public long remainingNanos()
    {
        return deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
    }

    /**
     * Returns the executor the group's tasks run on.
     *
     * @return the executor the group's tasks run on.
     */
    public Executor executor()
    {
        return executor;
    }

    /**
     * Runs {@code action} once after {@code delay}, as a task of this group.
     *
     * @param delay  how long from now.
     * @param action the timer's action.
     * @return the timer, to cancel it.
     */
    public Timer schedule(final Duration delay, final TimerAction action)
    {
        return startTimer(System.nanoTime() + delay.toNanos(), 0, action);
    }

    /**
     * Runs {@code action} every {@code period}, first after one period, as tasks of this group, at fixed
     * times {@code start + k * period} (no drift). A tick that comes while the previous one still runs is
     * skipped and counted in {@link Timer#missedTicks()}. The group waits for the timer: it stops when
     * cancelled, with the group, or when a tick fails under {@link CompletionPolicy#ALL_SUCCEED}.
     *
     * @param period the period, e.g. 16 ms for a game tick.
     * @param action the timer's action.
     * @return the timer, to cancel it.
     */
    public Timer every(final Duration period, final TimerAction action)
    {
        return every(period, period, action);
    }

    /**
     * As {@link #every(Duration, TimerAction)} with a first tick after {@code initialDelay}.
     *
     * @param initialDelay time to the first tick.
     * @param period       the period.
     * @param action       the timer's action.
     * @return the timer, to cancel it.
     */
    public Timer every(final Duration initialDelay, final Duration period, final TimerAction action)
    {
        final long periodNanos = period.toNanos();
        if (periodNanos <= 0)
        {
            throw new IllegalArgumentException("period " + period + " must be positive");
        }
        return startTimer(System.nanoTime() + initialDelay.toNanos(), periodNanos, action);
    }

    private Timer startTimer(final long firstNanos, final long periodNanos, final TimerAction action)
    {
        Objects.requireNonNull(action, "action");
        final Timer timer = new Timer(this, action, periodNanos);
        synchronized (lock)
        {
            if (closed || head == CLOSED)
            {
                throw new IllegalStateException("task group is closed: no timer can start in it");
            }
            timers.add(timer);
        }
        timer.start(firstNanos);
        if (cancelReason != NOT_CANCELLED)
        {
            timer.cancel();
        }
        return timer;
    }

    void timerSpawned()
    {
        synchronized (lock)
        {
            lock.notifyAll();
        }
    }

    void timerStopped(final Timer timer)
    {
        synchronized (lock)
        {
            timers.remove(timer);
            lock.notifyAll();
        }
    }

    static void cancelChildren(final Object scope)
    {
        final List<TaskGroup> snapshot = new ArrayList<>(0);
        synchronized (scope instanceof TaskGroup ? ((TaskGroup)scope).lock : scope)
        {
            TaskGroup child = scope instanceof TaskGroup ? ((TaskGroup)scope).children : ((GroupTask<?>)scope).children;
            for (; child != null; child = child.nextSibling)
            {
                snapshot.add(child);
            }
        }
        for (final TaskGroup child : snapshot)
        {
            child.cancel(ANCESTOR);
        }
    }

    private static void link(final Object scope, final TaskGroup child)
    {
        if (scope instanceof TaskGroup)
        {
            final TaskGroup parent = (TaskGroup)scope;
            synchronized (parent.lock)
            {
                child.nextSibling = parent.children;
                if (parent.children != null)
                {
                    parent.children.prevSibling = child;
                }
                parent.children = child;
            }
        }
        else
        {
            final GroupTask<?> parent = (GroupTask<?>)scope;
            synchronized (parent)
            {
                child.nextSibling = parent.children;
                if (parent.children != null)
                {
                    parent.children.prevSibling = child;
                }
                parent.children = child;
            }
        }
    }

    private static void unlink(final Object scope, final TaskGroup child)
    {
        synchronized (scope instanceof TaskGroup ? ((TaskGroup)scope).lock : scope)
        {
            if (child.prevSibling != null)
            {
                child.prevSibling.nextSibling = child.nextSibling;
            }
            else if (scope instanceof TaskGroup)
            {
                ((TaskGroup)scope).children = child.nextSibling;
            }
            else
            {
                ((GroupTask<?>)scope).children = child.nextSibling;
            }
            if (child.nextSibling != null)
            {
                child.nextSibling.prevSibling = child.prevSibling;
            }
            child.prevSibling = null;
            child.nextSibling = null;
        }
    }

    /** For tests: tasks still listed (not yet pruned), including finished ones. */
    int listedTasks()
    {
        int n = 0;
        for (GroupTask<?> t = ownHead; t != null; t = t.next)
        {
            n++;
        }
        for (GroupTask<?> t = head; t != null && t != CLOSED; t = t.next)
        {
            n++;
        }
        return n;
    }

    /** For tests: child groups still linked. */
    int openChildren()
    {
        int n = 0;
        synchronized (lock)
        {
            for (TaskGroup c = children; c != null; c = c.nextSibling)
            {
                n++;
            }
        }
        return n;
    }

    @Override
    public String toString()
    {
        return "TaskGroup[" + policy + (cancelReason != NOT_CANCELLED ? ", cancelled" : "") +
            (closed ? ", closed" : "") + "]";
    }
}
