/**
 * JMH throughput benchmarks of the channel modes with more than one producer or consumer, next to
 * the peers a user would otherwise pick, measured like the {@linkplain io.ipcsync.bench.throughput
 * one-to-one benchmarks}: every benchmark is a JMH {@code @Group} whose producer threads send one
 * message per call and whose consumer thread takes up to
 * {@link io.ipcsync.bench.throughput.Workload#BATCH_LIMIT} per call; the score is the aux counter
 * {@code received}, messages the consumer took and checked while JMH measured, per second. With
 * several producers a message carries its producer's id in its top byte and that producer's
 * sequence below it, and the consumer checks each producer's order ({@link PerProducerReceiver}).
 */
package io.ipcsync.bench.modes;
