package io.ipcsync.tasks;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.ManyToManyConcurrentArrayQueue;

/**
 * A low-latency executor: its threads spin on a lock-free queue instead of parking, and a
 * {@link TaskGroup} using it spins while it waits, so a spawn-and-join round trip costs a cache-line
 * hand-off instead of a wake-up. It burns a core per thread while idle (unless given a backing-off
 * {@link IdleStrategy}); use it for latency-critical groups and close it when done.
 *
 * <p>Thread-safe. {@link #execute} spins while the queue is full.
 */
public final class SpinningExecutor implements Executor, AutoCloseable
{
    private final ManyToManyConcurrentArrayQueue<Runnable> queue;
    private final Worker[] workers;
    private volatile boolean closed;

    /**
     * Starts the threads.
     *
     * @param threads  how many spinning threads.
     * @param capacity queue capacity (rounded up to a power of two).
     * @param idle     what a thread does when the queue is empty, e.g. {@link BusySpinIdleStrategy}.
     * @param name     the prefix of thread names.
     */
    public SpinningExecutor(final int threads, final int capacity, final IdleStrategy idle, final String name)
    {
        if (threads < 1)
        {
            throw new IllegalArgumentException("threads " + threads + " must be at least 1");
        }
        Objects.requireNonNull(idle, "idle");
        this.queue = new ManyToManyConcurrentArrayQueue<>(capacity);
        this.workers = new Worker[threads];
        for (int i = 0; i < threads; i++)
        {
            workers[i] = new Worker(this, idle.getClass() == BusySpinIdleStrategy.class ? idle : copy(idle));
            workers[i].setName(name + "-" + i);
            workers[i].setDaemon(true);
        }
        for (final Worker worker : workers)
        {
            worker.start();
        }
    }

    /**
     * One busy-spinning thread with a queue of 64 Ki tasks.
     *
     * @return the executor.
     */
    public static SpinningExecutor busySpin()
    {
        return new SpinningExecutor(1, 1 << 16, new BusySpinIdleStrategy(), "ipcsync-spin");
    }

    private static IdleStrategy copy(final IdleStrategy idle)
    {
        // IdleStrategy instances keep per-thread state; each thread needs its own.
        try
        {
            return idle.getClass().getDeclaredConstructor().newInstance();
        }
        catch (final ReflectiveOperationException ex)
        {
            return idle;
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws RejectedExecutionException after {@link #close()}.
     */
    @Override
    public void execute(final Runnable command)
    {
        Objects.requireNonNull(command, "command");
        while (!queue.offer(command))
        {
            if (closed)
            {
                throw new RejectedExecutionException("SpinningExecutor closed");
            }
            if (!runOne())
            {
                Thread.onSpinWait();
            }
        }
        if (closed && queue.remove(command))
        {
            throw new RejectedExecutionException("SpinningExecutor closed");
        }
    }

    /** Runs one queued task on the calling thread if there is one: used by waiters on its own threads. */
    boolean runOne()
    {
        final Runnable task = queue.poll();
        if (task == null)
        {
            return false;
        }
        task.run();
        return true;
    }

    boolean isOwnThread(final Thread thread)
    {
        return thread instanceof Worker && ((Worker)thread).owner == this;
    }

    /**
     * Stops the threads after the tasks already queued ran, and waits for them.
     */
    @Override
    public void close()
    {
        closed = true;
        boolean interrupted = false;
        for (final Worker worker : workers)
        {
            while (worker.isAlive())
            {
                try
                {
                    worker.join();
                }
                catch (final InterruptedException ex)
                {
                    interrupted = true;
                }
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }

    static final class Worker extends Thread implements Scopes.Carrier
    {
        private final SpinningExecutor owner;
        private final IdleStrategy idle;
        private final Scopes.Slot slot = new Scopes.Slot();

        Worker(final SpinningExecutor owner, final IdleStrategy idle)
        {
            this.owner = owner;
            this.idle = idle;
        }

        @Override
        public void run()
        {
            final ManyToManyConcurrentArrayQueue<Runnable> queue = owner.queue;
            final IdleStrategy idle = this.idle;
            while (true)
            {
                final Runnable task = queue.poll();
                if (task != null)
                {
                    idle.reset();
                    runSafely(task);
                }
                else if (owner.closed)
                {
                    return;
                }
                else
                {
                    idle.idle();
                }
            }
        }

        private static void runSafely(final Runnable task)
        {
            try
            {
                task.run();
            }
            catch (final RuntimeException | Error ex)
            {
                final UncaughtExceptionHandler handler = Thread.currentThread().getUncaughtExceptionHandler();
                handler.uncaughtException(Thread.currentThread(), ex);
            }
        }

        @Override
        public Object scope()
        {
            return slot.scope;
        }

        @Override
        public void scope(final Object scope)
        {
            slot.scope = scope;
        }
    }
}
