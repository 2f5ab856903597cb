package io.ipcsync.samples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.ipcsync.channels.ChannelBenchmark;
import io.ipcsync.channels.ChannelBuilder;
import io.ipcsync.core.ChannelDirectory;
import io.ipcsync.core.ChannelFile;
import io.ipcsync.core.ChannelMode;
import io.ipcsync.core.ChannelSnapshot;
import io.ipcsync.core.IpcsyncException;

/**
 * The command-line tool: lists the channels of a directory with their state and counters, shows
 * one channel file in full, deletes the files nobody can use any more, runs the built-in benchmark.
 *
 * <pre>
 * java -jar ipcsync-samples.jar list [DIR]
 * java -jar ipcsync-samples.jar inspect FILE
 * java -jar ipcsync-samples.jar clean [DIR] [--force]
 * java -jar ipcsync-samples.jar benchmark [DIR]
 * </pre>
 *
 * {@code clean} deletes a channel file when no side of it is alive and nothing committed is
 * waiting to be read; with {@code --force} also when messages are waiting. A file that cannot be
 * read as a channel is reported, never deleted.
 */
public final class ChannelTool
{
    private final PrintStream out;

    /**
     * Creates the tool writing to a stream.
     *
     * @param out where reports go.
     */
    public ChannelTool(final PrintStream out)
    {
        this.out = out;
    }

    /**
     * Runs one command.
     *
     * @param args the command and its arguments.
     * @return the exit status: 0 done, 1 a file could not be read, 2 bad arguments.
     * @throws InterruptedException if interrupted during the benchmark.
     */
    public int run(final List<String> args) throws InterruptedException
    {
        if (args.isEmpty())
        {
            return usage();
        }
        final List<String> rest = args.subList(1, args.size());
        final Path defaultDir = ChannelDirectory.defaultDirectory();
        switch (args.get(0))
        {
            case "list":
                return list(rest.isEmpty() ? defaultDir : Path.of(rest.get(0)));
            case "inspect":
                return rest.size() == 1 ? inspect(Path.of(rest.get(0))) : usage();
            case "clean":
            {
                final boolean force = rest.contains("--force");
                final List<String> dirs = new ArrayList<>(rest);
                dirs.remove("--force");
                return clean(dirs.isEmpty() ? defaultDir : Path.of(dirs.get(0)), force);
            }
            case "benchmark":
            {
                final ChannelBenchmark.Options defaults = ChannelBenchmark.Options.defaults();
                out.println("measuring two threads through channel files (about 10 s) ...");
                out.println(ChannelBenchmark.run(new ChannelBenchmark.Options(
                    rest.isEmpty() ? defaults.directory() : Path.of(rest.get(0)), defaults.duration(), defaults.roundTrips())));
                return 0;
            }
            default:
                return usage();
        }
    }

    private int usage()
    {
        out.println("usage: list [DIR] | inspect FILE | clean [DIR] [--force] | benchmark [DIR]");
        out.println("       (DIR defaults to " + ChannelDirectory.defaultDirectory() + ")");
        return 2;
    }

    private int list(final Path dir)
    {
        final List<Path> files = channelFiles(dir);
        out.printf(Locale.ROOT, "%d channel file(s) in %s%n", files.size(), dir);
        if (files.isEmpty())
        {
            return 0;
        }
        out.printf(Locale.ROOT, "%-24s %-9s %10s  %-16s %-16s %14s %14s %12s %10s%n", "channel", "mode", "capacity",
            "producer", "consumer", "sent", "received", "backlog B", "full");
        int status = 0;
        for (final Path file : files)
        {
            try
            {
                final ChannelSnapshot s = ChannelSnapshot.read(file);
                out.printf(Locale.ROOT, "%-24s %-9s %10d  %-16s %-16s %,14d %,14d %,12d %,10d%n", name(file),
                    s.layout().mode(), s.layout().capacity(), side(s.producer()), side(s.consumer()),
                    s.producer().messages(), s.consumer().messages(), Math.max(0, s.backlogBytes()), s.fullEvents());
            }
            catch (final NoSuchFileException ex)
            {
                out.printf(Locale.ROOT, "%-24s deleted while listing%n", name(file));
            }
            catch (final IpcsyncException ex)
            {
                out.printf(Locale.ROOT, "%-24s unreadable: %s%n", name(file), ex.getMessage());
                status = 1;
            }
        }
        return status;
    }

