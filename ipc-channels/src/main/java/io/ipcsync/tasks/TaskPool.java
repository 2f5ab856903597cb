package io.ipcsync.tasks;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * The default executor of task groups: a work-stealing {@link ForkJoinPool} with one daemon thread per
 * processor (not the common pool, which has one thread on a 2-core machine). A task spawned from a thread
 * of this pool goes onto that thread's own deque; a group closed on a thread of this pool runs queued
 * tasks while it waits, so nested groups do not exhaust the threads.
 */
public final class TaskPool
{
    private static final class Holder
    {
        static final ForkJoinPool DEFAULT = create(Runtime.getRuntime().availableProcessors(), "ipcsync-task");
    }

    private TaskPool()
    {
    }

    /**
     * Returns the shared default pool, created on first use.
     *
     * @return the shared default pool, created on first use.
     */
    public static ForkJoinPool defaultPool()
    {
        return Holder.DEFAULT;
    }

    /**
     * Creates a pool whose threads carry the task-group scope in a field (cheaper than a thread-local).
     * Shut it down when done.
     *
     * @param parallelism the number of threads.
     * @param namePrefix  the prefix of thread names.
     * @return the pool.
     */
    public static ForkJoinPool create(final int parallelism, final String namePrefix)
    {
        final ForkJoinPool.ForkJoinWorkerThreadFactory factory = pool ->
        {
            final WorkerThread thread = new WorkerThread(pool);
            thread.setName(namePrefix + "-" + thread.getPoolIndex());
            thread.setDaemon(true);
            return thread;
        };
        return new ForkJoinPool(parallelism, factory, null, false);
    }

    static final class WorkerThread extends ForkJoinWorkerThread implements Scopes.Carrier
    {
        private final Scopes.Slot slot = new Scopes.Slot();

        WorkerThread(final ForkJoinPool pool)
        {
            super(pool);
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
