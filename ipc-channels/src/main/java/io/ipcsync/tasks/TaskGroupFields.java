package io.ipcsync.tasks;

/**
 * The field layout of {@link TaskGroup}, as a class hierarchy (superclass fields come first): the task
 * list's head, written by every spawn, sits on its own cache lines between 128 bytes of padding, away
 * from the read-mostly settings every finishing task reads on another core.
 */
abstract class TaskGroupFields
{
    /** Read by every finishing task: kept away from {@link TaskGroupHead#head}. */
    CompletionPolicy policy;
    boolean interruptOnCancel;
}
