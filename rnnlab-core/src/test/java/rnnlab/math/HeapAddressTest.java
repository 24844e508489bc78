package rnnlab.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class HeapAddressTest {
    @Test
    void theAddressOfAnArrayIsKnownAndFloatAligned() {
        float[] a = new float[1000];
        long address = HeapAddress.of(MemorySegment.ofArray(a));
        assertTrue(address > 0, "native access is on in the tests");
        assertEquals(0, address % Float.BYTES);
        int floats = HeapAddress.floatsToBoundary(MemorySegment.ofArray(a), 64);
        assertTrue(floats >= 0 && floats < 16, "floats " + floats);
        assertTrue(a.length > 0); // the array stays reachable until here
    }

    @Test
    void floatsToTheNextBoundary() {
        assertEquals(0, HeapAddress.floatsToBoundary(0x1000, 64));
        assertEquals(15, HeapAddress.floatsToBoundary(0x1004, 64));
        assertEquals(12, HeapAddress.floatsToBoundary(0x1010, 64));
        assertEquals(1, HeapAddress.floatsToBoundary(0x103c, 64));
        assertEquals(4, HeapAddress.floatsToBoundary(0x1010, 32));
        assertEquals(0, HeapAddress.floatsToBoundary(-1, 64), "unknown: no offset");
        assertEquals(0, HeapAddress.floatsToBoundary(0x1002, 64), "not on a float: no offset");
        assertThrows(IllegalArgumentException.class, () -> HeapAddress.floatsToBoundary(0x1000, 48));
        assertThrows(IllegalArgumentException.class, () -> HeapAddress.floatsToBoundary(0x1000, 2));
    }
}
