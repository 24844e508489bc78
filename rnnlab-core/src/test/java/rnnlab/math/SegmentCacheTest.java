package rnnlab.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

class SegmentCacheTest {

    @Test
    void sameArrayAndOffsetGiveTheSameSegmentWhoseFirstElementIsAtTheOffset() {
        var cache = new OpenBlas.SegmentCache(16);
        float[] a = {0f, 1f, 2f, 3f, 4f};
        MemorySegment s = cache.of(a, 3);
        assertSame(s, cache.of(a, 3));
        assertEquals(3f, s.get(ValueLayout.JAVA_FLOAT, 0));
        assertEquals(2 * Float.BYTES, s.byteSize());
        assertEquals(0f, cache.of(a, 0).get(ValueLayout.JAVA_FLOAT, 0));
    }

    @Test
    void anotherArrayOrOffsetNeverGetsAnotherKeysSegment() {
        var cache = new OpenBlas.SegmentCache(2); // far more keys than slots: evictions
        float[][] arrays = new float[20][8];
        for (int i = 0; i < arrays.length; i++) for (int j = 0; j < 8; j++) arrays[i][j] = 100 * i + j;
        for (int round = 0; round < 3; round++)
            for (int i = 0; i < arrays.length; i++)
                for (int off = 0; off < 8; off++)
                    assertEquals(100 * i + off, cache.of(arrays[i], off).get(ValueLayout.JAVA_FLOAT, 0));
        assertNotSame(cache.of(arrays[0], 1), cache.of(arrays[1], 1));
    }
}
