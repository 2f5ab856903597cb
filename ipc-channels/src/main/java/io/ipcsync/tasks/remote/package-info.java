/**
 * Task groups across processes: a {@link io.ipcsync.tasks.remote.WorkerPool} spawns tasks of a
 * registered type into worker processes that run {@link io.ipcsync.tasks.remote.TaskWorker}.
 *
 * <p>Each worker has two SPSC channels, named after the pool and the worker's index: requests from
 * the pool to the worker and replies back. See {@link io.ipcsync.tasks.remote.WorkerProtocol} for the
 * messages. A remote task is an ordinary {@link io.ipcsync.tasks.Task} of the group that spawned it:
 * the group waits for it, cancelling the group cancels it in the worker, and a worker process that
 * dies fails its tasks with {@link io.ipcsync.tasks.remote.WorkerDiedException}.
 */
package io.ipcsync.tasks.remote;
