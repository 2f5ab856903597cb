package io.ipcsync.tasks;

/**
 * The innermost scope of the current thread: the task it runs or the group it opened last. A group
 * opened inside it becomes its child, so cancellation and deadlines reach the child. Threads of the
 * task pools carry it in a field; other threads in a thread-local.
 */
final class Scopes
{
    /** Implemented by the threads of {@link TaskPool} and {@link SpinningExecutor}. */
    interface Carrier
    {
        Object scope();

        void scope(Object scope);
    }

    /** Padding before {@link Slot#scope}. */
    abstract static class SlotPad1
    {
        long p0, p1, p2, p3, p4, p5, p6, p7;
    }

    /** The scope field of {@link Slot}, between the paddings. */
    abstract static class SlotValue extends SlotPad1
    {
        Object scope;
    }

    /**
     * Where a carrier thread keeps its scope, written twice per task: on a cache line of its own, not in
     * the thread object, whose line other threads read when they unpark the thread (measured on JDK 25:
     * about 10 ns per task and erratic spawn+join times with the field in the thread).
     */
    static final class Slot extends SlotValue
    {
        long q0, q1, q2, q3, q4, q5, q6, q7;
    }

    private static final ThreadLocal<Object> LOCAL = new ThreadLocal<>();

    private Scopes()
    {
    }

    // Class checks (TaskPool.WorkerThread, SpinningExecutor.Worker) before the interface: an interface
    // instanceof goes through the secondary-supers cache, which threads on several cores can thrash.
    private static Carrier carrier(final Thread thread)
    {
        if (thread instanceof TaskPool.WorkerThread)
        {
            return (TaskPool.WorkerThread)thread;
        }
        return thread instanceof SpinningExecutor.Worker ? (SpinningExecutor.Worker)thread : null;
    }

    static Object current()
    {
        final Carrier carrier = carrier(Thread.currentThread());
        return carrier != null ? carrier.scope() : LOCAL.get();
    }

    /** Sets the current scope and returns the previous one, to restore with {@link #restore}. */
    static Object enter(final Object scope)
    {
        final Carrier carrier = carrier(Thread.currentThread());
        if (carrier != null)
        {
            final Object previous = carrier.scope();
            carrier.scope(scope);
            return previous;
        }
        final Object previous = LOCAL.get();
        LOCAL.set(scope);
        return previous;
    }

    static void restore(final Object previous)
    {
        final Carrier carrier = carrier(Thread.currentThread());
        if (carrier != null)
        {
            carrier.scope(previous);
        }
        else if (previous == null)
        {
            LOCAL.remove();
        }
        else
        {
            LOCAL.set(previous);
        }
    }
}
