package io.ipcsync.tasks.remote;

import static io.ipcsync.tasks.remote.WorkerProtocol.CALL_ID_OFFSET;

import io.ipcsync.channels.ChannelBuilder;
import io.ipcsync.channels.ChannelConsumer;
import io.ipcsync.channels.ChannelProducer;
import io.ipcsync.channels.Channels;
import io.ipcsync.core.IpcsyncException;
import io.ipcsync.tasks.CancelToken;
import io.ipcsync.tasks.Task;
import io.ipcsync.tasks.TaskGroup;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

/**
 * The pool side of remote tasks: spawns tasks of a registered type into worker processes running
 * {@link TaskWorker}, as ordinary tasks of a {@link TaskGroup}.
 *
 * <pre>{@code
 * try (WorkerPool pool = WorkerPool.open("pricing", 4);
 *      TaskGroup group = TaskGroup.open())
 * {
 *     Task<byte[]> price = pool.spawn(group, "price", request);
 * }   // the group waits for the remote task like for any other
 * }</pre>
 *
 * <p>Each worker index has a request and a reply SPSC channel (see {@link WorkerProtocol}); a task
 * goes to the live worker with the fewest tasks in flight. Workers may start before or after the
 * pool: requests wait in the channel. Outcomes: the worker's result, a {@link RemoteTaskException}
 * when the task threw in the worker (or its type is unknown there), cancellation when the group is
 * cancelled (the worker is asked to cancel the task and the local task ends when the worker confirms),
 * and a {@link WorkerDiedException} for every task in flight on a worker whose process died, within
 * the liveness interval. A worker index whose process died is not used again by this pool: its
 * channel files are deleted, so requests queued for it are never run by a successor.
 *
 * <p>While a remote task runs, its local task waits in a thread of the group's executor (a
 * {@link ForkJoinPool} adds a thread for it, see {@link ForkJoinPool#managedBlock}). Thread-safe:
 * any thread may spawn. {@link #close()} fails the tasks still in flight, tells the workers to stop
 * and deletes the channel files.
 */
public final class WorkerPool implements AutoCloseable
{
    private final String name;
    private final Worker[] workers;
    private final Map<Long, Call> calls = new ConcurrentHashMap<>();
    private final AtomicLong callIds = new AtomicLong(ThreadLocalRandom.current().nextLong() >>> 1);
    private final ExpandableArrayBuffer requestBuffer = new ExpandableArrayBuffer(256);
    /** Waits for room in a request channel; used under the request buffer's lock. */
    private final IdleStrategy requestIdle = new BackoffIdleStrategy();
    private final Thread reader;
    private volatile boolean closed;

