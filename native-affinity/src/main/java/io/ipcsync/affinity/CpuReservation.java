package io.ipcsync.affinity;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One CPU held for the caller by a {@link CpuReserver}, until {@link #close()}: no other
 * reservation, from this process or another process of the same user using the same lock
 * directory, gets this CPU meanwhile. If the process dies the kernel releases the lock file,
 * so the CPU becomes free at once.
 *
 * <pre>{@code
 * try (CpuReservation cpu = reserver.reserve(ReservationStrategy.ANY)) {
 *     cpu.pinCurrentThread();
 *     runHotLoop();
 * }
 * }</pre>
 *
 * <p>A reservation does not by itself restrict any thread: pin the thread that should own the
 * CPU with {@link #pinCurrentThread()} (or build the reserver with
 * {@link CpuReserver.Builder#pinOnReserve(boolean)}). Closing it on the thread it pinned gives
 * that thread back the mask it had before. Thread-safe; {@link #close()} is idempotent.
 */
public final class CpuReservation implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("io.ipcsync.affinity");

    private final CpuReserver reserver;
    private final int cpu;
    private final Path lockFile;
    private final FileChannel channel;
    private final FileLock lock;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Thread pinnedThread;
    private volatile CpuSet maskBeforePin;

    CpuReservation(final CpuReserver reserver, final int cpu, final Path lockFile, final FileChannel channel, final FileLock lock) {
        this.reserver = reserver;
        this.cpu = cpu;
        this.lockFile = lockFile;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * The reserved CPU.
     *
     * @return the CPU number.
     */
    public int cpu() {
        return cpu;
    }

    /**
     * The lock file that holds the reservation.
     *
     * @return the path of {@code cpu-<n>.lock}.
     */
    public Path lockFile() {
        return lockFile;
    }

    /**
     * Whether the reservation is still held.
     *
     * @return {@code false} once closed.
     */
    public boolean isHeld() {
        return !closed.get() && lock.isValid();
    }

    /**
     * Pins the calling thread to the reserved CPU, in the reserver's {@link CpuReserver#mode()}.
     *
     * @return {@code true} if pinned, {@code false} if the call was a {@link AffinityMode#BEST_EFFORT} no-op.
     * @throws IllegalStateException if the reservation was closed.
     * @throws AffinityException     in {@link AffinityMode#STRICT} when pinning fails.
     */
    public boolean pinCurrentThread() {
        return pinCurrentThread(reserver.mode());
    }

    /**
     * Pins the calling thread to the reserved CPU. The thread's previous mask is remembered, and
     * {@link #close()} restores it when called on this thread.
     *
     * @param mode what to do when pinning cannot work.
     * @return {@code true} if pinned, {@code false} if the call was a {@link AffinityMode#BEST_EFFORT} no-op.
     * @throws IllegalStateException if the reservation was closed.
     * @throws AffinityException     in {@link AffinityMode#STRICT} when pinning fails.
     */
    public boolean pinCurrentThread(final AffinityMode mode) {
        if (closed.get()) {
            throw new IllegalStateException("The reservation of CPU " + cpu + " was released; reserve again to pin");
        }
        final CpuSet before = Affinity.currentAffinity(AffinityMode.BEST_EFFORT);
        final boolean pinned = Affinity.pin(cpu, mode);
        if (pinned) {
            maskBeforePin = before;
            pinnedThread = Thread.currentThread();
        }
        return pinned;
    }

    /**
     * Releases the CPU. On the thread that {@link #pinCurrentThread()} pinned, it also restores
     * that thread's previous mask (best effort: a failure is logged, not thrown). Calling it again
     * does nothing.
     *
     * @throws AffinityException if the lock file cannot be closed; the CPU is released all the same.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        final CpuSet before = maskBeforePin;
        if (pinnedThread == Thread.currentThread() && before != null && !before.isEmpty()) {
            if (!Affinity.pin(before, AffinityMode.BEST_EFFORT)) {
                LOG.log(System.Logger.Level.WARNING, "Could not restore the affinity mask " + before + " of thread \""
                    + Thread.currentThread().getName() + "\" after releasing CPU " + cpu);
            }
        }
        try {
            // Closing the channel releases the lock as well.
            channel.close();
        } catch (final IOException e) {
            throw new AffinityException("Cannot close " + lockFile + " (CPU " + cpu + " is released anyway): " + e, e);
        } finally {
            reserver.released(lockFile);
        }
    }

    /**
     * A one-line description.
     *
     * @return for example {@code CpuReservation[cpu=3, held, /dev/shm/ipcsync-bob/cpu-locks/cpu-3.lock]}.
     */
    @Override
    public String toString() {
        return "CpuReservation[cpu=" + cpu + ", " + (isHeld() ? "held" : "released") + ", " + lockFile + "]";
    }
}
