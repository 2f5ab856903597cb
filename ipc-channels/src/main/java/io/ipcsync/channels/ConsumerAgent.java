package io.ipcsync.channels;

import java.util.concurrent.ThreadFactory;

import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.IdleStrategy;

/**
 * Drives a {@link ChannelConsumer} on a thread of its own as an Agrona {@link Agent}: each duty
 * cycle polls up to a limit of messages into the handler, and the idle strategy backs off by the
 * work count. The agent ends when the channel ends ({@link ChannelConsumer#CLOSED} or
 * {@link ChannelConsumer#PEER_DEAD}, see {@link #endStatus()}) or its runner is closed; either way
 * it closes the consumer.
 *
 * <p>The thread comes from a {@link ThreadFactory}, so a latency-critical consumer can be started
 * pinned to a CPU, for example with {@code io.ipcsync.affinity.AffinityThreadFactory} from the
 * {@code native-affinity} module:
 *
 * <pre>{@code
 * AgentRunner runner = ConsumerAgent.start(
 *     new ConsumerAgent("orders", consumer, handler, 256),
 *     new BusySpinIdleStrategy(), Throwable::printStackTrace,
 *     AffinityThreadFactory.builder("orders-consumer").cpu(3).build());
 * }</pre>
 */
public final class ConsumerAgent implements Agent
{
    private final String roleName;
    private final ChannelConsumer consumer;
    private final MessageHandler handler;
    private final int limit;
    private volatile int endStatus;

    /**
     * Creates it.
     *
     * @param roleName the agent's name; Agrona's runner also gives it to its thread.
     * @param consumer the consumer to drive; the agent closes it when it ends.
     * @param handler  receives every message.
     * @param limit    the most messages per duty cycle.
     */
    public ConsumerAgent(final String roleName, final ChannelConsumer consumer, final MessageHandler handler, final int limit)
    {
        if (limit <= 0)
        {
            throw new IllegalArgumentException("limit " + limit + " must be positive");
        }
        this.roleName = roleName;
        this.consumer = consumer;
        this.handler = handler;
        this.limit = limit;
    }

    /**
     * Starts an agent on a thread made by the factory.
     *
     * @param agent         the agent.
     * @param idleStrategy  how the thread waits when a duty cycle found nothing.
     * @param errorHandler  receives exceptions thrown by the handler or the consumer; the agent
     *                      keeps running after a handler's exception. The channel's end is not reported.
     * @param threadFactory makes the thread, for example one that pins it to a CPU.
     * @return the running agent's runner; close it to stop the agent.
     */
    public static AgentRunner start(
        final ConsumerAgent agent,
        final IdleStrategy idleStrategy,
        final ErrorHandler errorHandler,
        final ThreadFactory threadFactory)
    {
        final ErrorHandler reportFailures = error ->
        {
            if (!(error instanceof ChannelEnded))
            {
                errorHandler.onError(error);
            }
        };
        final AgentRunner runner = new AgentRunner(idleStrategy, reportFailures, null, agent);
        AgentRunner.startOnThread(runner, threadFactory);
        return runner;
    }

    @Override
    public int doWork()
    {
        final int result = consumer.poll(handler, limit);
        if (result < 0)
        {
            endStatus = result;
            throw new ChannelEnded(result);
        }
        return result;
    }

    @Override
    public void onClose()
    {
        consumer.close();
    }

    @Override
    public String roleName()
    {
        return roleName;
    }

    /** How the agent stops its runner when the channel ends; not an error, so not reported. */
    private static final class ChannelEnded extends AgentTerminationException
    {
        private static final long serialVersionUID = 1L;

        ChannelEnded(final int status)
        {
            super("channel ended with status " + status);
        }
    }

    /**
     * Returns {@link ChannelConsumer#CLOSED} or {@link ChannelConsumer#PEER_DEAD} once the channel ended the agent, 0 while it runs or when its runner was closed first.
     *
     * @return {@link ChannelConsumer#CLOSED} or {@link ChannelConsumer#PEER_DEAD} once the channel
     *         ended the agent, 0 while it runs or when its runner was closed first.
     */
    public int endStatus()
    {
        return endStatus;
    }
}
