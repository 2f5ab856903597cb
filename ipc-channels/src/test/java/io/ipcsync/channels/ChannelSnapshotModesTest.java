package io.ipcsync.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ipcsync.core.ChannelMode;
import io.ipcsync.core.ChannelSnapshot;
import io.ipcsync.core.ChannelSnapshot.SideState;
import io.ipcsync.core.TestDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a snapshot shows of the modes with several producers or consumers, and of broadcast. */
class ChannelSnapshotModesTest
{
    private static final MessageHandler IGNORE = (type, buffer, index, length) -> { };

    private TestDirectory directory;

    @BeforeEach
    void setUp()
    {
        directory = TestDirectory.create();
    }

    @AfterEach
    void tearDown()
    {
        directory.close();
    }

    @Test
    void mpscListsEachProducerAndSumsThem() throws Exception
    {
        final ChannelBuilder channel = Channels.mpsc("orders").directory(directory.path()).capacity(64 * 1024);
        try (ChannelConsumer consumer = channel.consumer())
        {
            final ChannelProducer a = channel.producer();
            final ChannelProducer b = channel.producer();
            for (int i = 0; i < 3; i++)
            {
                a.offerLong(1, i);
            }
            b.offerLong(1, 9);
            assertEquals(2, consumer.poll(IGNORE, 2));

            final ChannelSnapshot s = channel.snapshot();
            assertEquals(ChannelMode.MPSC, s.layout().mode());
            assertEquals(2, s.producers().size());
            assertEquals(1, s.consumers().size());
            assertEquals(SideState.ALIVE, s.producer().state());
            assertEquals(ProcessHandle.current().pid(), s.producer().pid());
            assertEquals(4, s.producer().messages());
            assertEquals(32, s.producer().bytes());
            assertEquals(2, s.consumer().messages());
            assertEquals(2 * 16, s.backlogBytes(), "two 16-byte records not yet read");
            a.close();
            b.close();
            final ChannelSnapshot closed = channel.snapshot();
            assertEquals(SideState.CLOSED, closed.producer().state());
            assertEquals(SideState.CLOSED, closed.producers().get(0).state());
            assertEquals(4, closed.producer().messages(), "a closed party's counters stay until its slot is reused");
        }
    }

    @Test
    void mpmcCountsBacklogInSlots() throws Exception
    {
        final ChannelBuilder channel = Channels.mpmc("work").directory(directory.path()).capacity(64 * 1024);
        try (ChannelProducer producer = channel.producer();
            ChannelConsumer first = channel.consumer();
            ChannelConsumer second = channel.consumer())
        {
            for (int i = 0; i < 5; i++)
            {
                producer.offerLong(1, i);
            }
            assertEquals(1, first.poll(IGNORE, 1));
            assertEquals(1, second.poll(IGNORE, 1));
            final ChannelSnapshot s = channel.snapshot();
            assertEquals(1, s.producers().size());
            assertEquals(2, s.consumers().size());
            assertEquals(5, s.producer().messages());
            assertEquals(2, s.consumer().messages());
            final int slotLength = (int)(s.producer().position() / 5);
            assertEquals(3L * slotLength, s.backlogBytes(), "three slots not yet taken");
        }
    }

    @Test
    void broadcastShowsTheProducerAndNoRegisteredSubscribers() throws Exception
    {
        final ChannelBuilder channel = Channels.broadcast("ticks").directory(directory.path()).capacity(64 * 1024);
        try (ChannelProducer producer = channel.producer();
            ChannelConsumer subscriber = channel.consumer())
        {
            producer.offerLong(1, 42);
            assertEquals(1, subscriber.poll(IGNORE, 10));
            final ChannelSnapshot s = channel.snapshot();
            assertEquals(SideState.ALIVE, s.producer().state());
            assertEquals(1, s.producer().messages());
            assertEquals(SideState.NEVER_ATTACHED, s.consumer().state());
            assertEquals(0, s.consumers().size());
            assertEquals(0, s.backlogBytes());
        }
    }
}
