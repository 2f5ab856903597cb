package io.ipcsync.affinity;

/**
 * Thrown by {@link CpuReserver#reserve(ReservationStrategy)} and its variants when no CPU that
 * fits the request is free. The message names the strategy, the lock directory, every CPU that
 * was tried with who holds it, and the CPUs that were left out and why (CPU 0 kept for the OS,
 * outside the process's affinity mask, ...).
 *
 * <p>Use {@link CpuReserver#tryReserve(ReservationStrategy)} to get an empty {@code Optional}
 * instead.
 */
public final class NoCpuAvailableException extends AffinityException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with a message that says what was tried.
     *
     * @param message the request, the CPUs tried and their holders.
     */
    public NoCpuAvailableException(final String message) {
        super(message);
    }
}
