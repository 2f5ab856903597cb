/**
 * JMH benchmarks of channel modes other than SPSC against their nearest peer, each pair run in one
 * JMH invocation: {@link io.ipcsync.bench.modes.BroadcastThroughput} (ipcsync broadcast) and
 * {@link io.ipcsync.bench.modes.AgronaBroadcastThroughput} (Agrona's {@code BroadcastTransmitter} and
 * {@code CopyBroadcastReceiver}).
 *
 * <p>A broadcast producer never waits, so a subscriber is measured by what it gets: the aux counter
 * {@code received} counts messages the subscriber took and checked while JMH measured, per second,
 * and {@code lost} counts those it missed because the producer lapped it, apart. Producer and
 * subscriber are the two threads of a JMH {@code @Group}, as in the
 * {@linkplain io.ipcsync.bench.throughput throughput} benchmarks, with the same
 * {@link io.ipcsync.bench.throughput.Workload}: a sequence number in the first and last 8 bytes of
 * each message, a 1 MiB ring in a file under {@code /dev/shm}, batches of up to 256 messages.
 */
package io.ipcsync.bench.modes;
