package io.ipcsync.core.ring;

/**
 * 128 bytes of padding before the fields of an object that one thread writes in a hot loop, so
 * that objects allocated before it (perhaps used by the thread on the other side of the ring)
 * never share a cache line with those fields. The JVM lays out a superclass's fields before its
 * subclasses', which makes this reliable; the class that declares the hot fields extends this one,
 * and a final subclass of it declares another 128 bytes of padding after them. 128 bytes, not 64:
 * the adjacent-line prefetcher moves cache lines in pairs.
 */
abstract class LeftPadding
{
    long p00, q00;
    long p01, q01;
    long p02, q02;
    long p03, q03;
    long p04, q04;
    long p05, q05;
    long p06, q06;
    long p07, q07;
}
