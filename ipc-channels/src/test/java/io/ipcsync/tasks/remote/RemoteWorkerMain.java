package io.ipcsync.tasks.remote;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A worker process for {@link RemoteTaskTest}: args are the channel directory, the pool name and the
 * worker index. Task types: "square" (an int payload; its square and this pid back), "sleep" (payload: an
 * int id and an int of milliseconds; prints "running id", then sleeps, interruptibly), "sleepByWorker" (the
 * same with two ints of milliseconds: the first for worker 0, the second for the others), "fail" (throws).
 */
public final class RemoteWorkerMain
{
    private RemoteWorkerMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final ExecutorService executor = Executors.newCachedThreadPool(); // "sleep" tasks block
        final int index = Integer.parseInt(args[2]);
        final boolean poolClosed = new TaskWorker(args[1], index)
            .directory(Path.of(args[0]))
            .executor(executor)
            .livenessInterval(Duration.ofMillis(50))
            .register("square", (payload, cancel) ->
            {
                final int value = ByteBuffer.wrap(payload).getInt();
                return ByteBuffer.allocate(12).putInt(value * value).putLong(ProcessHandle.current().pid()).array();
            })
            .register("sleep", (payload, cancel) ->
            {
                System.out.println("running " + ByteBuffer.wrap(payload).getInt());
                System.out.flush();
                Thread.sleep(ByteBuffer.wrap(payload).getInt(4) * 1L);
                return payload;
            })
            .register("sleepByWorker", (payload, cancel) ->
            {
                final ByteBuffer buffer = ByteBuffer.wrap(payload);
                System.out.println("running " + buffer.getInt(0));
                System.out.flush();
                Thread.sleep(buffer.getInt(index == 0 ? 4 : 8) * 1L);
                return payload;
            })
            .register("fail", (payload, cancel) ->
            {
                throw new IllegalStateException("failing on purpose");
            })
            .run();
        executor.shutdown();
        System.out.println(poolClosed ? "pool closed" : "pool died");
    }
}
