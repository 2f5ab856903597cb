package io.ipcsync.tasks;

/** The spawn-side hot fields. */
abstract class TaskGroupHead extends TaskGroupPad1
{
    /** Newest task of the group's list, or the closed marker. */
    volatile GroupTask<?> head;
    /** Spawns since the list was last pruned; racy increments are fine (it only paces pruning). */
    int spawnsSincePrune;
    /** Prune when {@link #spawnsSincePrune} reaches this. */
    int pruneAt;
}
