package io.ipcsync.tasks.remote;

import static io.ipcsync.tasks.remote.WorkerProtocol.CALL_ID_OFFSET;

import io.ipcsync.channels.ChannelBuilder;
import io.ipcsync.channels.ChannelConsumer;
import io.ipcsync.channels.ChannelProducer;
import io.ipcsync.channels.Channels;
import io.ipcsync.core.ChannelClosedException;
import io.ipcsync.core.IpcsyncException;
import io.ipcsync.tasks.CompletionPolicy;
import io.ipcsync.tasks.Task;
import io.ipcsync.tasks.TaskGroup;
import io.ipcsync.tasks.TaskGroupBuilder;
import io.ipcsync.tasks.TaskState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

/**
 * The worker side of a {@link WorkerPool}: runs in a worker process, takes the requests of one worker
 * index of a pool, runs each as a task of its own {@link TaskGroup} and sends the outcome back. The
 * tasks run on the group's default work-stealing executor, so at most as many run at once as the
 * machine has CPUs and the others wait in the worker; give an {@link #executor} for tasks that block.
 *
 * <pre>{@code
 * new TaskWorker("pricing", 0)
 *     .register("price", (payload, cancel) -> price(payload))
 *     .run();   // returns when the pool closes or its process dies
 * }</pre>
 *
 * <p>A request for a type that is not registered fails that task with a message naming the known
 * types. A CANCEL request cancels the task (its token is set and its thread interrupted); the pool
 * is told {@code CANCELLED} once the task ended by it, or its result if it finished anyway. When the
 * pool closes the request channel or its process dies, the worker cancels every task, waits for them
 * and returns. Configure with the fluent methods, then call {@link #run()} once.
 */
public final class TaskWorker
{
    private static final int REPLY_BUFFER = 256;

    private final String pool;
    private final int index;
    private final Map<String, RemoteTaskHandler> types = new LinkedHashMap<>();
    private final Map<Long, Running> running = new ConcurrentHashMap<>();
    private final ExpandableArrayBuffer replyBuffer = new ExpandableArrayBuffer(REPLY_BUFFER);
    /** Waits for room in the reply channel; used under the reply buffer's lock. */
    private final IdleStrategy replyIdle = new BackoffIdleStrategy();
    private Path directory;
    private Duration livenessInterval = Duration.ofMillis(100);
    private Executor executor;
    private ChannelProducer replies;
    private TaskGroup group;
    private boolean started;

    /**
     * Creates the worker of one index of a pool; it attaches when {@link #run()} is called.
     *
     * @param pool  the pool name given to {@link WorkerPool#open}.
     * @param index this worker's index in the pool, 0 to workers - 1.
     */
    public TaskWorker(final String pool, final int index)
    {
        this.pool = Objects.requireNonNull(pool, "pool");
        if (index < 0)
        {
            throw new IllegalArgumentException("worker index " + index + " must not be negative");
        }
        this.index = index;
    }

    /**
     * Registers a task type.
     *
     * @param type    the name the pool spawns it by.
     * @param handler its code.
     * @return this worker.
     * @throws IllegalArgumentException if the type is registered already.
     */
    public TaskWorker register(final String type, final RemoteTaskHandler handler)
    {
        Objects.requireNonNull(handler, "handler");
        if (types.putIfAbsent(Objects.requireNonNull(type, "type"), handler) != null)
        {
            throw new IllegalArgumentException("task type '" + type + "' is registered already");
        }
        return this;
    }

    /**
     * Sets the directory of the pool's channels, when the pool was opened with one.
     *
     * @param directory the channel directory.
     * @return this worker.
     */
    public TaskWorker directory(final Path directory)
    {
        this.directory = Objects.requireNonNull(directory, "directory");
        return this;
    }

    /**
     * Sets where the tasks run, instead of the default work-stealing pool.
     *
     * @param executor runs the tasks; the worker does not shut it down.
     * @return this worker.
     */
    public TaskWorker executor(final Executor executor)
    {
        this.executor = Objects.requireNonNull(executor, "executor");
        return this;
    }

    /**
     * Sets how soon the death of the pool's process is noticed.
     *
     * @param livenessInterval how often, at most, an idle worker checks on the pool.
     * @return this worker.
     */
    public TaskWorker livenessInterval(final Duration livenessInterval)
    {
        this.livenessInterval = Objects.requireNonNull(livenessInterval, "livenessInterval");
        return this;
    }

