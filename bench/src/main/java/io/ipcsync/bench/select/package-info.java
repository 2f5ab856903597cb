/**
 * JMH throughput of receiving from many channels on one thread: one producer thread writes 8-byte
 * messages round-robin into N channels (1, 8, 64), the consuming thread takes them from whichever
 * has some. ipcsync's {@link io.ipcsync.channels.select.ChannelSelector} against the hand-written
 * loop a user of a peer library would write: poll each Agrona {@code OneToOneRingBuffer} (files
 * mapped from {@code /dev/shm}, like ipcsync's) or each JCTools {@code SpscArrayQueue} in turn.
 *
 * <p>As in {@link io.ipcsync.bench.throughput}, producer and consumer are the two threads of a JMH
 * {@code @Group} and the score is the consumer's aux counter {@code received}: messages taken and
 * checked (each channel's sequence, in order) while JMH measured. Every library gets the same ring
 * size per channel ({@link io.ipcsync.bench.select.SelectWorkload#RING_BYTES}), the same most
 * messages per channel per pass ({@link io.ipcsync.bench.select.SelectWorkload#BATCH_LIMIT}, the
 * selector's default) and the same copying producer call (ipcsync {@code offer}, Agrona
 * {@code write} from a source buffer; JCTools offers a boxed {@code Long}, its idiom). Run the three
 * classes in one JMH invocation and compare ratios:
 * {@code org.openjdk.jmh.Main 'bench.select.*Throughput'}. JMH runs the three a minute or more
 * apart, and this machine's speed drifts over such spans; {@code InterleavedRace --mode select}
 * does the same work on pinned threads, the three taking turns of 250 ms, and takes the ratios
 * round by round.
 *
 * <p>{@link io.ipcsync.bench.select.SelectRoundCost} measures the consumer's cost of one pass on a
 * single thread (empty channels, and one message in each), including a hand-written loop over the
 * same ipcsync consumers, so the selector's own overhead can be told from the channel's.
 */
package io.ipcsync.bench.select;
