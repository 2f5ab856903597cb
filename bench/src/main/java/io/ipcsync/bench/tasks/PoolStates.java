package io.ipcsync.bench.tasks;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadPoolExecutor;

import io.ipcsync.tasks.TaskPool;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The executors the task benchmarks share, one JMH state each, so that a benchmark starts only
 * the threads of the executor it measures.
 */
public final class PoolStates
{
    private PoolStates()
    {
    }

    /** The task-group pool (parked workers). */
    @State(Scope.Benchmark)
    public static class Tasks
    {
        ForkJoinPool pool;

        /** Creates the state; JMH calls this. */
        public Tasks()
        {
        }

        /** Starts the pool. */
        @Setup
        public void setUp()
        {
            pool = TaskPool.create(Executors2.THREADS, "bench-task");
        }

        /** Stops the pool. */
        @TearDown
        public void tearDown()
        {
            Executors2.shutdown(pool);
        }
    }

    /** A plain fork-join pool. */
    @State(Scope.Benchmark)
    public static class ForkJoin
    {
        ForkJoinPool pool;

        /** Creates the state; JMH calls this. */
        public ForkJoin()
        {
        }

        /** Starts the pool. */
        @Setup
        public void setUp()
        {
            pool = Executors2.forkJoinPool();
        }

        /** Stops the pool. */
        @TearDown
        public void tearDown()
        {
            Executors2.shutdown(pool);
        }
    }

    /** A fixed thread pool. */
    @State(Scope.Benchmark)
    public static class ThreadPool
    {
        ThreadPoolExecutor executor;

        /** Creates the state; JMH calls this. */
        public ThreadPool()
        {
        }

        /** Starts the pool. */
        @Setup
        public void setUp()
        {
            executor = Executors2.threadPool();
        }

        /** Stops the pool. */
        @TearDown
        public void tearDown()
        {
            Executors2.shutdown(executor);
        }
    }
}
