/**
 * The foundation of ipcsync: memory-mapped channel files and their headers, the layout
 * descriptors, record framing, process liveness and the errors every module reports.
 *
 * <p>Memory-access naming follows Agrona: {@code getIntAcquire} loads with acquire
 * semantics, {@code putIntRelease} stores with release semantics, {@code compareAndSetLong}
 * is a full-fence CAS, and a plain {@code get}/{@code put} has no ordering at all.
 */
package io.ipcsync.core;
