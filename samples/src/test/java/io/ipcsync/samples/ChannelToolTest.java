package io.ipcsync.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcsync.channels.ChannelBuilder;
import io.ipcsync.channels.ChannelConsumer;
import io.ipcsync.channels.ChannelProducer;
import io.ipcsync.channels.Channels;
import io.ipcsync.core.TestDirectory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelToolTest
{
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final ChannelTool tool = new ChannelTool(new PrintStream(output, true, StandardCharsets.UTF_8));

    private String output()
    {
        final String text = output.toString(StandardCharsets.UTF_8);
        output.reset();
        return text;
    }

    @Test
    void listsInspectsAndCleansOnlyWhatNobodyCanUse() throws Exception
    {
        try (TestDirectory directory = TestDirectory.create())
        {
            final String dir = directory.path().toString();
            final ChannelBuilder live = Channels.spsc("live").directory(directory.path()).capacity(4096);
            final ChannelBuilder finished = Channels.spsc("finished").directory(directory.path()).capacity(4096);
            final ChannelBuilder pending = Channels.spsc("pending").directory(directory.path()).capacity(4096);
            try (ChannelProducer liveProducer = live.producer())
            {
                liveProducer.offerLong(1, 1);
                try (ChannelProducer p = finished.producer(); ChannelConsumer c = finished.consumer())
                {
                    p.offerLong(1, 1);
                    c.poll((t, b, i, l) -> { }, 10);
                }
                try (ChannelProducer p = pending.producer())
                {
                    p.offerLong(1, 1);
                    p.offerLong(1, 2);
                }
                Files.write(directory.resolve("corrupt.ipc"), "not a channel file at all".getBytes(StandardCharsets.US_ASCII));

                assertEquals(1, tool.run(List.of("list", dir)), "the corrupt file makes the status 1");
                final String list = output();
                assertTrue(list.contains("4 channel file(s)"), list);
                assertTrue(list.matches("(?s).*live\\s+SPSC\\s+4096\\s+alive \\d+\\s+never_attached.*"), list);
                assertTrue(list.contains("corrupt") && list.contains("unreadable"), list);

                assertEquals(0, tool.run(List.of("inspect", pending.path().toString())));
                final String inspect = output();
                assertTrue(inspect.contains("producer      closed") && inspect.contains("2 messages (16 bytes) sent"), inspect);
                assertTrue(inspect.contains("backlog       32 bytes"), inspect);

                assertEquals(1, tool.run(List.of("clean", dir)));
                final String clean = output();
                assertTrue(clean.contains("kept     live: in use"), clean);
                assertTrue(clean.contains("deleted  finished"), clean);
                assertTrue(clean.contains("kept     pending: 32 bytes of messages not yet read"), clean);
                assertTrue(clean.contains("skipped  corrupt"), clean);
                assertTrue(Files.exists(live.path()) && Files.exists(pending.path()));
                assertFalse(Files.exists(finished.path()));
                assertTrue(Files.exists(directory.resolve("corrupt.ipc")), "an unreadable file is never deleted");

                tool.run(List.of("clean", dir, "--force"));
                assertTrue(output().contains("deleted  pending"));
                assertFalse(Files.exists(pending.path()));
                assertTrue(Files.exists(live.path()));
            }
            assertEquals(2, tool.run(List.of("frobnicate")));
            assertTrue(output().startsWith("usage:"));
        }
    }

    @Test
    void inspectShowsTheLanesOfAnMpscChannelAndTheirProducers() throws Exception
    {
        try (TestDirectory directory = TestDirectory.create())
        {
            final ChannelBuilder laned = Channels.mpsc("laned").directory(directory.path()).capacity(4096).lanes(3);
            try (ChannelProducer first = laned.producer(); ChannelProducer second = laned.producer())
            {
                first.offerLong(1, 1);
                second.offerLong(2, 2);
                second.offerLong(2, 3);
                assertEquals(0, tool.run(List.of("inspect", laned.path().toString())));
                final String inspect = output();
                assertTrue(inspect.contains("layout        MPSC, capacity 4096 bytes in each of 3 lanes"), inspect);
                assertTrue(inspect.contains("3 messages (24 bytes) sent"), inspect);
                assertEquals(2, inspect.split("  a producer  ").length - 1, inspect);
                assertTrue(inspect.contains("backlog       48 bytes"), inspect);
            }
        }
    }
}
