package io.ipcsync.bench.tasks;

import io.ipcsync.bench.JvmFlags;
import io.ipcsync.bench.tasks.PoolStates.ForkJoin;
import io.ipcsync.bench.tasks.PoolStates.Tasks;
import io.ipcsync.bench.tasks.PoolStates.ThreadPool;
import io.ipcsync.tasks.SpinningExecutor;
import io.ipcsync.tasks.Task;
import io.ipcsync.tasks.TaskAction;
import io.ipcsync.tasks.TaskGroup;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One spawn-and-join round trip: the benchmark thread hands one trivial task to another thread and
 * waits for it. Sampled, so JMH reports p50/p90/p99. {@code taskGroupSpinning} opens a group on a
 * {@link SpinningExecutor} (one busy-spinning thread; the closing owner spins too),
 * {@code taskGroupPool} on the parked default kind of pool; {@code spawnAwaitSpinning} spawns into a
 * group kept open on the spinning executor and awaits the task, like the peers' submit and join; the
 * peers park.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {JvmFlags.XMS, JvmFlags.XMX, JvmFlags.PRE_TOUCH, JvmFlags.AGRONA})
public class RoundTripBenchmark
{
    private static final TaskAction NOTHING = cancel -> { };
    private static final Runnable NOTHING_RUNNABLE = () -> { };

    /** Creates the benchmark; JMH calls this. */
    public RoundTripBenchmark()
    {
    }

    /** A spinning executor with one thread. */
    @State(Scope.Benchmark)
    public static class Spinning
    {
        SpinningExecutor executor;

        /** Creates the state; JMH calls this. */
        public Spinning()
        {
        }

        /** Starts the spinning thread. */
        @Setup
        public void setUp()
        {
            executor = SpinningExecutor.busySpin();
        }

        /** Stops it. */
        @TearDown
        public void tearDown()
        {
            executor.close();
        }
    }

    /**
     * Open a group on the spinning executor, spawn one task, close.
     *
     * @param spinning the executor.
     * @return the task, finished.
     */
    @Benchmark
    public Task<Void> taskGroupSpinning(final Spinning spinning)
    {
        final Task<Void> task;
        try (TaskGroup group = TaskGroup.builder().executor(spinning.executor).open())
        {
            task = group.spawnVoid(NOTHING);
        }
        return task;
    }

    /** A group kept open on a spinning executor, for spawn-and-await without opening a group each time. */
    @State(Scope.Thread)
    public static class OpenSpinningGroup
    {
        SpinningExecutor executor;
        TaskGroup group;

        /** Creates the state; JMH calls this. */
        public OpenSpinningGroup()
        {
        }

        /** Starts the spinning thread and opens the group on the benchmark thread. */
        @Setup
        public void setUp()
        {
            executor = SpinningExecutor.busySpin();
            group = TaskGroup.builder().executor(executor).open();
        }

        /** Closes the group, then the executor. */
        @TearDown
        public void tearDown()
        {
            group.close();
            executor.close();
        }
    }

    /**
     * Spawn one task in an open group on the spinning executor and await it: the same shape as the
     * peers' submit-and-join, without the group's open and close.
     *
     * @param open the open group.
     * @return the task, finished.
     * @throws InterruptedException never expected.
     */
    @Benchmark
    public Task<Void> spawnAwaitSpinning(final OpenSpinningGroup open) throws InterruptedException
    {
        final Task<Void> task = open.group.spawnVoid(NOTHING);
        task.await();
        return task;
    }

    /**
     * Open a group on a parked task pool, spawn one task, close.
     *
     * @param pool the pool.
     * @return the task, finished.
     */
    @Benchmark
    public Task<Void> taskGroupPool(final Tasks pool)
    {
        final Task<Void> task;
        try (TaskGroup group = TaskGroup.builder().executor(pool.pool).open())
        {
            task = group.spawnVoid(NOTHING);
        }
        return task;
    }

    /**
     * Fork-join submit and join.
     *
     * @param forkJoin the pool.
     * @return the joined result.
     */
    @Benchmark
    public Object forkJoinSubmit(final ForkJoin forkJoin)
    {
        return forkJoin.pool.submit(NOTHING_RUNNABLE).join();
    }

    /**
     * Thread pool submit and get.
     *
     * @param pool the pool.
     * @return the result.
     * @throws Exception never expected.
     */
    @Benchmark
    public Object threadPoolExecutor(final ThreadPool pool) throws Exception
    {
        return pool.executor.submit(NOTHING_RUNNABLE).get();
    }

    /**
     * Start a virtual thread and join it.
     *
     * @param virtual checks the JDK.
     * @return the thread.
     * @throws InterruptedException never expected.
     */
    @Benchmark
    public Thread virtualThread(final SpawnJoinBenchmark.Virtual virtual) throws InterruptedException
    {
        final Thread thread = NewerJdk.startVirtualThread(NOTHING_RUNNABLE);
        thread.join();
        return thread;
    }

    /**
     * Open a {@code StructuredTaskScope}, fork one subtask, join, close.
     *
     * @param structured checks the JDK.
     */
    @Benchmark
    public void structuredTaskScope(final SpawnJoinBenchmark.Structured structured)
    {
        final Object scope = NewerJdk.openScope();
        NewerJdk.fork(scope, NOTHING_RUNNABLE);
        NewerJdk.joinAndClose(scope);
    }
}
