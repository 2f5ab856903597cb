/**
 * JMH throughput benchmarks: one producer thread hands messages of 8 bytes and 1 KiB to one
 * consumer thread, through each library at its best idiomatic setup (busy spin, batch reads).
 *
 * <h2>How the hand-off is measured</h2>
 * Every benchmark is a JMH {@code @Group} of two methods with {@code @GroupThreads(1)} each: a
 * producer that sends one message per call and a consumer that takes up to
 * {@link io.ipcsync.bench.throughput.Workload#BATCH_LIMIT} messages per call. The result is the
 * aux counter {@code received}: messages the consumer took and checked while JMH measured, per
 * second. Why a group rather than a producer method with a consumer thread started in
 * {@code @Setup}:
 * <ul>
 *   <li>the score counts messages that arrived, not calls that returned: a producer that runs
 *       ahead into a big or unbounded buffer (Aeron's 64 MiB term, Chronicle's file) scores no
 *       more than the consumer keeps up with;</li>
 *   <li>JMH starts, stops and synchronises both threads for every iteration, so both are warm and
 *       both are inside the measured window; a private consumer thread would still be draining a
 *       backlog, or be idle, while JMH times the producer;</li>
 *   <li>JMH's profilers ({@code -prof gc}, {@code -prof perfasm}) see both sides as benchmark code.</li>
 * </ul>
 * The price is one JMH loop check per call on each side, paid equally by every library. For the
 * Disruptor it means the consumer is an {@code EventPoller} run by the JMH thread (the same
 * batch loop as a {@code BatchEventProcessor}) instead of a thread the Disruptor starts.
 *
 * <h2>The same work for everyone</h2>
 * See {@link io.ipcsync.bench.throughput.Workload}: a sequence number at both ends of the message
 * (checked by the consumer, so nothing is measured that was not really written and read), the
 * middle copied from a source buffer; a 1 MiB byte ring or an object queue holding the same
 * backlog; one send per producer call (no batch publish, since only the Disruptor offers one for
 * independent messages). The ring libraries allocate nothing per message; the object queues
 * (JCTools, {@code ArrayBlockingQueue}) allocate their idiomatic message object per message: a
 * boxed {@code Long} for 8 bytes, a new {@code byte[]} for 1 KiB; the Disruptor copies into its
 * pre-allocated events, its own idiom.
 */
package io.ipcsync.bench.throughput;
