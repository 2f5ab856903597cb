package io.ipcsync.tasks;

/**
 * What a {@link Timer} runs at each tick, as a task of its group.
 */
@FunctionalInterface
public interface TimerAction
{
    /**
     * Runs one tick.
     *
     * @param timer  the timer: its tick count, and {@link Timer#cancel()} to stop it from inside.
     * @param cancel the tick task's cancellation token.
     * @throws Exception a failure of the tick task.
     */
    void tick(Timer timer, CancelToken cancel) throws Exception;
}
