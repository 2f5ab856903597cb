package io.ipcsync.channels;

import io.ipcsync.core.ChannelFileDescriptor;
import io.ipcsync.core.IpcsyncException;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Child JVM of {@link CorruptionFuzzTest}: in each round, a channel of one mode carries some
 * messages, then random 8-byte words of its ring state and its rings are overwritten (with values
 * near what they held, or anything) while both sides are attached, sometimes with a claim open
 * that is then committed or aborted; the sides go on sending,
 * claiming, polling and closing, and new sides attach to the damaged file and do the same. Every call
 * must return, or throw an {@link IpcsyncException} or an {@code IllegalStateException} that names
 * the file. Anything else (an {@code IndexOutOfBoundsException}, a JVM crash, a call that never
 * returns) is a failure: the child prints {@code UNEXPECTED} with the round's seed and lets it end the JVM (exit
 * code 1, the stack on stderr).
 * The test reads {@code round N} lines to tell a hang from progress.
 *
 * <p>Arguments: directory, mode ({@code SPSC}, {@code MPSC}, {@code MPSC-SHARED}, {@code SPMC},
 * {@code MPMC}, {@code BROADCAST}), first seed, rounds.
 */
public final class CorruptionFuzzChild
{
    private static final int CAPACITY = 4096;
    private static final int OPERATIONS = 300;

    private final Path directory;
    private final String mode;
    private final UnsafeBuffer source = new UnsafeBuffer(new byte[CAPACITY]);
    private final Map<String, Integer> outcomes = new TreeMap<>();
    private SplittableRandom random;
    private Path file;

    private CorruptionFuzzChild(final Path directory, final String mode)
    {
        this.directory = directory;
        this.mode = mode;
    }

    public static void main(final String[] args) throws IOException
    {
        final CorruptionFuzzChild fuzz = new CorruptionFuzzChild(Path.of(args[0]), args[1]);
        final long firstSeed = Long.parseLong(args[2]);
        final int rounds = Integer.parseInt(args[3]);
        for (int round = 0; round < rounds; round++)
        {
            final long seed = firstSeed + round;
            System.out.println("round " + round + " seed " + seed);
            System.out.flush();
            try
            {
                fuzz.round(seed);
            }
            catch (final RuntimeException | Error ex)
            {
                // leaves main: the JVM prints the stack on stderr and exits with 1, which fails the test
                System.out.println("UNEXPECTED in round " + round + " (seed " + seed + ", mode " + args[1] + "): " + ex);
                System.out.flush();
                throw ex;
            }
        }
        System.out.println("done; calls that threw: " + fuzz.outcomes);
    }

    private ChannelBuilder builder()
    {
        final ChannelBuilder builder = switch (mode)
        {
            case "SPSC" -> Channels.spsc("fuzz");
            case "MPSC" -> Channels.mpsc("fuzz").lanes(2);
            case "MPSC-SHARED" -> Channels.mpsc("fuzz").lanes(0);
            case "SPMC" -> Channels.spmc("fuzz");
            case "MPMC" -> Channels.mpmc("fuzz");
            case "BROADCAST" -> Channels.broadcast("fuzz");
            default -> throw new IllegalArgumentException("mode " + mode);
        };
        return builder.directory(directory).capacity(CAPACITY).openTimeout(Duration.ofMillis(20))
            .livenessInterval(Duration.ofMillis(random.nextInt(3))).claimTimeout(Duration.ofMillis(random.nextInt(3)));
    }

    private void round(final long seed) throws IOException
    {
        random = new SplittableRandom(seed);
        final ChannelBuilder channel = builder();
        file = channel.path();
        final List<AutoCloseable> sides = new ArrayList<>();
        try
        {
            final ChannelProducer producer = channel.producer();
            sides.add(producer);
            final ChannelConsumer consumer = channel.consumer();
            sides.add(consumer);
            operate(producer, consumer, 1 + random.nextInt(OPERATIONS));
            final Integer open = random.nextBoolean() ? expected(() -> producer.tryClaim(4, random.nextInt(64))) : null;
            corrupt(1 + random.nextInt(6));
            if (open != null && open >= 0)
            {
                final boolean commit = random.nextBoolean();
                expected(() -> finishClaim(producer, open, commit));
            }
            operate(producer, consumer, OPERATIONS);
            closeAll(sides);

            final ChannelProducer newProducer = expected(() -> channel.producer());
            final ChannelConsumer newConsumer = expected(() -> channel.consumer());
            if (newProducer != null)
            {
                sides.add(newProducer);
            }
            if (newConsumer != null)
            {
                sides.add(newConsumer);
            }
            operate(newProducer, newConsumer, OPERATIONS);
            expected(() -> channel.snapshot());
            closeAll(sides);
        }
        finally
        {
            for (final AutoCloseable side : sides)
            {
                expected(() -> { side.close(); return null; });
            }
            Files.deleteIfExists(file);
        }
    }