    private int inspect(final Path file)
    {
        try
        {
            final ChannelSnapshot s = ChannelSnapshot.read(file);
            out.println("file          " + file);
            out.println("layout        " + s.layout().mode() + ", capacity " + s.layout().capacity() +
                " bytes" + (s.layout().lanes() != 0 ? " in each of " + s.layout().lanes() + " lanes and the overflow ring" : "") +
                ", max message " + s.layout().maxMessageLength() + " bytes");
            out.println("created       " + Instant.ofEpochMilli(s.creationTimeMillis()) + " by pid " + s.creatorPid());
            out.println("producer      " + describe(s.producer(), "sent"));
            out.println("consumer      " + describe(s.consumer(), "received"));
            if (s.layout().mode() != ChannelMode.SPSC)
            {
                s.producers().forEach(party -> out.println("  a producer  " + describe(party, "sent")));
                s.consumers().forEach(party -> out.println("  a consumer  " + describe(party, "received")));
            }
            if (s.layout().mode() == ChannelMode.BROADCAST)
            {
                out.println("subscribers   not registered: a broadcast channel does not know its subscribers");
            }
            out.println("backlog       " + Math.max(0, s.backlogBytes()) + " bytes of records not yet read");
            out.println("full events   " + s.fullEvents() + " offers or claims refused for lack of space");
            return 0;
        }
        catch (final NoSuchFileException ex)
        {
            out.println(file + ": no such file");
            return 1;
        }
        catch (final IpcsyncException ex)
        {
            out.println(ex.getMessage());
            return 1;
        }
    }

    private int clean(final Path dir, final boolean force)
    {
        int deleted = 0;
        int status = 0;
        for (final Path file : channelFiles(dir))
        {
            try
            {
                final ChannelSnapshot s = ChannelSnapshot.read(file);
                final boolean inUse = s.producer().state() == ChannelSnapshot.SideState.ALIVE ||
                    s.consumer().state() == ChannelSnapshot.SideState.ALIVE;
                final boolean pending = s.backlogBytes() > 0;
                if (inUse)
                {
                    out.println("kept     " + name(file) + ": in use");
                }
                else if (pending && !force)
                {
                    out.println("kept     " + name(file) + ": " + s.backlogBytes() +
                        " bytes of messages not yet read (--force deletes them)");
                }
                else
                {
                    ChannelFile.delete(file);
                    deleted++;
                    out.println("deleted  " + name(file) + " (producer " + side(s.producer()) + ", consumer " +
                        side(s.consumer()) + (pending ? ", " + s.backlogBytes() + " bytes unread" : "") + ")");
                }
            }
            catch (final NoSuchFileException ex)
            {
                // deleted by someone else meanwhile: nothing to do
            }
            catch (final IpcsyncException ex)
            {
                out.println("skipped  " + name(file) + ": " + ex.getMessage());
                status = 1;
            }
        }
        out.println(deleted + " file(s) deleted from " + dir);
        return status;
    }

    private static String describe(final ChannelSnapshot.Side side, final String verb)
    {
        final String heartbeat = side.heartbeatMillis() == 0 ? "no heartbeat" : "last heartbeat " +
            Duration.ofMillis(Math.max(0, System.currentTimeMillis() - side.heartbeatMillis())).toMillis() + " ms ago";
        return side(side) + ", position " + side.position() + ", " + side.messages() + " messages (" + side.bytes() +
            " bytes) " + verb + ", " + heartbeat;
    }

    private static String side(final ChannelSnapshot.Side side)
    {
        return side.pid() == 0 ? side.state().name().toLowerCase(Locale.ROOT) :
            side.state().name().toLowerCase(Locale.ROOT) + " " + side.pid();
    }

    private static String name(final Path file)
    {
        final String name = file.getFileName().toString();
        return name.substring(0, name.length() - ChannelBuilder.FILE_SUFFIX.length());
    }

    private static List<Path> channelFiles(final Path dir)
    {
        final List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(dir))
        {
            return files;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*" + ChannelBuilder.FILE_SUFFIX))
        {
            stream.forEach(files::add);
        }
        catch (final IOException ex)
        {
            throw new IpcsyncException("cannot list " + dir + ": " + ex, ex);
        }
        files.sort(null);
        return files;
    }
}
