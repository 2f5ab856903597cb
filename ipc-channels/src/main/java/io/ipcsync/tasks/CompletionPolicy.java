package io.ipcsync.tasks;

/**
 * How a {@link TaskGroup} ends. Every policy waits for every task: a policy only decides which
 * outcome cancels the others and what {@link TaskGroup#close()} reports.
 */
public enum CompletionPolicy
{
    /**
     * All must succeed: the first failure cancels the siblings, and {@link TaskGroup#close()} throws it
     * with every later failure attached as suppressed. The default.
     */
    ALL_SUCCEED,
    /**
     * First success wins: the first task to succeed becomes {@link TaskGroup#winner()} and the others are
     * cancelled. If none succeeds, {@link TaskGroup#close()} throws the first failure as
     * {@link #ALL_SUCCEED} does.
     */
    FIRST_SUCCESS,
    /**
     * Collect all outcomes: no task's outcome cancels another and {@link TaskGroup#close()} does not throw
     * for failed tasks; read each {@link Task} handle.
     */
    COLLECT_ALL
}
