package io.ipcsync.bench.tasks;

import io.ipcsync.bench.JvmFlags;
import io.ipcsync.tasks.Task;
import io.ipcsync.tasks.TaskGroup;
import io.ipcsync.tasks.TaskPool;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cancellation latency: {@value #TASKS} tasks are spawned (untimed setup) on a 2-thread executor; each
 * spins until it sees its cancellation, so two are running and the rest queued. The measured operation
 * is from the cancel call until every task has either observed it and returned or been dropped before
 * it started. Sampled: JMH reports p50/p90/p99.
 *
 * <p>Peers: {@code Future.cancel(true)} on each future of a {@link ThreadPoolExecutor} and of a
 * {@link ForkJoinPool} (JDK 19+: on 17 a fork-join task is never interrupted, so it would spin forever),
 * a shared volatile flag every task polls (queued tasks must run to see it), and virtual threads
 * interrupted one by one (JDK 21+; not started ones must be mounted to see it).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {JvmFlags.XMS, JvmFlags.XMX, JvmFlags.PRE_TOUCH, JvmFlags.AGRONA})
public class CancelBenchmark
{
    /** Tasks cancelled per operation. */
    public static final int TASKS = 1_000;

    private static final int QUEUED = 0;
    private static final int STARTED = 1;
    private static final int EXITED = 2;

    /** Creates the benchmark; JMH calls this. */
    public CancelBenchmark()
    {
    }

    /** A task group of {@value #TASKS} spinning tasks on a task pool. */
    @State(Scope.Thread)
    public static class Group
    {
        ForkJoinPool pool;
        TaskGroup group;
        final List<Task<Void>> tasks = new ArrayList<>(TASKS);

        /** Creates the state; JMH calls this. */
        public Group()
        {
        }

        /** Starts the pool. */
        @Setup(Level.Trial)
        public void start()
        {
            pool = TaskPool.create(Executors2.THREADS, "bench-task");
        }

        /** Spawns the tasks and waits until the pool's threads run some. */
        @Setup(Level.Invocation)
        public void arm()
        {
            group = TaskGroup.builder().executor(pool).open();
            tasks.clear();
            for (int i = 0; i < TASKS; i++)
            {
                tasks.add(group.spawnVoid(cancel ->
                {
                    while (!cancel.cancelled())
                    {
                        Thread.onSpinWait();
                    }
                }));
            }
            awaitRunning();
        }

