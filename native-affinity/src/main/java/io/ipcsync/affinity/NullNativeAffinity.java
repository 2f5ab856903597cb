package io.ipcsync.affinity;

/** The fallback where affinity cannot work: every call throws with the reason. */
final class NullNativeAffinity implements NativeAffinity {
    private final String reason;

    NullNativeAffinity(final String reason) {
        this.reason = reason;
    }

    @Override
    public boolean isAvailable() {
        return false;
    }

    @Override
    public String unavailableReason() {
        return reason;
    }

    @Override
    public void setAffinity(final CpuSet cpus) {
        throw unavailable("pin a thread to CPUs " + cpus);
    }

    @Override
    public CpuSet affinity() {
        throw unavailable("read the thread's affinity mask");
    }

    @Override
    public int currentCpu() {
        throw unavailable("read the current CPU");
    }

    @Override
    public int threadId() {
        throw unavailable("read the kernel thread id");
    }

    private AffinityException unavailable(final String what) {
        return new AffinityException("Cannot " + what + ": CPU affinity is unavailable: " + reason);
    }
}
