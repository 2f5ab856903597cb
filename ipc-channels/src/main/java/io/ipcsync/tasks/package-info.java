/**
 * Structured task groups: a {@link io.ipcsync.tasks.TaskGroup} owns the tasks spawned in it and its
 * {@code close()} (the end of a try-with-resources block) waits for all of them, so no task outlives
 * its group, and failures, cancellation and deadlines follow the nesting of the code.
 *
 * <ul>
 *   <li><b>Spawn.</b> {@code group.spawn(cancel -> value)} returns a {@link io.ipcsync.tasks.Task}
 *       handle (state, result, error). Tasks may spawn siblings or open nested groups.</li>
 *   <li><b>End.</b> A {@link io.ipcsync.tasks.CompletionPolicy}: all succeed (first failure cancels the
 *       rest and is thrown, later ones suppressed), first success wins, or collect all.</li>
 *   <li><b>Cancel.</b> A group or a single task; it reaches nested groups. A task sees it through its
 *       {@link io.ipcsync.tasks.CancelToken} and as an interrupt of blocking waits (including
 *       ipcsync's blocking {@code send}/{@code receive}). A queued task is dropped without running. A
 *       task that ignores cancellation is reported to a {@link io.ipcsync.tasks.StuckTaskListener}.</li>
 *   <li><b>Deadlines.</b> {@code TaskGroup.builder().timeout(...)}; nested groups inherit the earliest.</li>
 *   <li><b>Executors.</b> {@link io.ipcsync.tasks.TaskPool#defaultPool()} (work stealing, one thread per
 *       processor; a closing group on it runs queued tasks instead of blocking), a
 *       {@link io.ipcsync.tasks.SpinningExecutor} for sub-microsecond hand-offs, or any executor.</li>
 *   <li><b>Timers.</b> One-shot and drift-free periodic {@link io.ipcsync.tasks.Timer}s whose ticks are
 *       tasks of the group, stopping with it.</li>
 * </ul>
 *
 * <p>Memory model: each task has one state word; it moves {@code QUEUED -> RUNNING -> final} or
 * {@code QUEUED -> CANCELLED} by compare-and-set, so a task is either dropped or run, never both, and
 * its result is published by the final store. A group keeps its tasks in a lock-free stack (pushed by
 * compare-and-set, finished entries unlinked in amortised O(1)); {@code close()} swaps the stack's head
 * for a closed marker only when every listed task is final, which is what makes a late spawn fail.
 */
package io.ipcsync.tasks;