    private void operate(final ChannelProducer producer, final ChannelConsumer consumer, final int operations)
    {
        final MessageHandler handler = (type, buffer, index, length) ->
        {
            if (length > 0)
            {
                buffer.getByte(index);
                buffer.getByte(index + length - 1);
            }
        };
        for (int i = 0; i < operations; i++)
        {
            final int choice = random.nextInt(10);
            if (choice < 4 && producer != null)
            {
                final int length = random.nextInt(producer.maxMessageLength() + 1);
                if (expected(() -> producer.offer(1, source, 0, length)) == null)
                {
                    return;
                }
            }
            else if (choice < 5 && producer != null)
            {
                if (expected(() -> producer.offerLong(2, random.nextLong())) == null)
                {
                    return;
                }
            }
            else if (choice < 6 && producer != null)
            {
                final int length = random.nextInt(producer.maxMessageLength() + 1);
                final Integer index = expected(() -> producer.tryClaim(3, length));
                if (index == null)
                {
                    return;
                }
                if (index >= 0)
                {
                    final boolean commit = random.nextInt(4) != 0;
                    if (expected(() -> finishClaim(producer, index, commit)) == null)
                    {
                        return;
                    }
                }
            }
            else if (consumer != null)
            {
                final int limit = 1 + random.nextInt(64);
                if (expected(() -> consumer.poll(handler, limit)) == null)
                {
                    return;
                }
            }
        }
    }

    private static Boolean finishClaim(final ChannelProducer producer, final int index, final boolean commit)
    {
        if (commit)
        {
            producer.commit(index);
        }
        else
        {
            producer.abort(index);
        }
        return Boolean.TRUE;
    }

    /** Overwrites random words of the ring state and the rings, half of them with values near what they held. */
    private void corrupt(final int words) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final long length = channel.size();
            final MappedByteBuffer mapping = channel.map(FileChannel.MapMode.READ_WRITE, 0, length);
            try
            {
                final UnsafeBuffer bytes = new UnsafeBuffer(mapping);
                for (int i = 0; i < words; i++)
                {
                    final int offset = wordToDamage(bytes, (int)length);
                    bytes.putLongVolatile(offset, damaged(bytes.getLongVolatile(offset)));
                }
            }
            finally
            {
                IoUtil.unmap(mapping);
            }
        }
    }

    /**
     * Picks a word after the common header: most often among the first lines of the ring state (the
     * positions, owners and the first party slots), else anywhere, and there preferably a word that
     * is not zero (messages are zeros here, so that is a header, a state word or a position).
     */
    private int wordToDamage(final UnsafeBuffer bytes, final int length)
    {
        final int stateStart = ChannelFileDescriptor.RING_STATE_OFFSET;
        if (random.nextInt(5) < 2)
        {
            // the hot lines of a state page: the file's, or (MPSC with lanes) a lane's
            final int pages = length / (ChannelFileDescriptor.HEADER_LENGTH + CAPACITY);
            final int page = random.nextInt(pages) * (ChannelFileDescriptor.HEADER_LENGTH + CAPACITY);
            return page + stateStart + 8 * random.nextInt((1280 - stateStart) / 8);
        }
        int offset = 0;
        for (int attempt = 0; attempt < 16; attempt++)
        {
            offset = stateStart + 8 * random.nextInt((length - stateStart) / 8);
            if (bytes.getLongVolatile(offset) != 0)
            {
                break;
            }
        }
        return offset;
    }

    private long damaged(final long old)
    {
        return switch (random.nextInt(9))
        {
            case 0 -> 0;
            case 1 -> -1;
            case 2 -> random.nextLong();
            case 3 -> old + 1 + random.nextInt(16);
            case 4 -> old - 1 - random.nextInt(16);
            case 5 -> old + (random.nextBoolean() ? CAPACITY : -CAPACITY);
            case 6 -> old ^ (1L << random.nextInt(64));
            case 7 -> (old & 0xFFFF_FFFF_0000_0000L) | random.nextInt(); // the low int: a length or a type
            default -> (old & 0xFFFF_FFFFL) | (long)random.nextInt() << 32; // the high int
        };
    }

    private void closeAll(final List<AutoCloseable> sides)
    {
        for (final AutoCloseable side : sides)
        {
            expected(() -> { side.close(); return null; });
        }
        sides.clear();
    }

    /**
     * Runs a call: returns its result, or null (and records the exception's class) when it threw
     * what a damaged file may cause; anything else propagates and fails the round.
     */
    private <T> T expected(final Callable<T> call)
    {
        try
        {
            return call.call();
        }
        catch (final IpcsyncException ex)
        {
            outcomes.merge(ex.getClass().getSimpleName(), 1, Integer::sum);
            return null;
        }
        catch (final IllegalStateException ex)
        {
            if (ex.getMessage() == null || !ex.getMessage().contains(file.toString()))
            {
                throw new AssertionError("an IllegalStateException that does not name the file", ex);
            }
            outcomes.merge("IllegalStateException", 1, Integer::sum);
            return null;
        }
        catch (final RuntimeException | Error ex)
        {
            throw ex;
        }
        catch (final Exception ex)
        {
            throw new AssertionError(ex);
        }
    }
}