    /**
     * Serves requests until the pool closes or its process dies, then cancels and waits for the
     * running tasks and detaches.
     *
     * @return true when the pool closed, false when its process died.
     * @throws InterruptedException if this thread is interrupted; running tasks are cancelled first.
     * @throws IllegalStateException if called twice.
     * @throws IpcsyncException if another live worker serves this index.
     */
    public boolean run() throws InterruptedException
    {
        if (started)
        {
            throw new IllegalStateException("worker " + index + " of pool " + pool + " has run already");
        }
        started = true;
        final IdleStrategy idle = new BackoffIdleStrategy(100, 10, 1_000, 1_000_000);
        try (ChannelConsumer requests = channel(WorkerProtocol.requestChannel(pool, index)).consumer();
            ChannelProducer replies = channel(WorkerProtocol.replyChannel(pool, index)).producer();
            TaskGroup group = groupBuilder().open())
        {
            this.replies = replies;
            this.group = group;
            try
            {
                while (true)
                {
                    final int status = requests.receive(this::onRequest, 64, 1, TimeUnit.SECONDS, idle);
                    if (status == ChannelConsumer.CLOSED || status == ChannelConsumer.PEER_DEAD)
                    {
                        return status == ChannelConsumer.CLOSED;
                    }
                }
            }
            finally
            {
                group.cancel();
            }
        }
    }

    private TaskGroupBuilder groupBuilder()
    {
        final TaskGroupBuilder builder = TaskGroup.builder().policy(CompletionPolicy.COLLECT_ALL);
        return executor != null ? builder.executor(executor) : builder;
    }

    private ChannelBuilder channel(final String name)
    {
        final ChannelBuilder builder = Channels.spsc(name).livenessInterval(livenessInterval);
        return directory != null ? builder.directory(directory) : builder;
    }

    private void onRequest(final int type, final DirectBuffer buffer, final int index, final int length)
    {
        final long callId = buffer.getLong(index + CALL_ID_OFFSET);
        if (type == WorkerProtocol.CANCEL)
        {
            final Running task = running.get(callId);
            if (task != null)
            {
                task.cancel();
            }
            return;
        }
        if (type != WorkerProtocol.RUN)
        {
            return; // a newer pool's request kind: nothing to do for it here
        }
        final String typeName = WorkerProtocol.name(buffer, index, length);
        final byte[] payload = WorkerProtocol.afterName(buffer, index, length);
        final RemoteTaskHandler handler = types.get(typeName);
        if (handler == null)
        {
            replyFailure(callId, "java.lang.IllegalArgumentException", "unknown task type '" + typeName +
                "' in worker " + this.index + " of pool " + pool + "; it knows " + types.keySet());
            return;
        }
        final Running task = new Running(callId);
        running.put(callId, task);
        task.handle = group.spawn(cancel ->
        {
            try
            {
                task.reply(WorkerProtocol.RESULT, handler.run(payload, cancel), null);
            }
            catch (final InterruptedException | CancellationException ex)
            {
                if (!cancel.cancelled())
                {
                    throw ex;
                }
                task.reply(WorkerProtocol.CANCELLED, null, null);
            }
            catch (final Exception ex)
            {
                task.reply(WorkerProtocol.FAILURE, null, ex);
            }
            return null;
        });
    }

    private void replyFailure(final long callId, final String exceptionClass, final String message)
    {
        final byte[] text = String.valueOf(message).getBytes(StandardCharsets.UTF_8);
        synchronized (replyBuffer)
        {
            send(WorkerProtocol.FAILURE,
                WorkerProtocol.encodeNamed(replyBuffer, callId, exceptionClass, text, text.length));
        }
    }

    /** Sends what is in the reply buffer; the caller holds its lock. */
    private void send(final int type, final int length)
    {
        try
        {
            if (!replies.send(type, replyBuffer, 0, length, 1, TimeUnit.DAYS, replyIdle))
            {
                throw new IpcsyncException("the reply channel of worker " + index + " of pool " + pool + " stayed full");
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt(); // the task was cancelled while its reply waited for room
        }
        catch (final ChannelClosedException ex)
        {
            // the pool is gone: nobody waits for this reply
        }
    }

    /** One request being run: replies once, whoever ends it. */
    private final class Running
    {
        final long callId;
        final AtomicBoolean replied = new AtomicBoolean();
        volatile Task<Void> handle;

        Running(final long callId)
        {
            this.callId = callId;
        }

        void cancel()
        {
            final Task<Void> task = handle;
            task.cancel();
            if (task.state() == TaskState.CANCELLED)
            {
                reply(WorkerProtocol.CANCELLED, null, null); // dropped before it started: the body never replies
            }
        }

        void reply(final int kind, final byte[] result, final Exception failure)
        {
            if (!replied.compareAndSet(false, true))
            {
                return;
            }
            running.remove(callId);
            if (kind == WorkerProtocol.FAILURE)
            {
                replyFailure(callId, failure.getClass().getName(), failure.getMessage());
                return;
            }
            if (result != null && Long.BYTES + result.length > replies.maxMessageLength())
            {
                replyFailure(callId, "java.lang.IllegalArgumentException", "the result of " + result.length +
                    " bytes does not fit the reply channel's max message length " + replies.maxMessageLength());
                return;
            }
            synchronized (replyBuffer)
            {
                replyBuffer.putLong(CALL_ID_OFFSET, callId);
                final int length = Long.BYTES + (result != null ? result.length : 0);
                if (result != null)
                {
                    replyBuffer.putBytes(Long.BYTES, result);
                }
                send(kind, length);
            }
        }
    }
}
