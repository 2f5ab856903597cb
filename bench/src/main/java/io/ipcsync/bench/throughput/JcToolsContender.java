package io.ipcsync.bench.throughput;

import java.util.function.Supplier;
import org.jctools.queues.MessagePassingQueue;

/**
 * A JCTools queue between two threads of this process in {@link InterleavedRace}: the producer
 * {@code offer}s a boxed {@code Long} (JCTools' idiom, which allocates), the consumer
 * {@code drain}s up to {@link Workload#BATCH_LIMIT} and checks each, like the JMH benchmarks of the
 * modes.
 */
final class JcToolsContender extends Contender
{
    private final Supplier<MessagePassingQueue<Long>> factory;
    private final MessagePassingQueue.Consumer<Long> checker = message -> check(message, message);
    private MessagePassingQueue<Long> queue;

    JcToolsContender(final String name, final Supplier<MessagePassingQueue<Long>> factory)
    {
        super("JCTools " + name);
        this.factory = factory;
    }

    @Override
    void open(final int size)
    {
        if (size != 8)
        {
            throw new IllegalArgumentException("the JCTools queues carry 8-byte messages (a Long) only, size=" + size);
        }
        queue = factory.get();
    }

    @Override
    void close()
    {
        queue = null;
    }

    @Override
    long send(final long first, final Slice slice)
    {
        final MessagePassingQueue<Long> queue = this.queue;
        long sequence = first;
        while (!slice.stopped)
        {
            if (queue.offer(sequence))
            {
                sequence++;
            }
        }
        return sequence;
    }

    @Override
    void receive(final Slice slice)
    {
        final MessagePassingQueue<Long> queue = this.queue;
        final MessagePassingQueue.Consumer<Long> checker = this.checker;
        final long start = expected;
        while (!slice.stopped)
        {
            queue.drain(checker, Workload.BATCH_LIMIT);
        }
        slice.receivedWhileRunning = expected - start;
        while (inFlight(slice))
        {
            queue.drain(checker, Workload.BATCH_LIMIT);
        }
    }
}
