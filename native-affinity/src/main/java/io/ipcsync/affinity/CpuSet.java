package io.ipcsync.affinity;

import java.util.BitSet;
import java.util.stream.IntStream;

/**
 * An immutable set of CPU numbers, written and parsed in the Linux CPU list syntax used by
 * {@code /sys/devices/system/cpu/online}, {@code Cpus_allowed_list} and {@code taskset -c}:
 * comma-separated numbers and inclusive ranges, for example {@code 0-3,8,10-11}.
 *
 * <p>The kernel's stride form {@code first-last:used/group} (for example {@code 0-15:2/4}
 * meaning {@code 0-1,4-5,8-9,12-13}) is accepted as well. CPU numbers range from 0 to
 * {@link #MAX_CPU}; larger numbers are rejected so that a corrupt file cannot make the parser
 * allocate a huge set.
 *
 * <p>Instances are immutable and thread-safe. {@link #toString()} returns the canonical list
 * syntax, so {@code CpuSet.parse(set.toString()).equals(set)} always holds.
 */
public final class CpuSet {
    /** The largest CPU number accepted: far above any kernel's {@code CONFIG_NR_CPUS}. */
    public static final int MAX_CPU = 65_535;

    private static final CpuSet EMPTY = new CpuSet(new BitSet());

    private final BitSet bits;

    private CpuSet(final BitSet bits) {
        this.bits = bits;
    }

    /**
     * The empty set.
     *
     * @return a set with no CPU.
     */
    public static CpuSet empty() {
        return EMPTY;
    }

    /**
     * A set of the given CPUs.
     *
     * @param cpus CPU numbers, each from 0 to {@link #MAX_CPU}; duplicates are ignored.
     * @return the set.
     * @throws IllegalArgumentException if a number is negative or above {@link #MAX_CPU}.
     */
    public static CpuSet of(final int... cpus) {
        final BitSet bits = new BitSet();
        for (final int cpu : cpus) {
            bits.set(checkCpu(cpu));
        }
        return new CpuSet(bits);
    }

    /**
     * The inclusive range {@code first..last}.
     *
     * @param first the lowest CPU.
     * @param last  the highest CPU, not below {@code first}.
     * @return the set {@code first-last}.
     * @throws IllegalArgumentException if a bound is out of range or {@code first > last}.
     */
    public static CpuSet range(final int first, final int last) {
        checkCpu(first);
        checkCpu(last);
        if (first > last) {
            throw new IllegalArgumentException("CPU range " + first + "-" + last + " has its start above its end");
        }
        final BitSet bits = new BitSet(last + 1);
        bits.set(first, last + 1);
        return new CpuSet(bits);
    }

    /**
     * A set holding the bits of {@code bits}; bit {@code i} set means CPU {@code i}.
     *
     * @param bits the bits, copied.
     * @return the set.
     * @throws IllegalArgumentException if a bit above {@link #MAX_CPU} is set.
     */
    public static CpuSet fromBitSet(final BitSet bits) {
        if (bits.length() > MAX_CPU + 1) {
            throw new IllegalArgumentException("CPU " + (bits.length() - 1) + " is above the maximum " + MAX_CPU);
        }
        return bits.isEmpty() ? EMPTY : new CpuSet((BitSet) bits.clone());
    }

    /**
     * Parses the Linux CPU list syntax: {@code 0-3,8,10-11}, with optional strides
     * ({@code 0-15:2/4}). Leading and trailing white space (such as the newline at the end of a
     * sysfs file) is ignored; an empty or blank text is the empty set, as in an empty
     * {@code /sys/devices/system/cpu/isolated}.
     *
     * @param text the list.
     * @return the set.
     * @throws IllegalArgumentException naming the text, the position and what was expected,
     *                                  if the text is not a valid CPU list.
     */
    public static CpuSet parse(final CharSequence text) {
        return new Parser(text.toString()).parse();
    }

    /**
     * Whether {@code cpu} is in this set.
     *
     * @param cpu a CPU number; negative numbers are never in a set.
     * @return {@code true} if present.
     */
    public boolean contains(final int cpu) {
        return cpu >= 0 && bits.get(cpu);
    }

    /**
     * Whether every CPU of {@code other} is in this set.
     *
     * @param other another set.
     * @return {@code true} if {@code other} is a subset of this one.
     */
    public boolean containsAll(final CpuSet other) {
        final BitSet rest = (BitSet) other.bits.clone();
        rest.andNot(bits);
        return rest.isEmpty();
    }

    /**
     * The number of CPUs in the set.
     *
     * @return the cardinality.
     */
    public int size() {
        return bits.cardinality();
    }

    /**
     * Whether the set holds no CPU.
     *
     * @return {@code true} if empty.
     */
    public boolean isEmpty() {
        return bits.isEmpty();
    }

    /**
     * The lowest CPU of the set.
     *
     * @return the lowest CPU, or -1 if the set is empty.
     */
    public int first() {
        return bits.nextSetBit(0);
    }

    /**
     * The highest CPU of the set.
     *
     * @return the highest CPU, or -1 if the set is empty.
     */
    public int last() {
        return bits.length() - 1;
    }

    /**
     * The next CPU of the set at or above {@code from}.
     *
     * @param from where to start looking, not negative.
     * @return the CPU, or -1 if there is none.
     */
    public int next(final int from) {
        return bits.nextSetBit(from);
    }

    /**
     * The CPUs in ascending order.
     *
     * @return a new array.
     */
    public int[] toArray() {
        return bits.stream().toArray();
    }

