package io.ipcsync.bench.latency;

import io.ipcsync.bench.LoopThreadHook;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The echo process of the {@link LatencyHarness}: opens the echo side of a transport and sends
 * every message back until a {@link PingPongTransport#STOP} message, busy-spinning in between.
 * It also exits when its parent process dies, so a killed harness leaves no spinning process.
 *
 * <pre>java [flags] -cp ipcsync-bench.jar io.ipcsync.bench.latency.EchoServer &lt;transport&gt; &lt;dir&gt; &lt;size&gt;</pre>
 */
public final class EchoServer
{
    private static final int PARENT_CHECK_MASK = (1 << 22) - 1;

    private EchoServer()
    {
    }

    /**
     * Runs the echo side until the ping side sends STOP.
     *
     * @param args transport id, scratch directory, message size.
     * @throws Exception if the transport fails.
     */
    public static void main(final String[] args) throws Exception
    {
        if (args.length != 3)
        {
            throw new IllegalArgumentException("usage: EchoServer <transport> <dir> <size>");
        }
        final PingPongTransport transport = Transports.byId(args[0]);
        final Optional<ProcessHandle> parent = ProcessHandle.current().parent();
        LoopThreadHook.configured().beforeLoop("echo");
        try (PingPongTransport.Echo echo = transport.openEcho(Path.of(args[1]), Integer.parseInt(args[2])))
        {
            int idle = 0;
            while (true)
            {
                final int count = echo.echo();
                if (count < 0)
                {
                    break;
                }
                if (count == 0 && (++idle & PARENT_CHECK_MASK) == 0 && parent.isPresent() && !parent.get().isAlive())
                {
                    System.err.println("[echo " + transport.id() + "] parent process gone: exiting");
                    System.exit(2);
                }
            }
        }
    }
}
