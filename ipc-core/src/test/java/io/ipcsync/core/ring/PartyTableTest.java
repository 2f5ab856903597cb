package io.ipcsync.core.ring;

import static io.ipcsync.core.ring.PartyTableDescriptor.ROLE_CONSUMER;
import static io.ipcsync.core.ring.PartyTableDescriptor.ROLE_PRODUCER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcsync.core.ChannelFile;
import io.ipcsync.core.ChannelLayout;
import io.ipcsync.core.ChannelMode;
import io.ipcsync.core.IpcsyncException;
import io.ipcsync.core.TestDirectory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PartyTableTest
{
    private TestDirectory directory;
    private ChannelFile file;

    @BeforeEach
    void setUp()
    {
        directory = TestDirectory.create();
        file = ChannelFile.openOrCreate(directory.resolve("parties.ipc"), ChannelLayout.of(ChannelMode.MPMC, 4096),
            false, false, Duration.ofMillis(50));
    }

    @AfterEach
    void tearDown()
    {
        file.close();
        directory.close();
    }

    @Test
    void offsetsMatchTheDrawing()
    {
        assertEquals(960, PartyTableDescriptor.PRODUCERS_CLOSED_OFFSET);
        assertEquals(964, PartyTableDescriptor.CONSUMERS_CLOSED_OFFSET);
        assertEquals(1024, PartyTableDescriptor.SLOTS_OFFSET);
        assertEquals(48, PartyTableDescriptor.SLOT_COUNT);
        assertEquals(1024 + 47 * 64, PartyTableDescriptor.slotOffset(47));
        assertEquals(4096, PartyTableDescriptor.slotOffset(PartyTableDescriptor.SLOT_COUNT));
        assertEquals(0, PartyTableDescriptor.OWNER_FIELD);
        assertEquals(8, PartyTableDescriptor.START_TIME_FIELD);
        assertEquals(16, PartyTableDescriptor.HEARTBEAT_FIELD);
        assertEquals(24, PartyTableDescriptor.ROLE_FIELD);
        assertEquals(32, PartyTableDescriptor.MESSAGES_FIELD);
        assertEquals(40, PartyTableDescriptor.BYTES_FIELD);
        assertEquals(48, PartyTableDescriptor.FULL_EVENTS_FIELD);
        assertEquals(56, PartyTableDescriptor.CLAIM_POSITION_FIELD);
    }

    @Test
    void theSingleSlotTakesOneLivePartyAtATime()
    {
        final Party first = Party.attach(file, ROLE_CONSUMER, true);
        assertEquals(PartyTableDescriptor.SINGLE_SLOT, first.slot());
        final IpcsyncException ex = assertThrows(IpcsyncException.class, () -> Party.attach(file, ROLE_CONSUMER, true));
        assertTrue(ex.getMessage().contains("already has a live consumer"), ex.getMessage());
        assertTrue(ex.getMessage().contains("this process"), ex.getMessage());
        first.close();
        assertEquals(PartyTableDescriptor.SINGLE_SLOT, Party.attach(file, ROLE_CONSUMER, true).slot());
    }

    @Test
    void manyPartiesTakeDistinctSlotsUntilTheTableIsFull()
    {
        final Set<Integer> slots = new HashSet<>();
        final List<Party> parties = new ArrayList<>();
        for (int i = 1; i < PartyTableDescriptor.SLOT_COUNT; i++)
        {
            final Party party = Party.attach(file, i % 2 == 0 ? ROLE_PRODUCER : ROLE_CONSUMER, false);
            assertNotEquals(PartyTableDescriptor.SINGLE_SLOT, party.slot());
            assertTrue(slots.add(party.slot()));
            parties.add(party);
        }
        final IpcsyncException ex = assertThrows(IpcsyncException.class, () -> Party.attach(file, ROLE_PRODUCER, false));
        assertTrue(ex.getMessage().contains("all 47 party slots"), ex.getMessage());
        final Party freed = parties.get(10);
        freed.close();
        assertEquals(freed.slot(), Party.attach(file, ROLE_PRODUCER, false).slot());
    }

    @Test
    void theWatchTellsAbsentAliveClosedAndDead() throws Exception
    {
        final Party consumer = Party.attach(file, ROLE_CONSUMER, true);
        final PartyWatch producers = new PartyWatch(file.header(), ROLE_PRODUCER, 0);
        assertEquals(PartyWatch.ABSENT, producers.check());

        final Party a = Party.attach(file, ROLE_PRODUCER, false);
        final Party b = Party.attach(file, ROLE_PRODUCER, false);
        assertEquals(PartyWatch.ALIVE, producers.poll(consumer));
        a.close();
        assertEquals(PartyWatch.ALIVE, producers.check(), "one producer is still attached");
        b.close();
        assertEquals(PartyWatch.CLOSED, producers.check());

        final Party c = Party.attach(file, ROLE_PRODUCER, false);
        assertEquals(PartyWatch.ALIVE, producers.check(), "attaching clears the closed flag");
        final long deadPid = DeadProcess.pid();
        file.header().putLongVolatile(c.offset() + PartyTableDescriptor.OWNER_FIELD, deadPid << 24);
        assertEquals(PartyWatch.DEAD, producers.check());
        assertEquals(deadPid, producers.lastDeadPid());
        assertEquals(PartyWatch.ALIVE, new PartyWatch(file.header(), ROLE_CONSUMER, 0).check(),
            "the consumer role is watched on its own");

        final Party successor = Party.attach(file, ROLE_PRODUCER, false);
        assertNotEquals(c.slot(), successor.slot(), "a free slot is preferred: the dead party's slot keeps its claim");
        assertEquals(PartyWatch.ALIVE, producers.check());
        final List<Party> rest = new ArrayList<>();
        for (int i = 0; i < PartyTableDescriptor.SLOT_COUNT - 3; i++)
        {
            rest.add(Party.attach(file, ROLE_PRODUCER, false));
        }
        final Party last = Party.attach(file, ROLE_PRODUCER, false);
        assertEquals(c.slot(), last.slot(), "a dead party's slot is taken over once no slot is free");
    }

    @Test
    void aDeadSingleOwnerIsTakenOver() throws Exception
    {
        final Party consumer = Party.attach(file, ROLE_CONSUMER, true);
        file.header().putLongVolatile(consumer.offset() + PartyTableDescriptor.OWNER_FIELD, DeadProcess.pid() << 24);
        assertEquals(PartyWatch.DEAD, new PartyWatch(file.header(), ROLE_CONSUMER, 0).check());
        assertEquals(PartyTableDescriptor.SINGLE_SLOT, Party.attach(file, ROLE_CONSUMER, true).slot());
    }
}
