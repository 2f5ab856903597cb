package io.ipcsync.bench;

/**
 * Runs on a thread just before it enters a measured loop: the JMH producer and consumer threads
 * of the throughput benchmarks, and the ping and echo threads of the latency harness.
 *
 * <p>This is where CPU pinning goes. The implementation is named by the system property
 * {@value #PROPERTY} (a public class with a public no-argument constructor), which
 * {@link Compare} passes on to every JVM it starts; without it the hook does
 * nothing.
 */
@FunctionalInterface
public interface LoopThreadHook
{
    /** System property naming the {@link LoopThreadHook} implementation class. */
    String PROPERTY = "ipcsync.bench.loopThreadHook";

    /**
     * Called on the thread that is about to run a measured loop.
     *
     * @param role what the thread does: {@code producer}, {@code consumer}, {@code ping} or {@code echo}.
     */
    void beforeLoop(String role);

    /**
     * The hook named by {@value #PROPERTY}, or one that does nothing.
     *
     * @return the configured hook.
     * @throws IllegalStateException when the named class cannot be loaded or instantiated.
     */
    static LoopThreadHook configured()
    {
        final String className = System.getProperty(PROPERTY);
        if (className == null || className.isBlank())
        {
            return role -> { };
        }
        try
        {
            return (LoopThreadHook)Class.forName(className).getConstructor().newInstance();
        }
        catch (final ReflectiveOperationException | ClassCastException ex)
        {
            throw new IllegalStateException("-D" + PROPERTY + "=" + className + ": cannot create the hook", ex);
        }
    }
}
