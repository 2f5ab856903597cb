/**
 * jcstress tests of the SPSC ring's memory ordering, each over a real channel file mapped from
 * {@code /dev/shm}: a record is seen whole or not at all, padding is never a message, the space
 * a consumer frees is reused only after its handler is done, and close never hides a committed
 * record.
 */
package io.ipcsync.core.jcstress;
