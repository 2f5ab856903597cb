package io.ipcsync.affinity;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpuSetTest {
    @Test
    void parsesListsAndRanges() {
        assertArrayEquals(new int[] {0, 1, 2, 3, 8, 10, 11}, CpuSet.parse("0-3,8,10-11").toArray());
        assertArrayEquals(new int[] {5}, CpuSet.parse("5").toArray());
        assertArrayEquals(new int[] {7}, CpuSet.parse("7-7").toArray());
        assertEquals(CpuSet.of(0, 1, 2), CpuSet.parse("2,0,1,1"));
    }

    @Test
    void ignoresSysfsWhitespaceAndReadsEmptyFilesAsEmpty() {
        assertEquals(CpuSet.range(0, 15), CpuSet.parse("0-15\n"));
        assertEquals(CpuSet.of(1, 4), CpuSet.parse(" 1 , 4 \n"));
        assertTrue(CpuSet.parse("\n").isEmpty());
        assertTrue(CpuSet.parse("").isEmpty());
    }

    @Test
    void parsesKernelStrides() {
        assertEquals(CpuSet.parse("0-1,4-5,8-9,12-13"), CpuSet.parse("0-15:2/4"));
        assertEquals(CpuSet.parse("0,3,6,9"), CpuSet.parse("0-10:1/3"));
    }

    @Test
    void printsCanonicalListAndRoundTrips() {
        final CpuSet set = CpuSet.of(11, 0, 1, 2, 3, 8, 10);
        assertEquals("0-3,8,10-11", set.toString());
        assertEquals(set, CpuSet.parse(set.toString()));
        assertEquals("", CpuSet.empty().toString());
        assertEquals("4095", CpuSet.of(4095).toString());
    }

    @Test
    void rejectsMalformedListsWithPositionAndExpectation() {
        assertMessage("a", "at position 0", "expected a CPU number but found 'a'");
        assertMessage("0-3,,5", "at position 4", "expected a CPU number but found ','");
        assertMessage("3-1", "at position 2", "range 3-1 has its start above its end");
        assertMessage("1-", "at position 2", "the end of the range 1-");
        assertMessage("0-3,", "at position 4", "found the end of the text");
        assertMessage("1 2", "at position 2", "expected ',' or the end of the list");
        assertMessage("0-99999999", "at position 2", "above the maximum 65535");
        assertMessage("0-7:3/2", "at position 4", "stride 3/2");
        assertMessage("  x", "at position 0", "found 'x'");
        assertThrows(IllegalArgumentException.class, () -> CpuSet.of(-1));
        assertThrows(IllegalArgumentException.class, () -> CpuSet.range(3, 2));
    }

    @Test
    void combinesSets() {
        final CpuSet a = CpuSet.parse("0-3");
        final CpuSet b = CpuSet.parse("2-5");
        assertEquals(CpuSet.parse("0-5"), a.union(b));
        assertEquals(CpuSet.parse("2-3"), a.intersect(b));
        assertEquals(CpuSet.parse("0-1"), a.minus(b));
        assertEquals(CpuSet.parse("0,2-3"), a.without(1));
        assertTrue(a.containsAll(CpuSet.of(1, 2)));
        assertFalse(a.containsAll(b));
        assertEquals(0, a.first());
        assertEquals(3, a.last());
        assertEquals(2, a.next(2));
        assertEquals(-1, CpuSet.empty().first());
        assertEquals(4, a.size());
        assertFalse(a.contains(-1));
    }

    private static void assertMessage(final String text, final String... fragments) {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CpuSet.parse(text));
        for (final String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), () -> "\"" + e.getMessage() + "\" should contain \"" + fragment + "\"");
        }
        assertTrue(e.getMessage().contains("Invalid CPU list \"" + text.strip() + "\""), e.getMessage());
    }
}
