package io.ipcsync.tasks.remote;

import io.ipcsync.tasks.CancelToken;

/**
 * The code of a registered task type, run by a {@link TaskWorker} for each request of that type.
 */
@FunctionalInterface
public interface RemoteTaskHandler
{
    /**
     * Runs one task.
     *
     * @param payload the bytes the pool sent with the request.
     * @param cancel  the task's cancellation: set when the pool cancels it (its group was cancelled,
     *                or its deadline passed) or the pool went away; blocking waits are interrupted too.
     * @return the result bytes sent back to the pool.
     * @throws Exception any failure; the pool's task fails with a {@link RemoteTaskException} naming it.
     */
    byte[] run(byte[] payload, CancelToken cancel) throws Exception;
}