    private WorkerPool(final String name, final int workerCount, final Path directory, final Duration livenessInterval)
    {
        this.name = name;
        this.workers = new Worker[workerCount];
        try
        {
            for (int i = 0; i < workerCount; i++)
            {
                workers[i] = new Worker(i, directory, livenessInterval);
            }
        }
        catch (final RuntimeException ex)
        {
            for (final Worker worker : workers)
            {
                if (worker != null)
                {
                    worker.close();
                }
            }
            throw ex;
        }
        this.reader = new Thread(this::readReplies, "ipcsync-worker-pool-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Opens a pool in the default channel directory.
     *
     * @param name    the pool name, part of the channel names; workers use the same.
     * @param workers how many worker indexes, 1 or more.
     * @return the pool.
     * @throws IpcsyncException if another live pool of that name is open.
     */
    public static WorkerPool open(final String name, final int workers)
    {
        return open(name, workers, null, Duration.ofMillis(100));
    }

    /**
     * Opens a pool.
     *
     * @param name             the pool name, part of the channel names; workers use the same.
     * @param workers          how many worker indexes, 1 or more.
     * @param directory        the channel directory, or null for the default.
     * @param livenessInterval how soon a dead worker is noticed.
     * @return the pool.
     * @throws IpcsyncException if another live pool of that name is open.
     */
    public static WorkerPool open(final String name, final int workers, final Path directory, final Duration livenessInterval)
    {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(livenessInterval, "livenessInterval");
        if (workers < 1)
        {
            throw new IllegalArgumentException("a worker pool needs at least one worker, not " + workers);
        }
        return new WorkerPool(name, workers, directory, livenessInterval);
    }

    /**
     * Spawns a remote task in a group: it is sent to a worker when the group's executor starts it.
     *
     * @param group   the group that owns the task.
     * @param type    a task type registered in the workers.
     * @param payload the bytes the task's handler receives.
     * @return the task; its result is the bytes the handler returned.
     * @throws IllegalArgumentException if the request does not fit the channel's max message length.
     * @throws IllegalStateException if the group or this pool is closed.
     */
    public Task<byte[]> spawn(final TaskGroup group, final String type, final byte[] payload)
    {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payload, "payload");
        final int requestLength = WorkerProtocol.NAME_OFFSET + type.length() * 3 + payload.length;
        if (requestLength > workers[0].requests.maxMessageLength())
        {
            throw new IllegalArgumentException("a request of type '" + type + "' with " + payload.length +
                " bytes of payload may not fit the request channel's max message length " +
                workers[0].requests.maxMessageLength());
        }
        if (closed)
        {
            throw new IllegalStateException("worker pool " + name + " is closed");
        }
        final Call call = new Call(callIds.incrementAndGet(), type);
        return group.spawn(cancel -> call.run(payload, cancel));
    }

    /**
     * Returns how many worker indexes are not known to have died.
     *
     * @return how many worker indexes are not known to have died.
     */
    public int liveWorkers()
    {
        int live = 0;
        for (final Worker worker : workers)
        {
            live += worker.dead ? 0 : 1;
        }
        return live;
    }

    /**
     * Fails the tasks in flight, tells every worker to stop (it cancels its tasks and returns from
     * {@link TaskWorker#run()}) and deletes the pool's channel files.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        reader.interrupt();
        try
        {
            reader.join();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        for (final Call call : calls.values())
        {
            call.complete(Call.FAILED, null, new IllegalStateException("worker pool " + name + " was closed"));
        }
        synchronized (requestBuffer) // no request is being written while the channels are unmapped
        {
            for (final Worker worker : workers)
            {
                worker.close();
            }
        }
    }

    @Override
    public String toString()
    {
        return "WorkerPool{" + name + ", " + liveWorkers() + "/" + workers.length + " workers live}";
    }

    private Worker pick()
    {
        Worker best = null;
        for (final Worker worker : workers)
        {
            if (!worker.dead && (best == null || worker.inFlight.get() < best.inFlight.get()))
            {
                best = worker;
            }
        }
        return best;
    }

    private void readReplies()
    {
        final IdleStrategy idle = new BackoffIdleStrategy(100, 10, 1_000, 1_000_000);
        while (!closed)
        {
            int work = 0;
            for (final Worker worker : workers)
            {
                if (!worker.dead)
                {
                    final int status = worker.replies.poll(this::onReply, 64);
                    if (status > 0)
                    {
                        work += status;
                    }
                    else if (status == ChannelConsumer.PEER_DEAD || status == ChannelConsumer.CLOSED)
                    {
                        worker.died(status == ChannelConsumer.PEER_DEAD ? "died" : "closed its reply channel");
                    }
                }
            }
            idle.idle(work);
        }
    }

    private void onReply(final int type, final DirectBuffer buffer, final int index, final int length)
    {
        final Call call = calls.get(buffer.getLong(index + CALL_ID_OFFSET));
        if (call == null)
        {
            return; // a call that was failed already, e.g. by a closing pool
        }
        switch (type)
        {
            case WorkerProtocol.RESULT -> call.complete(Call.SUCCEEDED, WorkerProtocol.afterCallId(buffer, index, length), null);
            case WorkerProtocol.CANCELLED -> call.complete(Call.CANCELLED, null, null);
            case WorkerProtocol.FAILURE ->
            {
                final String remoteClass = WorkerProtocol.name(buffer, index, length);
                final String message = new String(WorkerProtocol.afterName(buffer, index, length), StandardCharsets.UTF_8);
                call.complete(Call.FAILED, null, new RemoteTaskException("task '" + call.type + "' failed in worker " +
                    call.worker.index + " of pool " + name + ": " + remoteClass + ": " + message, remoteClass));
            }
            default ->
            {
                // a newer worker's reply kind: ignored
            }
        }
    }

    /** One worker index: its channels and what is in flight on it. */
    private final class Worker
    {
        final int index;
        final ChannelBuilder requestChannel;
        final ChannelBuilder replyChannel;
        final ChannelProducer requests;
        final ChannelConsumer replies;
        final AtomicInteger inFlight = new AtomicInteger();
        volatile boolean dead;
        volatile String deathReason;

        Worker(final int index, final Path directory, final Duration livenessInterval)
        {
            this.index = index;
            this.requestChannel = channel(WorkerProtocol.requestChannel(name, index), directory, livenessInterval);
            this.replyChannel = channel(WorkerProtocol.replyChannel(name, index), directory, livenessInterval);
            this.requests = requestChannel.producer();
            try
            {
                this.replies = replyChannel.consumer();
            }
            catch (final RuntimeException ex)
            {
                requests.close();
                throw ex;
            }
        }

        private ChannelBuilder channel(final String channel, final Path directory, final Duration livenessInterval)
        {
            final ChannelBuilder builder = Channels.spsc(channel).livenessInterval(livenessInterval);
            return directory != null ? builder.directory(directory) : builder;
        }

        /** Sends a request held in the pool's request buffer; the caller holds the buffer's lock. */
        void send(final int type, final int length) throws InterruptedException
        {
            while (!requests.send(type, requestBuffer, 0, length, 100, TimeUnit.MILLISECONDS, requestIdle))
            {
                if (dead)
                {
                    throw new WorkerDiedException(deathMessage());
                }
                if (closed)
                {
                    throw new IllegalStateException("worker pool " + name + " was closed");
                }
            }
        }

        /** Called by the reader thread only. */
        void died(final String reason)
        {
            deathReason = reason;
            dead = true;
            for (final Call call : calls.values())
            {
                if (call.worker == this)
                {
                    call.complete(Call.FAILED, null, new WorkerDiedException("task '" + call.type + "' was in flight on " +
                        deathMessage()));
                }
            }
            synchronized (requestBuffer)
            {
                close();
            }
        }

        String deathMessage()
        {
            return "worker " + index + " of pool " + name + ", which " + deathReason;
        }

        void close()
        {
            requests.close();
            replies.close();
            requestChannel.delete();
            replyChannel.delete();
        }
    }

    /** One remote task: sent, then waited for; completed once by a reply, a death or the pool's close. */
    private final class Call implements ForkJoinPool.ManagedBlocker
    {
        static final int PENDING = 0;
        static final int SUCCEEDED = 1;
        static final int FAILED = 2;
        static final int CANCELLED = 3;

        final long id;
        final String type;
        Worker worker;
        private int outcome = PENDING;
        private byte[] result;
        private RuntimeException failure;

        Call(final long id, final String type)
        {
            this.id = id;
            this.type = type;
        }

        byte[] run(final byte[] payload, final CancelToken cancel) throws InterruptedException
        {
            final Worker worker = pick();
            if (worker == null)
            {
                throw new WorkerDiedException("every worker of pool " + name + " died; task '" + type + "' was not sent");
            }
            this.worker = worker;
            worker.inFlight.incrementAndGet();
            calls.put(id, this);
            try
            {
                synchronized (requestBuffer)
                {
                    if (worker.dead || closed)
                    {
                        throw worker.dead ? new WorkerDiedException(worker.deathMessage()) :
                            new IllegalStateException("worker pool " + name + " is closed");
                    }
                    worker.send(WorkerProtocol.RUN, WorkerProtocol.encodeNamed(requestBuffer, id, type, payload, payload.length));
                }
                try
                {
                    ForkJoinPool.managedBlock(this);
                }
                catch (final InterruptedException ex)
                {
                    if (!cancel.cancelled())
                    {
                        throw ex;
                    }
                    requestCancel(worker);
                    awaitUninterruptibly();
                }
                return outcome();
            }
            finally
            {
                calls.remove(id);
                worker.inFlight.decrementAndGet();
            }
        }

        private void requestCancel(final Worker worker)
        {
            synchronized (requestBuffer)
            {
                if (worker.dead || closed)
                {
                    return;
                }
                requestBuffer.putLong(CALL_ID_OFFSET, id);
                try
                {
                    worker.send(WorkerProtocol.CANCEL, Long.BYTES);
                }
                catch (final InterruptedException | WorkerDiedException ex)
                {
                    // a death fails the call through the reader; an interrupt: the cancel is on its way anyway
                }
            }
        }

        private void awaitUninterruptibly()
        {
            boolean interrupted = false;
            while (true)
            {
                try
                {
                    ForkJoinPool.managedBlock(this);
                    break;
                }
                catch (final InterruptedException ex)
                {
                    interrupted = true;
                }
            }
            if (interrupted)
            {
                Thread.currentThread().interrupt();
            }
        }

        private synchronized byte[] outcome()
        {
            return switch (outcome)
            {
                case SUCCEEDED -> result;
                case CANCELLED -> throw new CancellationException("task '" + type + "' was cancelled in worker " +
                    worker.index + " of pool " + name);
                default -> throw failure;
            };
        }

        synchronized void complete(final int outcome, final byte[] result, final RuntimeException failure)
        {
            if (this.outcome == PENDING)
            {
                this.outcome = outcome;
                this.result = result;
                this.failure = failure;
                notifyAll();
            }
        }

        @Override
        public synchronized boolean block() throws InterruptedException
        {
            while (outcome == PENDING)
            {
                wait();
            }
            return true;
        }

        @Override
        public synchronized boolean isReleasable()
        {
            return outcome != PENDING;
        }
    }
}
