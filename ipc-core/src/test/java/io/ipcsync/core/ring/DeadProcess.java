package io.ipcsync.core.ring;

/**
 * A process that ran and exited, for tests that make a party or a ring side look as a SIGKILL
 * leaves it: owned by a pid that is no longer alive.
 */
final class DeadProcess
{
    private DeadProcess()
    {
    }

    /**
     * Starts {@code true}, waits for it to exit and returns its pid.
     *
     * @return the pid of a process that has exited.
     * @throws Exception if the process cannot be started or waited for.
     */
    static long pid() throws Exception
    {
        final Process process = new ProcessBuilder("true").start();
        process.waitFor();
        return process.pid();
    }

    /**
     * Returns an owner token (pid, and a per-JVM sequence in the low 24 bits) of a process that has exited.
     *
     * @return an owner token of a process that has exited.
     * @throws Exception if the process cannot be started or waited for.
     */
    static long ownerToken() throws Exception
    {
        return pid() << 24 | 1;
    }
}
