package io.ipcsync.channels.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcsync.channels.ChannelBuilder;
import io.ipcsync.channels.ChannelConsumer;
import io.ipcsync.channels.ChannelProducer;
import io.ipcsync.channels.Channels;
import io.ipcsync.channels.SpscChildProducer;
import io.ipcsync.core.JavaProcess;
import io.ipcsync.core.TestDirectory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A selector over channels fed by other JVMs: a producer killed with SIGKILL ends its channel as
 * {@link ChannelConsumer#PEER_DEAD}, reported once, after everything it committed; the other channels
 * go on, and the selector says when all have ended.
 */
class CrossProcessSelectTest
{
    private static final int CAPACITY = 64 * 1024;
    private static final long DEAD_PEER_BOUND_NANOS = TimeUnit.SECONDS.toNanos(5);

    private TestDirectory directory;
    private final List<Process> children = new ArrayList<>();
    private final List<ChannelConsumer> consumers = new ArrayList<>();

    @BeforeEach
    void setUp()
    {
        directory = TestDirectory.create();
    }

    @AfterEach
    void tearDown() throws InterruptedException
    {
        for (final Process child : children)
        {
            child.destroyForcibly().waitFor();
        }
        consumers.forEach(ChannelConsumer::close);
        directory.close();
    }

    private ChannelBuilder channel(final String name)
    {
        return Channels.spsc(name).directory(directory.path()).capacity(CAPACITY).livenessInterval(Duration.ofMillis(20));
    }

    private Process startProducer(final String name, final long count) throws IOException
    {
        final Process child = JavaProcess.start(SpscChildProducer.class,
            directory.path().toString(), name, Long.toString(count), "3", Integer.toString(CAPACITY));
        children.add(child);
        final BufferedReader reader = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("ready", reader.readLine(), "child producer of " + name + " did not start");
        return child;
    }

    @Test
    @Timeout(120)
    void aKilledProducerIsReportedDeadOnceAndTheOtherChannelsGoOnToTheirEnds() throws Exception
    {
        final long finiteCount = 20_000;
        final Process doomed = startProducer("doomed", -1);
        startProducer("finite", finiteCount);
        final ChannelBuilder localChannel = channel("local");
        consumers.add(channel("doomed").consumer());
        consumers.add(channel("finite").consumer());
        consumers.add(localChannel.consumer());

        final long[] next = new long[3];
        final int[][] ends = new int[3][1];
        final long[] endedAt = new long[3];
        final ChannelMessageHandler inOrder = (channel, type, buffer, index, length) ->
        {
            final long seq = buffer.getLong(index);
            if (seq != next[channel])
            {
                throw new AssertionError("channel " + channel + ": expected message " + next[channel] + ", got " + seq);
            }
            next[channel]++;
        };
        final ChannelSelector selector = ChannelSelector.builder()
            .add(consumers.get(0), inOrder)
            .add(consumers.get(1), inOrder)
            .add(consumers.get(2), inOrder)
            .onStatus((channel, status) ->
            {
                ends[channel][0]++;
                endedAt[channel] = System.nanoTime();
                assertEquals(channel == 0 ? ChannelConsumer.PEER_DEAD : ChannelConsumer.CLOSED, status,
                    "channel " + channel);
            })
            .build();

        final BackoffIdleStrategy idle = new BackoffIdleStrategy();
        long localSeq = 0;
        try (ChannelProducer local = localChannel.producer())
        {
            // receive from the doomed producer for a while, with the local channel ticking alongside
            final long killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
            while (System.nanoTime() < killAt)
            {
                if (local.offerLong(1, localSeq))
                {
                    localSeq++;
                }
                assertTrue(selector.select(10, TimeUnit.SECONDS, idle) >= 0);
            }
            doomed.destroyForcibly(); // SIGKILL, wherever it is
            doomed.waitFor();
            final long killed = System.nanoTime();
            while (selector.status(0) == ChannelSelector.ACTIVE)
            {
                assertTrue(selector.select(1, TimeUnit.SECONDS, idle) >= 0);
                assertTrue(System.nanoTime() - killed < DEAD_PEER_BOUND_NANOS, "dead producer not reported in time");
            }
            assertEquals(ChannelConsumer.PEER_DEAD, selector.status(0));
            assertTrue(next[0] > 0, "the doomed producer delivered nothing before it was killed");
            assertTrue(endedAt[0] - killed < DEAD_PEER_BOUND_NANOS);
        }

        // the local producer closed; the finite child closes when done: both end, then everything has
        int result;
        while ((result = selector.select(30, TimeUnit.SECONDS, idle)) != ChannelSelector.ALL_ENDED)
        {
            assertTrue(result > 0, "no message and no end for 30 s");
        }
        assertEquals(finiteCount, next[1]);
        assertEquals(localSeq, next[2]);
        assertEquals(ChannelConsumer.CLOSED, selector.status(1));
        assertEquals(ChannelConsumer.CLOSED, selector.status(2));
        for (int channel = 0; channel < 3; channel++)
        {
            assertEquals(1, ends[channel][0], "channel " + channel + " end reported once");
        }
        assertEquals(ChannelSelector.ALL_ENDED, selector.selectNow());
        assertEquals(0, children.get(1).waitFor());
    }
}
