/**
 * jcstress tests of the rings' memory ordering, each over a real channel file mapped from
 * {@code /dev/shm}. SPSC: a record is seen whole or not at all, padding is never a message, the
 * space a consumer frees is reused only after its handler is done, and close never hides a
 * committed record. MPSC: two producers claiming at once, an open claim holding back the records
 * behind it, claims across the wrap padding. SPMC/MPMC slot ring: two consumers never take one
 * record, two producers never claim one slot, and a skipped claim is never both delivered and
 * failed. Broadcast: a receiver racing a transmitter that overwrites its record delivers the old
 * message whole or reports the lap with the right loss, never a torn message, and a receiver
 * joining mid-publish starts at a sequence that matches what it reads.
 */
package io.ipcsync.core.jcstress;
