package io.ipcsync.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ipcsync.affinity.Affinity;
import io.ipcsync.affinity.AffinityMode;
import io.ipcsync.affinity.AffinityThreadFactory;
import io.ipcsync.affinity.CpuSet;
import io.ipcsync.affinity.CpuTopology;
import io.ipcsync.channels.ChannelBuilder;
import io.ipcsync.channels.ChannelConsumer;
import io.ipcsync.channels.ChannelProducer;
import io.ipcsync.channels.Channels;
import io.ipcsync.channels.ConsumerAgent;
import io.ipcsync.core.TestDirectory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.junit.jupiter.api.Test;

/**
 * The channels' pinning hook with the affinity module: a consumer agent started through an
 * {@link AffinityThreadFactory} handles every message on the CPU it was pinned to.
 */
class PinnedConsumerAgentTest
{
    @Test
    void aConsumerAgentStartedByAnAffinityThreadFactoryRunsPinned() throws Exception
    {
        assumeTrue(Affinity.isAvailable(), () -> "affinity unavailable: " + Affinity.unavailableReason().orElse("?"));
        final int cpu = CpuTopology.current().online().last();
        try (TestDirectory directory = TestDirectory.create())
        {
            final ChannelBuilder channel = Channels.spsc("pinned").directory(directory.path()).capacity(4096);
            final List<CpuSet> masks = new CopyOnWriteArrayList<>();
            final CountDownLatch done = new CountDownLatch(100);
            final ChannelConsumer consumer = channel.consumer();
            final AgentRunner runner = ConsumerAgent.start(
                new ConsumerAgent("pinned-consumer", consumer, (type, buffer, index, length) ->
                {
                    masks.add(Affinity.currentAffinity(AffinityMode.STRICT));
                    done.countDown();
                }, 16),
                new BackoffIdleStrategy(), Throwable::printStackTrace,
                AffinityThreadFactory.builder("pinned-consumer").cpu(cpu).mode(AffinityMode.STRICT).build());
            try (ChannelProducer producer = channel.producer())
            {
                for (int i = 0; i < 100; i++)
                {
                    while (!producer.offerLong(1, i))
                    {
                        Thread.onSpinWait();
                    }
                }
                done.await(10, TimeUnit.SECONDS);
            }
            runner.close();
            assertEquals(100, masks.size());
            masks.forEach(mask -> assertEquals(CpuSet.of(cpu), mask));
        }
    }
}
