package io.ipcsync.bench.tasks;

import io.ipcsync.bench.JvmFlags;
import io.ipcsync.bench.tasks.PoolStates.ForkJoin;
import io.ipcsync.bench.tasks.PoolStates.Tasks;
import io.ipcsync.bench.tasks.PoolStates.ThreadPool;
import io.ipcsync.tasks.TaskAction;
import io.ipcsync.tasks.TaskGroup;
import io.ipcsync.tasks.TaskPool;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.Future;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Spawn + join cost per task: one operation spawns {@value #TASKS} trivial tasks and waits for all of
 * them; the score is nanoseconds per task. Every pool has one thread per processor.
 *
 * <p>{@code taskGroup*} open a {@link TaskGroup} on a {@link TaskPool}, spawn into it and close it;
 * {@code InWorker} variants do it inside a task of the pool (spawns go onto the worker's own deque, as
 * nested groups do), {@code External} ones from the benchmark thread. Peers: raw {@link ForkJoinPool}
 * fork/join of a {@link RecursiveAction} (inside a worker) and submit/join (external),
 * {@link ThreadPoolExecutor} submit/get, {@link CompletableFuture#runAsync} on a 2-thread pool and on
 * its default executor (only {@value #FEW_TASKS} tasks: it starts a thread per task on 2 cores),
 * virtual threads (JDK 21+) and {@code StructuredTaskScope} (JDK 25).
 *
 * <p>Every task body increments a striped counter, checked after each iteration, so no task can be
 * skipped unseen.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {JvmFlags.XMS, JvmFlags.XMX, JvmFlags.PRE_TOUCH, JvmFlags.AGRONA})
public class SpawnJoinBenchmark
{
    /** Tasks per operation. */
    public static final int TASKS = 100_000;
    /** Tasks per operation for {@code CompletableFuture}'s default executor. */
    public static final int FEW_TASKS = 1_000;

    /** Creates the benchmark; JMH calls this. */
    public SpawnJoinBenchmark()
    {
    }

    /** Counts task bodies run, so a benchmark that skipped work fails. */
    @State(Scope.Benchmark)
    public static class Work
    {
        final LongAdder ran = new LongAdder();
        final Runnable runnable = ran::increment;
        final TaskAction action = cancel -> ran.increment();
        long expected;

        /** Creates the state; JMH calls this. */
        public Work()
        {
        }

        /**
         * Records how many tasks one operation must run.
         *
         * @param perOperation tasks per operation.
         */
        void perOperation(final long perOperation)
        {
            expected += perOperation;
        }

        /** Checks that every spawned task ran. */
        @TearDown(Level.Iteration)
        public void check()
        {
            final long ran = this.ran.sumThenReset();
            if (ran != expected)
            {
                throw new IllegalStateException("ran " + ran + " task bodies, expected " + expected);
            }
            expected = 0;
        }
    }

    /** Checks virtual threads exist. */
    @State(Scope.Benchmark)
    public static class Virtual
    {
        /** Creates the state; JMH calls this. */
        public Virtual()
        {
        }

        /** Fails with a message before JDK 21. */
        @Setup
        public void setUp()
        {
            NewerJdk.requireVirtualThreads();
        }
    }

    /** Checks {@code StructuredTaskScope} exists. */
    @State(Scope.Benchmark)
    public static class Structured
    {
        /** Creates the state; JMH calls this. */
        public Structured()
        {
        }

        /** Fails with a message before JDK 25. */
        @Setup
        public void setUp()
        {
            NewerJdk.requireStructuredTaskScope();
        }
    }

    /**
     * A task group opened inside a worker of its pool.
     *
     * @param tasks the pool.
     * @param work  the task bodies.
     */
    @Benchmark
    @OperationsPerInvocation(TASKS)
    public void taskGroupInWorker(final Tasks tasks, final Work work)
    {
        final TaskAction action = work.action;
        tasks.pool.invoke(ForkJoinTask.adapt(() ->
        {
            try (TaskGroup group = TaskGroup.builder().executor(tasks.pool).open())
            {
                for (int i = 0; i < TASKS; i++)
                {
                    group.spawnVoid(action);
                }
            }
        }));
        work.perOperation(TASKS);
    }

    /**
     * A task group opened by the benchmark thread.
     *
     * @param tasks the pool.
     * @param work  the task bodies.
     */
    @Benchmark
    @OperationsPerInvocation(TASKS)
    public void taskGroupExternal(final Tasks tasks, final Work work)
    {
        final TaskAction action = work.action;
        try (TaskGroup group = TaskGroup.builder().executor(tasks.pool).open())
        {
            for (int i = 0; i < TASKS; i++)
            {
                group.spawnVoid(action);
            }
        }
        work.perOperation(TASKS);
    }

    private static final class Leaf extends RecursiveAction
    {
        private static final long serialVersionUID = 1L;
        private final transient Runnable body;

        Leaf(final Runnable body)
        {
            this.body = body;
        }

        @Override
        protected void compute()
        {
            body.run();
        }
    }

    /**
     * Raw fork-join: a root task forks every leaf, then joins them newest first.
     *
     * @param forkJoin the pool.
     * @param work     the task bodies.
     */
    @Benchmark
    @OperationsPerInvocation(TASKS)
    public void forkJoinFork(final ForkJoin forkJoin, final Work work)
    {
        final Runnable body = work.runnable;
        forkJoin.pool.invoke(new RecursiveAction()
        {
            private static final long serialVersionUID = 1L;

            @Override
            protected void compute()
            {
                final Leaf[] leaves = new Leaf[TASKS];
                for (int i = 0; i < TASKS; i++)
                {
                    leaves[i] = new Leaf(body);
                    leaves[i].fork();
                }
                for (int i = TASKS - 1; i >= 0; i--)
                {
                    leaves[i].join();
                }
            }
        });
        work.perOperation(TASKS);
    }

    /**
     * Fork-join from outside: submit every task, then join them.
     *
     * @param forkJoin the pool.
     * @param work     the task bodies.
     */
    @Benchmark
    @OperationsPerInvocation(TASKS)
    public void forkJoinSubmit(final ForkJoin forkJoin, final Work work)
    {
        final ForkJoinTask<?>[] futures = new ForkJoinTask<?>[TASKS];
        for (int i = 0; i < TASKS; i++)
        {
            futures[i] = forkJoin.pool.submit(work.runnable);
        }
        for (int i = 0; i < TASKS; i++)
        {
            futures[i].join();
        }
        work.perOperation(TASKS);
    }

    /**
     * Thread pool: submit every task, then get them.
     *
     * @param pool the pool.
     * @param work the task bodies.
     * @throws Exception never expected.
     */
    @Benchmark
    @OperationsPerInvocation(TASKS)
    public void threadPoolExecutor(final ThreadPool pool, final Work work) throws Exception
    {
        final Future<?>[] futures = new Future<?>[TASKS];
        for (int i = 0; i < TASKS; i++)
        {
            futures[i] = pool.executor.submit(work.runnable);
        }
        for (int i = 0; i < TASKS; i++)
        {
            futures[i].get();
        }
        work.perOperation(TASKS);
    }

    /**
     * {@code CompletableFuture.runAsync} on a 2-thread fork-join pool.
     *
     * @param forkJoin the pool.
     * @param work     the task bodies.
     */
    @Benchmark
    @OperationsPerInvocation(TASKS)
    public void completableFutureOnPool(final ForkJoin forkJoin, final Work work)
    {
        final CompletableFuture<?>[] futures = new CompletableFuture<?>[TASKS];
        for (int i = 0; i < TASKS; i++)
        {
            futures[i] = CompletableFuture.runAsync(work.runnable, forkJoin.pool);
        }
        CompletableFuture.allOf(futures).join();
        work.perOperation(TASKS);
    }

    /**
     * {@code CompletableFuture.runAsync} on its default executor: on 2 cores (common pool parallelism 1)
     * a new thread per task.
     *
     * @param work the task bodies.
     */
    @Benchmark
    @OperationsPerInvocation(FEW_TASKS)
    public void completableFutureDefault(final Work work)
    {
        final CompletableFuture<?>[] futures = new CompletableFuture<?>[FEW_TASKS];
        for (int i = 0; i < FEW_TASKS; i++)
        {
            futures[i] = CompletableFuture.runAsync(work.runnable);
        }
        CompletableFuture.allOf(futures).join();
        work.perOperation(FEW_TASKS);
    }

    /**
     * One virtual thread per task, started then joined.
     *
     * @param virtual checks the JDK.
     * @param work    the task bodies.
     * @throws InterruptedException never expected.
     */
    @Benchmark
    @OperationsPerInvocation(TASKS)
    public void virtualThreads(final Virtual virtual, final Work work) throws InterruptedException
    {
        final Thread[] threads = new Thread[TASKS];
        for (int i = 0; i < TASKS; i++)
        {
            threads[i] = NewerJdk.startVirtualThread(work.runnable);
        }
        for (int i = 0; i < TASKS; i++)
        {
            threads[i].join();
        }
        work.perOperation(TASKS);
    }

    /**
     * {@code StructuredTaskScope.open()}, a fork per task, join, close.
     *
     * @param structured checks the JDK.
     * @param work       the task bodies.
     */
    @Benchmark
    @OperationsPerInvocation(TASKS)
    public void structuredTaskScope(final Structured structured, final Work work)
    {
        final Object scope = NewerJdk.openScope();
        for (int i = 0; i < TASKS; i++)
        {
            NewerJdk.fork(scope, work.runnable);
        }
        NewerJdk.joinAndClose(scope);
        work.perOperation(TASKS);
    }

    static void get(final Future<?> future)
    {
        try
        {
            future.get();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
        catch (final ExecutionException ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
