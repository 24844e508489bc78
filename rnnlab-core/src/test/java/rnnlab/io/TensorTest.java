package rnnlab.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TensorTest {

    @Test
    void holdsACopyOfTheDataAndShape() {
        float[] data = {1, 2, 3, 4, 5, 6};
        int[] shape = {2, 3};
        Tensor t = Tensor.of(data, shape);
        data[0] = 99;
        shape[0] = 6;
        t.shape()[1] = 7;
        t.asFloats()[1] = 7;
        assertEquals(DType.F32, t.dtype());
        assertArrayEquals(new int[] {2, 3}, t.shape());
        assertEquals(2, t.rank());
        assertEquals(6, t.size());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, t.asFloats());
        assertEquals("F32[2, 3]", t.toString());
    }

    @Test
    void aScalarHasShapeEmptyAndOneElement() {
        Tensor t = Tensor.of(new double[] {-2.5});
        assertEquals(0, t.rank());
        assertEquals(1, t.size());
        assertArrayEquals(new double[] {-2.5}, t.asDoubles());
    }

    @Test
    void aZeroDimensionHoldsNoElements() {
        Tensor t = Tensor.of(new int[0], 0, 3);
        assertEquals(0, t.size());
        assertArrayEquals(new int[] {0, 3}, t.shape());
        assertArrayEquals(new int[0], t.asInts());
    }

    @Test
    void theShapeMustHoldExactlyTheData() {
        var e = assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[] {1, 2, 3}));
        assertTrue(e.getMessage().contains("shape []"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[6], 2, 2));
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[0], -1, 0));
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[1], 65536, 65536, 0x10000));
    }

    @Test
    void convertsBetweenElementTypes() {
        Tensor bytes = Tensor.ofUnsignedBytes(new byte[] {0, (byte) 255, 7}, 3);
        assertArrayEquals(new int[] {0, 255, 7}, bytes.asInts());
        assertArrayEquals(new long[] {0, 255, 7}, bytes.asLongs());
        assertArrayEquals(new float[] {0, 255, 7}, bytes.asFloats());
        assertArrayEquals(new double[] {0, 255, 7}, bytes.asDoubles());

        Tensor longs = Tensor.of(new long[] {-1, 1L << 40}, 2);
        assertArrayEquals(new double[] {-1, 0x1p40}, longs.asDoubles());
        assertArrayEquals(new float[] {-1, 0x1p40f}, longs.asFloats());
        var e = assertThrows(IllegalArgumentException.class, longs::asInts);
        assertTrue(e.getMessage().contains("asLongs"), e.getMessage());

        Tensor ints = Tensor.of(new int[] {-3, Integer.MAX_VALUE}, 2);
        assertArrayEquals(new long[] {-3, Integer.MAX_VALUE}, ints.asLongs());
        assertArrayEquals(new double[] {-3, Integer.MAX_VALUE}, ints.asDoubles());

        Tensor doubles = Tensor.of(new double[] {0.1, 1e300}, 2);
        assertArrayEquals(new float[] {0.1f, Float.POSITIVE_INFINITY}, doubles.asFloats());
        assertArrayEquals(new double[] {(double) 0.5f, 2}, Tensor.of(new float[] {0.5f, 2}, 2).asDoubles());
        e = assertThrows(IllegalArgumentException.class, doubles::asInts);
        assertTrue(e.getMessage().contains("F64"), e.getMessage());
        assertThrows(IllegalArgumentException.class, doubles::asLongs);
    }

    @Test
    void equalityIsByDtypeShapeAndBits() {
        assertEquals(Tensor.of(new float[] {Float.NaN, 1}, 2), Tensor.of(new float[] {Float.NaN, 1}, 2));
        assertEquals(Tensor.of(new float[] {1, 2}, 2).hashCode(), Tensor.of(new float[] {1, 2}, 2).hashCode());
        assertNotEquals(Tensor.of(new float[] {1, 2}, 2), Tensor.of(new float[] {1, 2}, 1, 2));
        assertNotEquals(Tensor.of(new float[] {0f}), Tensor.of(new float[] {-0f}));
        assertNotEquals(Tensor.of(new int[] {1}, 1), Tensor.of(new float[] {Float.intBitsToFloat(1)}, 1));
    }

    @Test
    void elementCountNeverOverflows() {
        assertEquals(1, Tensor.elementCount(new long[0]));
        assertEquals(0, Tensor.elementCount(new long[] {Tensor.MAX_BYTES, Tensor.MAX_BYTES, 0}));
        assertEquals(-1, Tensor.elementCount(new long[] {1L << 32, 0}), "a dimension must fit an int even when another is 0");
        assertEquals(-1, Tensor.elementCount(new long[] {1L << 32, 1L << 32}));
        assertEquals(-1, Tensor.elementCount(new long[] {3, -1}));
        assertEquals(Tensor.MAX_BYTES, Tensor.elementCount(new long[] {Tensor.MAX_BYTES}));
    }
}
