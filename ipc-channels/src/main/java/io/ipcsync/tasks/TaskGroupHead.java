package io.ipcsync.tasks;

/** The spawn-side hot fields. */
abstract class TaskGroupHead extends TaskGroupPad1
{
    /**
     * Newest task spawned by the owner (the thread that opened the group); only the owner writes it, with a
     * release store, so the common spawn costs no atomic operation. The owner's list is also linked
     * towards the newer tasks ({@link GroupTask#newer}), so the owner can prune it from its old end.
     */
    volatile GroupTask<?> ownHead;
    /** Oldest task of the owner's list; owner only. */
    GroupTask<?> ownTail;
    /** Tasks in the owner's list; owner only. */
    int ownLength;
    /** Prune the owner's list when {@link #ownLength} reaches this; owner only. */
    int ownPruneAt;
    /** Newest task spawned by another thread (a task spawning siblings, a timer), or the closed marker. */
    volatile GroupTask<?> head;
    /** Spawns by other threads since their list was pruned; racy increments are fine (it only paces pruning). */
    int spawnsSincePrune;
    /** Prune the other threads' list when {@link #spawnsSincePrune} reaches this. */
    int pruneAt;
}
