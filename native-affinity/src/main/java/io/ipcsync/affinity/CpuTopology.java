package io.ipcsync.affinity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The CPUs of a machine as Linux describes them under {@code /sys/devices/system/cpu}: which
 * CPUs are online, how they group into physical cores (hyper-thread siblings) and sockets
 * (physical packages), which are isolated from the scheduler ({@code isolcpus}), plus the
 * affinity mask the process started with.
 *
 * <p>Sources, relative to the root ({@code /sys/devices/system/cpu} by default):
 * <ul>
 *   <li>{@code online}, {@code possible}, {@code isolated}: CPU lists such as {@code 0-3,8}.
 *       When {@code online} is missing, a CPU is online unless its {@code cpuN/online} says 0;
 *       a missing {@code isolated} means none.</li>
 *   <li>{@code cpuN/topology/thread_siblings_list}: the CPUs of one physical core. A core is
 *       the set of online CPUs that name each other here.</li>
 *   <li>{@code cpuN/topology/core_id} and {@code physical_package_id}: the core's number
 *       (unique only within its package) and its socket. When a CPU has no {@code topology}
 *       directory it counts as a core of its own on socket 0.</li>
 * </ul>
 * The root is a parameter so that tests and tools can read a recorded tree. Instances are
 * immutable and thread-safe; {@link #toString()} is a multi-line description worth logging at
 * start-up.
 */
public final class CpuTopology {
    /** Where Linux publishes the CPU topology. */
    public static final Path DEFAULT_ROOT = Path.of("/sys/devices/system/cpu");

    private static final Path PROC_SELF_STATUS = Path.of("/proc/self/status");
    private static final String CPUS_ALLOWED_LIST = "Cpus_allowed_list:";

    private static volatile CpuTopology current;
    private static volatile CpuSet startupAffinity;

    private final Path root;
    private final CpuSet online;
    private final CpuSet possible;
    private final CpuSet isolated;
    private final CpuSet startup;
    private final List<Core> cores;
    private final List<Socket> sockets;
    private final Map<Integer, Core> coreByCpu;

    /**
     * One physical core: the hyper-thread siblings that share its execution units.
     *
     * @param socket the physical package ({@code physical_package_id}) the core belongs to.
     * @param id     the core number ({@code core_id}), unique only within its socket.
     * @param cpus   the online CPUs of the core (one, or two or more with SMT).
     */
    public record Core(int socket, int id, CpuSet cpus) {
        /**
         * Checks the components.
         *
         * @param socket the socket.
         * @param id     the core number.
         * @param cpus   the CPUs, not empty.
         */
        public Core {
            if (cpus.isEmpty()) {
                throw new IllegalArgumentException("a core needs at least one CPU");
            }
        }
    }

    /**
     * One socket (physical package) and its cores.
     *
     * @param id    the package number ({@code physical_package_id}).
     * @param cpus  the online CPUs of the socket.
     * @param cores the cores of the socket, ordered by their first CPU.
     */
    public record Socket(int id, CpuSet cpus, List<Core> cores) {
        /**
         * Copies the list of cores.
         *
         * @param id    the package number.
         * @param cpus  the CPUs.
         * @param cores the cores, copied into an unmodifiable list.
         */
        public Socket {
            cores = List.copyOf(cores);
        }
    }

    private CpuTopology(
        final Path root,
        final CpuSet online,
        final CpuSet possible,
        final CpuSet isolated,
        final CpuSet startup,
        final List<Core> cores) {
        this.root = root;
        this.online = online;
        this.possible = possible;
        this.isolated = isolated;
        this.startup = startup;
        final List<Core> sorted = new ArrayList<>(cores);
        sorted.sort(Comparator.comparingInt((Core c) -> c.socket()).thenComparingInt(c -> c.cpus().first()));
        this.cores = List.copyOf(sorted);
        final Map<Integer, Core> byCpu = new TreeMap<>();
        final Map<Integer, List<Core>> bySocket = new TreeMap<>();
        for (final Core core : this.cores) {
            core.cpus().stream().forEach(cpu -> byCpu.put(cpu, core));
            bySocket.computeIfAbsent(core.socket(), s -> new ArrayList<>()).add(core);
        }
        final List<Socket> socketList = new ArrayList<>();
        bySocket.forEach((id, socketCores) -> socketList.add(new Socket(
            id, socketCores.stream().map(Core::cpus).reduce(CpuSet.empty(), CpuSet::union), socketCores)));
        this.sockets = List.copyOf(socketList);
        this.coreByCpu = Collections.unmodifiableMap(byCpu);
    }

    /**
     * The topology of this machine, read once and cached. Where {@link #DEFAULT_ROOT} does not
     * exist (not Linux) this is {@link #flat(int)} with {@link Runtime#availableProcessors()}
     * CPUs, so reservations still work there.
     *
     * @return the topology of this machine.
     * @throws AffinityException if {@code /sys} exists but cannot be read or parsed.
     */
    public static CpuTopology current() {
        CpuTopology topology = current;
        if (topology == null) {
            topology = Files.isDirectory(DEFAULT_ROOT) ? read() : flat(Runtime.getRuntime().availableProcessors());
            current = topology;
        }
        return topology;
    }

    /**
     * Reads {@link #DEFAULT_ROOT} now, with the process's {@link #processStartupAffinity()}.
     *
     * @return the topology of this machine.
     * @throws AffinityException if the tree is missing, unreadable or malformed.
     */
    public static CpuTopology read() {
        return read(DEFAULT_ROOT, processStartupAffinity());
    }

    /**
     * Reads a tree laid out like {@code /sys/devices/system/cpu}; the startup affinity is taken
     * to be every online CPU.
     *
     * @param root the directory holding {@code online} and the {@code cpuN} directories.
     * @return the topology.
     * @throws AffinityException naming the file and the value if the tree is missing, unreadable or malformed.
     */
    public static CpuTopology read(final Path root) {
        return read(root, null);
    }

    /**
     * Reads a tree laid out like {@code /sys/devices/system/cpu}.
     *
     * @param root            the directory holding {@code online} and the {@code cpuN} directories.
     * @param startupAffinity the process's startup affinity mask, or {@code null} or empty for every
     *                        online CPU.
     * @return the topology.
     * @throws AffinityException naming the file and the value if the tree is missing, unreadable or malformed.
     */
    public static CpuTopology read(final Path root, final CpuSet startupAffinity) {
        if (!Files.isDirectory(root)) {
            throw new AffinityException("Cannot read the CPU topology: " + root
                + " is not a directory (is this Linux with sysfs mounted?)");
        }
        final CpuSet online = Files.exists(root.resolve("online")) ? readList(root.resolve("online")) : scanOnline(root);
        if (online.isEmpty()) {
            throw new AffinityException("Cannot read the CPU topology: " + root + " lists no online CPU");
        }
        final CpuSet possible = Files.exists(root.resolve("possible"))
            ? readList(root.resolve("possible")).union(online)
            : online.union(scanCpuDirectories(root));
        final CpuSet isolated = Files.exists(root.resolve("isolated")) ? readList(root.resolve("isolated")) : CpuSet.empty();

        // Each online CPU joins the core its siblings list names; a CPU already placed is not moved,
        // so the cores partition the online CPUs even if the lists disagree.
        final List<Core> cores = new ArrayList<>();
        CpuSet assigned = CpuSet.empty();
        for (int cpu = online.first(); cpu >= 0; cpu = online.next(cpu + 1)) {
            if (assigned.contains(cpu)) {
                continue;
            }
            final Path topology = root.resolve("cpu" + cpu).resolve("topology");
            final Core core;
            if (Files.isDirectory(topology)) {
                final CpuSet siblings = optionalList(topology.resolve("thread_siblings_list"), CpuSet.of(cpu))
                    .intersect(online).minus(assigned).union(CpuSet.of(cpu));
                core = new Core(
                    optionalInt(topology.resolve("physical_package_id"), 0),
                    optionalInt(topology.resolve("core_id"), cpu),
                    siblings);
            } else {
                core = new Core(0, cpu, CpuSet.of(cpu));
            }
            cores.add(core);
            assigned = assigned.union(core.cpus());
        }
        final CpuSet startup = startupAffinity == null || startupAffinity.isEmpty() ? online : startupAffinity;
        return new CpuTopology(root, online, possible, isolated, startup, cores);
    }

    /**
     * A made-up topology for where {@code /sys} is missing: one socket, {@code cpus} CPUs, one
     * CPU per core, none isolated, all in the startup mask.
     *
     * @param cpus the number of CPUs, at least 1.
     * @return the topology; its {@link #root()} is empty.
     */
    public static CpuTopology flat(final int cpus) {
        if (cpus < 1 || cpus > CpuSet.MAX_CPU + 1) {
            throw new IllegalArgumentException("a topology needs 1 to " + (CpuSet.MAX_CPU + 1) + " CPUs, not " + cpus);
        }
        final CpuSet all = CpuSet.range(0, cpus - 1);
        final List<Core> cores = new ArrayList<>();
        all.stream().forEach(cpu -> cores.add(new Core(0, cpu, CpuSet.of(cpu))));
        return new CpuTopology(null, all, all, CpuSet.empty(), all, cores);
    }

    /**
     * The affinity mask this process started with: {@code Cpus_allowed_list} of
     * {@code /proc/self/status}, which reports the process's main thread. It is read the first
     * time it is asked for and cached, so pinning a thread afterwards does not change it. It is
     * usually every online CPU except the isolated ones, or the CPUs of a {@code taskset} /
     * container cpuset.
     *
     * @return the mask, or the empty set where {@code /proc} is missing (not Linux).
     */
    public static CpuSet processStartupAffinity() {
        CpuSet mask = startupAffinity;
        if (mask == null) {
            mask = readStartupAffinity();
            startupAffinity = mask;
        }
        return mask;
    }

    /**
     * The directory this topology was read from.
     *
     * @return the root, or empty for a {@link #flat(int)} topology.
     */
    public Optional<Path> root() {
        return Optional.ofNullable(root);
    }

    /**
     * The CPUs that are online.
     *
     * @return the online CPUs, never empty.
     */
    public CpuSet online() {
        return online;
    }

    /**
     * The CPUs the kernel could ever bring online ({@code possible}).
     *
     * @return the possible CPUs, a superset of {@link #online()}.
     */
    public CpuSet possible() {
        return possible;
    }

    /**
     * The possible CPUs that are not online.
     *
     * @return the offline CPUs.
     */
    public CpuSet offline() {
        return possible.minus(online);
    }

    /**
     * The CPUs isolated from the scheduler's load balancing ({@code isolcpus=}), as the kernel
     * lists them; this may include offline CPUs. Reservations prefer these CPUs.
     *
     * @return the isolated CPUs, often empty.
     */
    public CpuSet isolated() {
        return isolated;
    }

    /**
     * The affinity mask the process started with (see {@link #processStartupAffinity()}), or
     * every online CPU for a recorded tree read without one.
     *
     * @return the startup mask.
     */
    public CpuSet startupAffinity() {
        return startup;
    }

    /**
     * Every physical core with its online CPUs, ordered by socket and then first CPU.
     *
     * @return the cores, unmodifiable.
     */
    public List<Core> cores() {
        return cores;
    }

    /**
     * Every socket (physical package) with its cores, ordered by package number.
     *
     * @return the sockets, unmodifiable.
     */
    public List<Socket> sockets() {
        return sockets;
    }

    /**
     * The physical core of an online CPU.
     *
     * @param cpu a CPU number.
     * @return its core, or empty if {@code cpu} is not online.
     */
    public Optional<Core> coreOf(final int cpu) {
        return Optional.ofNullable(coreByCpu.get(cpu));
    }

    /**
     * The socket of an online CPU.
     *
     * @param cpu a CPU number.
     * @return its socket, or empty if {@code cpu} is not online.
     */
    public Optional<Socket> socketOf(final int cpu) {
        final Core core = coreByCpu.get(cpu);
        if (core == null) {
            return Optional.empty();
        }
        return sockets.stream().filter(s -> s.id() == core.socket()).findFirst();
    }

    /**
     * The hyper-thread siblings of an online CPU, the CPU itself included.
     *
     * @param cpu a CPU number.
     * @return the CPUs of its physical core, or the empty set if {@code cpu} is not online.
     */
    public CpuSet siblingsOf(final int cpu) {
        final Core core = coreByCpu.get(cpu);
        return core == null ? CpuSet.empty() : core.cpus();
    }

    /**
     * Whether some core runs more than one hardware thread (SMT / hyper-threading).
     *
     * @return {@code true} if a core has two or more online CPUs.
     */
    public boolean isHyperThreaded() {
        return cores.stream().anyMatch(c -> c.cpus().size() > 1);
    }

    /**
     * A description for logs: a summary line, then one line per socket and core, for example:
     * <pre>
     * CPU topology of /sys/devices/system/cpu: 1 socket, 2 cores, 2 CPUs online (0-1)
     *   possible 0-1, offline none, isolated none, startup affinity 0-1
     *   socket 0: CPUs 0-1
     *     core 0: CPU 0
     *     core 1: CPU 1
     * </pre>
     *
     * @return the description, lines separated by {@code \n}.
     */
    @Override
    public String toString() {
        final StringBuilder out = new StringBuilder(128 + 32 * cores.size());
        out.append("CPU topology of ").append(root == null ? "(none: flat)" : root.toString()).append(": ")
            .append(count(sockets.size(), "socket")).append(", ")
            .append(count(cores.size(), "core")).append(", ")
            .append(count(online.size(), "CPU")).append(" online (").append(online).append(')')
            .append(isHyperThreaded() ? ", hyper-threaded" : "").append('\n')
            .append("  possible ").append(orNone(possible))
            .append(", offline ").append(orNone(offline()))
            .append(", isolated ").append(orNone(isolated))
            .append(", startup affinity ").append(orNone(startup));
        for (final Socket socket : sockets) {
            out.append("\n  socket ").append(socket.id()).append(": CPUs ").append(socket.cpus());
            for (final Core core : socket.cores()) {
                out.append("\n    core ").append(core.id()).append(": CPU").append(core.cpus().size() > 1 ? "s " : " ")
                    .append(core.cpus());
            }
        }
        return out.toString();
    }

    private static String count(final int n, final String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String orNone(final CpuSet set) {
        return set.isEmpty() ? "none" : set.toString();
    }

    private static CpuSet scanOnline(final Path root) {
        final CpuSet all = scanCpuDirectories(root);
        final BitSet online = new BitSet();
        all.stream().forEach(cpu -> {
            final Path flag = root.resolve("cpu" + cpu).resolve("online");
            // cpu0 usually has no "online" file: it cannot be taken offline.
            if (!Files.exists(flag) || readInt(flag) != 0) {
                online.set(cpu);
            }
        });
        return CpuSet.fromBitSet(online);
    }

    private static CpuSet scanCpuDirectories(final Path root) {
        final BitSet cpus = new BitSet();
        try (var entries = Files.newDirectoryStream(root, "cpu[0-9]*")) {
            for (final Path entry : entries) {
                final String digits = entry.getFileName().toString().substring(3);
                if (digits.chars().allMatch(Character::isDigit) && digits.length() <= 5) {
                    final int cpu = Integer.parseInt(digits);
                    if (cpu <= CpuSet.MAX_CPU && Files.isDirectory(entry)) {
                        cpus.set(cpu);
                    }
                }
            }
        } catch (final IOException e) {
            throw new AffinityException("Cannot list the CPU directories of " + root + ": " + e, e);
        }
        return CpuSet.fromBitSet(cpus);
    }

    private static CpuSet optionalList(final Path file, final CpuSet fallback) {
        return Files.exists(file) ? readList(file) : fallback;
    }

    private static int optionalInt(final Path file, final int fallback) {
        return Files.exists(file) ? readInt(file) : fallback;
    }

    private static CpuSet readList(final Path file) {
        final String text = readText(file);
        try {
            return CpuSet.parse(text);
        } catch (final IllegalArgumentException e) {
            throw new AffinityException("Cannot parse the CPU list in " + file + ": " + e.getMessage(), e);
        }
    }

    private static int readInt(final Path file) {
        final String text = readText(file).strip();
        try {
            return Integer.parseInt(text);
        } catch (final NumberFormatException e) {
            throw new AffinityException("Cannot parse " + file + ": expected an integer but found \"" + text + "\"", e);
        }
    }

    private static String readText(final Path file) {
        try {
            return Files.readString(file);
        } catch (final IOException e) {
            throw new AffinityException("Cannot read " + file + ": " + e, e);
        }
    }

    private static CpuSet readStartupAffinity() {
        try {
            for (final String line : Files.readAllLines(PROC_SELF_STATUS)) {
                if (line.startsWith(CPUS_ALLOWED_LIST)) {
                    return CpuSet.parse(line.substring(CPUS_ALLOWED_LIST.length()));
                }
            }
            return CpuSet.empty();
        } catch (final NoSuchFileException e) {
            return CpuSet.empty();
        } catch (final IOException | IllegalArgumentException e) {
            throw new AffinityException("Cannot read " + CPUS_ALLOWED_LIST + " from " + PROC_SELF_STATUS + ": " + e, e);
        }
    }
}
