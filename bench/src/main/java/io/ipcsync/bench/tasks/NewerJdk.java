package io.ipcsync.bench.tasks;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Virtual threads (JDK 21+) and {@code StructuredTaskScope} (JDK 25, preview) through method handles,
 * so this module still compiles with {@code --release 17}.
 */
public final class NewerJdk
{
    private static final MethodHandle START_VIRTUAL = find(() -> MethodHandles.publicLookup().findStatic(
        Thread.class, "startVirtualThread", MethodType.methodType(Thread.class, Runnable.class)));
    private static final Class<?> STS = findClass("java.util.concurrent.StructuredTaskScope");
    private static final MethodHandle STS_OPEN = STS == null ? null : find(() -> MethodHandles.publicLookup()
        .findStatic(STS, "open", MethodType.methodType(STS)).asType(MethodType.methodType(Object.class)));
    private static final MethodHandle STS_FORK = STS == null ? null : find(() -> MethodHandles.publicLookup()
        .findVirtual(STS, "fork", MethodType.methodType(findClass("java.util.concurrent.StructuredTaskScope$Subtask"),
            Runnable.class))
        .asType(MethodType.methodType(Object.class, Object.class, Runnable.class)));
    private static final MethodHandle STS_JOIN = STS == null ? null : find(() -> MethodHandles.publicLookup()
        .findVirtual(STS, "join", MethodType.methodType(Object.class))
        .asType(MethodType.methodType(Object.class, Object.class)));
    private static final MethodHandle STS_CLOSE = STS == null ? null : find(() -> MethodHandles.publicLookup()
        .findVirtual(STS, "close", MethodType.methodType(void.class))
        .asType(MethodType.methodType(void.class, Object.class)));

    private NewerJdk()
    {
    }

    private interface Lookup
    {
        MethodHandle find() throws ReflectiveOperationException;
    }

    private static MethodHandle find(final Lookup lookup)
    {
        try
        {
            return lookup.find();
        }
        catch (final ReflectiveOperationException | RuntimeException ex)
        {
            return null;
        }
    }

    private static Class<?> findClass(final String name)
    {
        try
        {
            return Class.forName(name);
        }
        catch (final ClassNotFoundException ex)
        {
            return null;
        }
    }

    /**
     * Fails a benchmark's setup with a clear message when virtual threads are missing.
     *
     * @throws UnsupportedOperationException on JDK 17 to 20.
     */
    public static void requireVirtualThreads()
    {
        if (START_VIRTUAL == null)
        {
            throw new UnsupportedOperationException("skipped: virtual threads need JDK 21+, this is JDK " +
                Runtime.version().feature());
        }
    }

    /**
     * Fails a benchmark's setup with a clear message when {@code StructuredTaskScope.open()} is missing.
     *
     * @throws UnsupportedOperationException before JDK 25.
     */
    public static void requireStructuredTaskScope()
    {
        if (STS_OPEN == null || STS_FORK == null || STS_JOIN == null || STS_CLOSE == null)
        {
            throw new UnsupportedOperationException("skipped: StructuredTaskScope.open() needs JDK 25, this is JDK " +
                Runtime.version().feature());
        }
    }

    /**
     * Returns the started virtual thread.
     *
     * @param task what the virtual thread runs.
     * @return the started virtual thread.
     */
    public static Thread startVirtualThread(final Runnable task)
    {
        try
        {
            return (Thread)START_VIRTUAL.invokeExact(task);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    /**
     * Returns a new {@code StructuredTaskScope} opened with the default joiner (all must succeed).
     *
     * @return a new {@code StructuredTaskScope} opened with the default joiner (all must succeed).
     */
    public static Object openScope()
    {
        try
        {
            return (Object)STS_OPEN.invokeExact();
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    /**
     * Forks a subtask in a StructuredTaskScope.
     *
     * @param scope the scope.
     * @param task  the subtask.
     */
    public static void fork(final Object scope, final Runnable task)
    {
        try
        {
            final Object subtask = (Object)STS_FORK.invokeExact(scope, task);
            if (subtask == null)
            {
                throw new IllegalStateException("fork returned null");
            }
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    /**
     * Joins then closes the scope.
     *
     * @param scope the scope.
     */
    public static void joinAndClose(final Object scope)
    {
        try
        {
            final Object result = (Object)STS_JOIN.invokeExact(scope);
            STS_CLOSE.invokeExact(scope);
            if (result != null)
            {
                throw new IllegalStateException("unexpected join result " + result);
            }
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    /**
     * Closes a scope whose subtasks are still running, without joining: {@code close()} cancels the
     * scope (interrupting every unfinished subtask) and waits for all of them, then reports the missing
     * join with an {@link IllegalStateException}, which is expected here and swallowed.
     *
     * @param scope the scope, opened by this thread.
     */
    public static void cancelAndClose(final Object scope)
    {
        try
        {
            STS_CLOSE.invokeExact(scope);
        }
        catch (final IllegalStateException expected)
        {
            // thrown after closing: the owner did not join
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static RuntimeException rethrow(final Throwable ex)
    {
        if (ex instanceof RuntimeException)
        {
            return (RuntimeException)ex;
        }
        if (ex instanceof Error)
        {
            throw (Error)ex;
        }
        return new IllegalStateException(ex);
    }
}