        /**
         * Waits until both pool threads run a task. JDK 17's fork-join pool can lose the wake-up of its
         * second thread when the first runs a long task submitted from outside; then one running task
         * (after 100 ms) is accepted, and the 1,000 are still cancelled and measured the same way.
         */
        private void awaitRunning()
        {
            final long start = System.nanoTime();
            while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5))
            {
                int running = 0;
                for (final Task<Void> task : tasks)
                {
                    if (task.state() == io.ipcsync.tasks.TaskState.RUNNING)
                    {
                        running++;
                    }
                }
                if (running >= Executors2.THREADS ||
                    (running >= 1 && System.nanoTime() - start > TimeUnit.MILLISECONDS.toNanos(100)))
                {
                    return;
                }
                Thread.onSpinWait();
            }
            throw new IllegalStateException("tasks did not start");
        }

        /** Closes the group. */
        @TearDown(Level.Invocation)
        public void disarm()
        {
            group.close();
        }

        /** Stops the pool. */
        @TearDown(Level.Trial)
        public void stop()
        {
            Executors2.shutdown(pool);
        }
    }

    /**
     * Cancel the group; wait until every task is final (observed and returned, or dropped).
     *
     * @param state the armed group.
     * @return tasks dropped without running.
     */
    @Benchmark
    public int taskGroup(final Group state)
    {
        state.group.cancel();
        int dropped = 0;
        for (final Task<Void> task : state.tasks)
        {
            while (!task.state().isFinal())
            {
                Thread.onSpinWait();
            }
            if (task.state() == io.ipcsync.tasks.TaskState.CANCELLED)
            {
                dropped++;
            }
        }
        return dropped;
    }

    /** Futures of an executor whose tasks spin until interrupted, or until a shared flag is set. */
    @State(Scope.Thread)
    public abstract static class Futures
    {
        final AtomicIntegerArray states = new AtomicIntegerArray(TASKS);
        final Future<?>[] futures = new Future<?>[TASKS];
        volatile boolean flag;

        /** Creates the state; JMH calls this. */
        protected Futures()
        {
        }

        abstract Future<?> submit(Runnable task);

        /** Submits the tasks and waits until two run. */
        @Setup(Level.Invocation)
        public void arm()
        {
            flag = false;
            for (int i = 0; i < TASKS; i++)
            {
                states.set(i, QUEUED);
                final int index = i;
                futures[i] = submit(() ->
                {
                    states.set(index, STARTED);
                    while (!flag && !Thread.currentThread().isInterrupted())
                    {
                        Thread.onSpinWait();
                    }
                    states.set(index, EXITED);
                });
            }
            final long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < until)
            {
                int started = 0;
                for (int i = 0; i < TASKS; i++)
                {
                    started += states.get(i) != QUEUED ? 1 : 0;
                }
                if (started >= Executors2.THREADS)
                {
                    return;
                }
                Thread.onSpinWait();
            }
            throw new IllegalStateException("tasks did not start");
        }

        /** Waits until every task is done with, so the next invocation starts clean. */
        @TearDown(Level.Invocation)
        public void disarm()
        {
            flag = true;
            for (final Future<?> future : futures)
            {
                while (!future.isDone())
                {
                    Thread.onSpinWait();
                }
            }
        }

        /** Done when the body exited, or the future was cancelled before the body started. */
        int awaitAllObservedOrDropped()
        {
            int dropped = 0;
            for (int i = 0; i < TASKS; i++)
            {
                while (true)
                {
                    final int state = states.get(i);
                    if (state == EXITED)
                    {
                        break;
                    }
                    if (state == QUEUED && futures[i].isCancelled())
                    {
                        dropped++;
                        break;
                    }
                    Thread.onSpinWait();
                }
            }
            return dropped;
        }
    }

    /** A 2-thread pool executor. */
    public static class ThreadPoolFutures extends Futures
    {
        ThreadPoolExecutor executor;

        /** Creates the state; JMH calls this. */
        public ThreadPoolFutures()
        {
        }

        /** Starts the pool. */
        @Setup(Level.Trial)
        public void start()
        {
            executor = Executors2.threadPool();
        }

        @Override
        Future<?> submit(final Runnable task)
        {
            return executor.submit(task);
        }

        /** Stops the pool. */
        @TearDown(Level.Trial)
        public void stop()
        {
            Executors2.shutdown(executor);
        }
    }

    /** A 2-thread fork-join pool. */
    public static class ForkJoinFutures extends Futures
    {
        ForkJoinPool pool;

        /** Creates the state; JMH calls this. */
        public ForkJoinFutures()
        {
        }

        /** Starts the pool; refuses JDKs where cancel(true) does not interrupt. */
        @Setup(Level.Trial)
        public void start()
        {
            if (Runtime.version().feature() < 19)
            {
                throw new UnsupportedOperationException("skipped: ForkJoinTask.cancel(true) does not interrupt before " +
                    "JDK 19 (this is " + Runtime.version().feature() + "): running tasks would never see it");
            }
            pool = Executors2.forkJoinPool();
        }

        @Override
        Future<?> submit(final Runnable task)
        {
            return pool.submit(java.util.concurrent.Executors.callable(task));
        }

        /** Stops the pool. */
        @TearDown(Level.Trial)
        public void stop()
        {
            Executors2.shutdown(pool);
        }
    }

    /**
     * {@code cancel(true)} on every future of a thread pool.
     *
     * @param state the armed futures.
     * @return tasks dropped without running.
     */
    @Benchmark
    public int threadPoolCancel(final ThreadPoolFutures state)
    {
        for (final Future<?> future : state.futures)
        {
            future.cancel(true);
        }
        return state.awaitAllObservedOrDropped();
    }

    /**
     * {@code cancel(true)} on every future of a fork-join pool.
     *
     * @param state the armed futures.
     * @return tasks dropped without running.
     */
    @Benchmark
    public int forkJoinCancel(final ForkJoinFutures state)
    {
        for (final Future<?> future : state.futures)
        {
            future.cancel(true);
        }
        return state.awaitAllObservedOrDropped();
    }

    /**
     * A shared flag on a thread pool: every task, queued ones too, must run to see it.
     *
     * @param state the armed futures.
     * @return tasks dropped without running (none: the flag drops nothing).
     */
    @Benchmark
    public int sharedFlag(final ThreadPoolFutures state)
    {
        state.flag = true;
        return state.awaitAllObservedOrDropped();
    }

    /** Virtual threads spinning until interrupted. */
    @State(Scope.Thread)
    public static class VirtualThreads
    {
        final AtomicIntegerArray states = new AtomicIntegerArray(TASKS);
        final Thread[] threads = new Thread[TASKS];

        /** Creates the state; JMH calls this. */
        public VirtualThreads()
        {
        }

        /** Fails with a message before JDK 21. */
        @Setup(Level.Trial)
        public void check()
        {
            NewerJdk.requireVirtualThreads();
        }

        /** Starts the threads and waits until two run. */
        @Setup(Level.Invocation)
        public void arm()
        {
            for (int i = 0; i < TASKS; i++)
            {
                states.set(i, QUEUED);
                final int index = i;
                threads[i] = NewerJdk.startVirtualThread(() ->
                {
                    states.set(index, STARTED);
                    while (!Thread.currentThread().isInterrupted())
                    {
                        Thread.onSpinWait();
                    }
                    states.set(index, EXITED);
                });
            }
            final long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            int started = 0;
            while (started < Executors2.THREADS && System.nanoTime() < until)
            {
                started = 0;
                for (int i = 0; i < TASKS; i++)
                {
                    started += states.get(i) != QUEUED ? 1 : 0;
                }
            }
        }

        /**
         * Joins the threads.
         *
         * @throws InterruptedException never expected.
         */
        @TearDown(Level.Invocation)
        public void disarm() throws InterruptedException
        {
            for (final Thread thread : threads)
            {
                thread.interrupt();
                thread.join();
            }
        }
    }

    /**
     * Interrupt every virtual thread; wait until each has seen it and exited.
     *
     * @param state the armed threads.
     * @return 0: a virtual thread cannot be dropped.
     */
    @Benchmark
    public int virtualThreads(final VirtualThreads state)
    {
        for (final Thread thread : state.threads)
        {
            thread.interrupt();
        }
        for (int i = 0; i < TASKS; i++)
        {
            while (state.states.get(i) != EXITED)
            {
                Thread.onSpinWait();
            }
        }
        return 0;
    }

    /** A {@code StructuredTaskScope} (JDK 25) with {@value #TASKS} subtasks spinning until interrupted. */
    @State(Scope.Thread)
    public static class StructuredScope
    {
        final AtomicIntegerArray states = new AtomicIntegerArray(TASKS);
        Object scope;

        /** Creates the state; JMH calls this. */
        public StructuredScope()
        {
        }

        /** Fails at once before JDK 25. */
        @Setup(Level.Trial)
        public void check()
        {
            NewerJdk.requireStructuredTaskScope();
        }

        /** Opens the scope, forks the subtasks and waits until two run. */
        @Setup(Level.Invocation)
        public void arm()
        {
            scope = NewerJdk.openScope();
            for (int i = 0; i < TASKS; i++)
            {
                states.set(i, QUEUED);
                final int index = i;
                NewerJdk.fork(scope, () ->
                {
                    states.set(index, STARTED);
                    while (!Thread.currentThread().isInterrupted())
                    {
                        Thread.onSpinWait();
                    }
                    states.set(index, EXITED);
                });
            }
            final long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            int started = 0;
            while (started < Executors2.THREADS && System.nanoTime() < until)
            {
                started = 0;
                for (int i = 0; i < TASKS; i++)
                {
                    started += states.get(i) != QUEUED ? 1 : 0;
                }
            }
        }
    }

    /**
     * Close the scope without joining: it cancels (interrupts) every subtask and waits until all ended.
     *
     * @param state the armed scope.
     * @return subtasks that ended without having started their body.
     */
    @Benchmark
    public int structuredTaskScope(final StructuredScope state)
    {
        NewerJdk.cancelAndClose(state.scope);
        int dropped = 0;
        for (int i = 0; i < TASKS; i++)
        {
            dropped += state.states.get(i) == QUEUED ? 1 : 0;
        }
        return dropped;
    }
}
