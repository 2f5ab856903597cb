/**
 * jcstress tests of the rings' memory ordering, each over a real channel file mapped from
 * {@code /dev/shm}. SPSC: a record is seen whole or not at all, padding is never a message, the
 * space a consumer frees is reused only after its handler is done, and close never hides a
 * committed record. SPMC/MPMC slot ring: two consumers never take one record, two producers never
 * claim one slot, and a skipped claim is never both delivered and failed.
 */
package io.ipcsync.core.jcstress;