    /**
     * The CPUs in ascending order.
     *
     * @return a stream of CPU numbers.
     */
    public IntStream stream() {
        return bits.stream();
    }

    /**
     * A copy of the bits: bit {@code i} is set when CPU {@code i} is in the set.
     *
     * @return a new bit set.
     */
    public BitSet toBitSet() {
        return (BitSet) bits.clone();
    }

    /**
     * The CPUs in this set or in {@code other}.
     *
     * @param other another set.
     * @return the union.
     */
    public CpuSet union(final CpuSet other) {
        final BitSet result = (BitSet) bits.clone();
        result.or(other.bits);
        return new CpuSet(result);
    }

    /**
     * The CPUs in both this set and {@code other}.
     *
     * @param other another set.
     * @return the intersection.
     */
    public CpuSet intersect(final CpuSet other) {
        final BitSet result = (BitSet) bits.clone();
        result.and(other.bits);
        return new CpuSet(result);
    }

    /**
     * The CPUs of this set that are not in {@code other}.
     *
     * @param other the CPUs to remove.
     * @return the difference.
     */
    public CpuSet minus(final CpuSet other) {
        final BitSet result = (BitSet) bits.clone();
        result.andNot(other.bits);
        return new CpuSet(result);
    }

    /**
     * This set without one CPU.
     *
     * @param cpu the CPU to remove.
     * @return the set without {@code cpu}.
     */
    public CpuSet without(final int cpu) {
        if (!contains(cpu)) {
            return this;
        }
        final BitSet result = (BitSet) bits.clone();
        result.clear(cpu);
        return new CpuSet(result);
    }

    /**
     * Two sets are equal when they hold the same CPUs.
     *
     * @param other another object.
     * @return {@code true} if {@code other} is a {@code CpuSet} with the same CPUs.
     */
    @Override
    public boolean equals(final Object other) {
        return other instanceof CpuSet && ((CpuSet) other).bits.equals(bits);
    }

    /**
     * A hash code consistent with {@link #equals(Object)}.
     *
     * @return the hash code.
     */
    @Override
    public int hashCode() {
        return bits.hashCode();
    }

    /**
     * The canonical CPU list, for example {@code 0-3,8,10-11}; the empty set is the empty string.
     *
     * @return the list.
     */
    @Override
    public String toString() {
        final StringBuilder out = new StringBuilder();
        int start = bits.nextSetBit(0);
        while (start >= 0) {
            final int end = bits.nextClearBit(start) - 1;
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(start);
            if (end > start) {
                out.append('-').append(end);
            }
            start = bits.nextSetBit(end + 1);
        }
        return out.toString();
    }

    private static int checkCpu(final int cpu) {
        if (cpu < 0 || cpu > MAX_CPU) {
            throw new IllegalArgumentException("CPU " + cpu + " is out of range 0-" + MAX_CPU);
        }
        return cpu;
    }

    /** A hand-written recursive-descent parser so that every error can say where it is. */
    private static final class Parser {
        private final String text;
        private final BitSet bits = new BitSet();
        private int pos;

        Parser(final String text) {
            this.text = text;
        }

        CpuSet parse() {
            skipSpace();
            if (pos == text.length()) {
                return EMPTY;
            }
            while (true) {
                item();
                skipSpace();
                if (pos == text.length()) {
                    return new CpuSet(bits);
                }
                expect(',', "',' or the end of the list");
                skipSpace();
            }
        }

        private void item() {
            final int first = number("a CPU number");
            if (!peek('-')) {
                bits.set(first);
                return;
            }
            pos++;
            final int rangeStart = pos;
            final int last = number("the end of the range " + first + "-");
            if (first > last) {
                throw error("range " + first + "-" + last + " has its start above its end", rangeStart);
            }
            int used = last - first + 1;
            int group = used;
            if (peek(':')) {
                pos++;
                final int strideStart = pos;
                used = number("the used count of a stride (first-last:used/group)");
                expect('/', "'/' in a stride (first-last:used/group)");
                group = number("the group size of a stride (first-last:used/group)");
                if (used == 0 || group == 0 || used > group) {
                    throw error("stride " + used + "/" + group + " needs 0 < used <= group", strideStart);
                }
            }
            for (int base = first; base <= last; base += group) {
                bits.set(base, Math.min(base + used - 1, last) + 1);
            }
        }

        private int number(final String what) {
            final int start = pos;
            long value = 0;
            while (pos < text.length() && Character.isDigit(text.charAt(pos)) && text.charAt(pos) < 128) {
                value = value * 10 + (text.charAt(pos) - '0');
                if (value > MAX_CPU) {
                    throw error("CPU number is above the maximum " + MAX_CPU, start);
                }
                pos++;
            }
            if (pos == start) {
                throw error("expected " + what + " but found " + found(), start);
            }
            return (int) value;
        }

        private boolean peek(final char c) {
            return pos < text.length() && text.charAt(pos) == c;
        }

        private void expect(final char c, final String what) {
            if (!peek(c)) {
                throw error("expected " + what + " but found " + found(), pos);
            }
            pos++;
        }

        private void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private String found() {
            return pos == text.length() ? "the end of the text" : "'" + text.charAt(pos) + "'";
        }

        private IllegalArgumentException error(final String problem, final int at) {
            final String shown = text.strip();
            final int leading = shown.isEmpty() ? 0 : text.indexOf(shown.charAt(0));
            return new IllegalArgumentException("Invalid CPU list \"" + shown + "\" at position "
                + Math.max(0, at - leading) + ": " + problem + " (expected syntax like 0-3,8,10-11)");
        }
    }
}
