package io.ipcsync.bench;

import java.util.ArrayList;
import java.util.List;

import io.ipcsync.affinity.Affinity;
import io.ipcsync.affinity.AffinityMode;
import io.ipcsync.affinity.CpuSet;
import io.ipcsync.affinity.CpuTopology;

/**
 * A {@link LoopThreadHook} that pins the sending side (roles {@code ping} and {@code producer}) to
 * one CPU and the receiving side ({@code echo} and {@code consumer}) to a CPU of another physical
 * core: the highest two cores this process may run on, so CPU 0 keeps the OS's work where there
 * are more than two. Fails loudly when pinning is impossible, so a "pinned" result is never an
 * unpinned one in disguise.
 */
public final class PinningHook implements LoopThreadHook
{
    private final int sendingCpu;
    private final int receivingCpu;

    /** Chooses the two CPUs from this machine's topology. */
    public PinningHook()
    {
        final int[] cpus = chooseCpus(CpuTopology.current());
        this.sendingCpu = cpus[0];
        this.receivingCpu = cpus[1];
    }

    /**
     * Picks one CPU from each of the two highest-numbered cores the process may use.
     *
     * @param topology the machine.
     * @return {sending CPU, receiving CPU}.
     * @throws IllegalStateException when fewer than two cores are usable.
     */
    public static int[] chooseCpus(final CpuTopology topology)
    {
        final CpuSet usable = topology.startupAffinity();
        final List<Integer> firstCpuOfCore = new ArrayList<>();
        for (final CpuTopology.Core core : topology.cores())
        {
            final CpuSet allowed = core.cpus().intersect(usable);
            if (!allowed.isEmpty())
            {
                firstCpuOfCore.add(allowed.first());
            }
        }
        if (firstCpuOfCore.size() < 2)
        {
            throw new IllegalStateException("pinning needs two cores; this process may use " + usable);
        }
        firstCpuOfCore.sort(null);
        final int n = firstCpuOfCore.size();
        return new int[] {firstCpuOfCore.get(n - 2), firstCpuOfCore.get(n - 1)};
    }

    @Override
    public void beforeLoop(final String role)
    {
        final int cpu = switch (role)
        {
            case "ping", "producer" -> sendingCpu;
            case "echo", "consumer" -> receivingCpu;
            default -> throw new IllegalArgumentException("unknown role " + role);
        };
        if (!Affinity.isAvailable())
        {
            throw new IllegalStateException("cannot pin: " + Affinity.unavailableReason().orElse("affinity unavailable"));
        }
        Affinity.pin(cpu, AffinityMode.STRICT);
    }

    /**
     * Describes where the two sides go.
     *
     * @return for example "sending side on CPU 0, receiving side on CPU 1".
     */
    public String describe()
    {
        return "sending side on CPU " + sendingCpu + ", receiving side on CPU " + receivingCpu;
    }
}
