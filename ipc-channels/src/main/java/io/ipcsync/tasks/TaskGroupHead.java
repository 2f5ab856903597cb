package io.ipcsync.tasks;

/** The spawn-side hot fields. */
abstract class TaskGroupHead extends TaskGroupPad1
{
    /**
     * Newest task spawned by the owner (the thread that opened the group); only the owner writes it, with a
     * release store, so the common spawn costs no atomic operation.
     */
    volatile GroupTask<?> ownHead;
    /** Newest task spawned by another thread (a task spawning siblings, a timer), or the closed marker. */
    volatile GroupTask<?> head;
    /** Spawns since the list was last pruned; racy increments are fine (it only paces pruning). */
    int spawnsSincePrune;
    /** Prune when {@link #spawnsSincePrune} reaches this. */
    int pruneAt;
}
