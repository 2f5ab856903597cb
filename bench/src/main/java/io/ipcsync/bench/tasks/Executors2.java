package io.ipcsync.bench.tasks;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The peer executors, sized to the two cores of the measuring machine.
 */
final class Executors2
{
    /** Threads of every pool: the machine's processors. */
    static final int THREADS = Runtime.getRuntime().availableProcessors();

    private Executors2()
    {
    }

    static ThreadPoolExecutor threadPool()
    {
        final ThreadPoolExecutor executor = new ThreadPoolExecutor(THREADS, THREADS, 60, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), runnable ->
            {
                final Thread thread = new Thread(runnable, "bench-tpe");
                thread.setDaemon(true);
                return thread;
            });
        executor.prestartAllCoreThreads();
        return executor;
    }

    static ForkJoinPool forkJoinPool()
    {
        return new ForkJoinPool(THREADS);
    }

    static void shutdown(final java.util.concurrent.ExecutorService executor)
    {
        executor.shutdownNow();
        try
        {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS))
            {
                throw new IllegalStateException(executor + " did not stop");
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
