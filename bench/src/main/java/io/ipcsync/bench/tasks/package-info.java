/**
 * JMH benchmarks of {@link io.ipcsync.tasks.TaskGroup} against its peers in the same run: spawn+join
 * cost per task ({@link io.ipcsync.bench.tasks.SpawnJoinBenchmark}), one spawn-and-join round trip
 * ({@link io.ipcsync.bench.tasks.RoundTripBenchmark}) and the time from cancelling 1,000 tasks until
 * each has observed it or been dropped ({@link io.ipcsync.bench.tasks.CancelBenchmark}).
 *
 * <p>Peers that need a newer JDK (virtual threads: 21; {@code StructuredTaskScope}: 25, a preview API
 * that is usable reflectively without {@code --enable-preview}) are reached through method handles
 * ({@link io.ipcsync.bench.tasks.NewerJdk}) so the module compiles with {@code --release 17}; on an older
 * JDK their setup fails with a message saying so and JMH goes on with the other benchmarks.
 *
 * <p>Each executor lives in its own {@code @State} class, so a benchmark creates only the threads it
 * measures: a spinning executor created for another method would steal one of the two cores.
 */
package io.ipcsync.bench.tasks;
