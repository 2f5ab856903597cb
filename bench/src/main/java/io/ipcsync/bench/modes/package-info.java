/**
 * JMH throughput benchmarks of the work-distribution modes: MPMC with 2 producer and 2 consumer
 * threads (and 1 and 1), SPMC with 1 producer and 2 consumer threads (and 1 and 1), ipcsync
 * against JCTools' {@code MpmcArrayQueue} / {@code SpmcArrayQueue} and {@code ArrayBlockingQueue}.
 *
 * <p>Like the {@linkplain io.ipcsync.bench.throughput SPSC benchmarks}, each benchmark is a JMH
 * {@code @Group} of producer and consumer methods; the score is the aux counter {@code received}:
 * 8-byte messages the consumers took and checked while JMH measured, per second. A message is a
 * {@code long} holding its producer's id in the top 16 bits and the producer's sequence below;
 * each consumer checks that every producer's sequence only grows in what it receives (so nothing
 * is counted that was not really written and read). The object queues get a boxed {@code Long}
 * per message, their idiom; ipcsync writes the {@code long} into a 64-byte slot with
 * {@code offerLong}.
 */
package io.ipcsync.bench.modes;
