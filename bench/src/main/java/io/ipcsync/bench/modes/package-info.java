/**
 * JMH throughput benchmarks of the channel modes with more than one producer or consumer (MPSC,
 * SPMC, MPMC, broadcast), next to the peers a user would otherwise pick, measured like the
 * {@linkplain io.ipcsync.bench.throughput one-to-one benchmarks}: every benchmark is a JMH
 * {@code @Group} of producer and consumer methods, and the score is the aux counter
 * {@code received}: messages the consumers took and checked while JMH measured, per second.
 *
 * <p>With several producers a message carries its producer's id in its top bits and that
 * producer's sequence below, and each consumer checks that every producer's sequence only grows in
 * what it receives, so nothing is counted that was not really written and read. The object queues
 * get a boxed {@code Long} per message, their idiom.
 *
 * <p>A broadcast producer never waits, so a subscriber is measured by what it gets: {@code received}
 * counts the messages it took and checked, and {@code lost} those it missed because the producer
 * lapped it, apart; each message carries a sequence number in its first and last 8 bytes.
 */
package io.ipcsync.bench.modes;
