package io.ipcsync.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcsync.core.ChannelClosedException;
import io.ipcsync.core.TestDirectory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadFactory;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConsumerAgentTest
{
    private TestDirectory directory;
    private ChannelBuilder channel;

    @BeforeEach
    void setUp()
    {
        directory = TestDirectory.create();
        channel = Channels.spsc("agent").directory(directory.path()).capacity(4096);
    }

    @AfterEach
    void tearDown()
    {
        directory.close();
    }

    @Test
    void runsOnTheFactorysThreadDeliversEverythingAndEndsWithTheChannel() throws Exception
    {
        final List<Thread> made = new ArrayList<>();
        final ThreadFactory factory = runnable ->
        {
            final Thread thread = new Thread(runnable, "made-by-factory");
            made.add(thread);
            return thread;
        };
        final List<Long> received = new CopyOnWriteArrayList<>();
        final List<Thread> threads = new CopyOnWriteArrayList<>();
        final ChannelConsumer consumer = channel.consumer();
        final ConsumerAgent agent = new ConsumerAgent("agent", consumer, (type, buffer, index, length) ->
        {
            received.add(buffer.getLong(index));
            threads.add(Thread.currentThread());
        }, 16);
        final List<Throwable> errors = new CopyOnWriteArrayList<>();
        final AgentRunner runner = ConsumerAgent.start(agent, new BackoffIdleStrategy(), errors::add, factory);
        try (ChannelProducer producer = channel.producer())
        {
            for (long i = 0; i < 1000; i++)
            {
                while (!producer.offerLong(1, i))
                {
                    Thread.onSpinWait();
                }
            }
        }
        made.get(0).join(TimeUnit.SECONDS.toMillis(10));
        assertEquals(1, made.size());
        assertEquals(1000, received.size());
        for (int i = 0; i < 1000; i++)
        {
            assertEquals(i, received.get(i));
        }
        assertTrue(threads.stream().allMatch(made.get(0)::equals), "every message handled on the factory's thread");
        assertEquals(List.of(), errors, "the channel's end is not an error");
        assertEquals(ChannelConsumer.CLOSED, agent.endStatus());
        assertThrows(ChannelClosedException.class, () -> consumer.poll((t, b, i, l) -> { }, 1), "the agent closed it");
        runner.close();
    }

    @Test
    void closingTheRunnerClosesTheConsumer() throws Exception
    {
        final ChannelConsumer consumer = channel.consumer();
        final AgentRunner runner = ConsumerAgent.start(new ConsumerAgent("agent", consumer, (t, b, i, l) -> { }, 16),
            new BackoffIdleStrategy(), Throwable::printStackTrace, Thread::new);
        runner.close();
        try (ChannelProducer producer = channel.producer())
        {
            assertThrows(ChannelClosedException.class, () -> producer.offerLong(1, 1));
        }
    }

    @Test
    void aNonPositiveLimitIsRefused()
    {
        try (ChannelConsumer consumer = channel.consumer())
        {
            assertThrows(IllegalArgumentException.class, () -> new ConsumerAgent("agent", consumer, (t, b, i, l) -> { }, 0));
        }
    }
}
