package rnnlab.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link FixedProducts} and its {@link FixedMatrix} forms against a double-precision product. */
class FixedMatrixTest {
    private static final int[] K = {1, 7, 128, VectorFixedMatrix.K_BLOCK + 72, 3 * VectorFixedMatrix.K_BLOCK};
    private static final int[] N = {1, 5, 60, 64, 80, 96, 100, 130, 256};
    private static final int[] M = {0, 1, 2, 3, 5, 16};
    /** The form whose column parts give the whole product only to within rounding (see columnPartsGiveTheWholeProductsBits). */
    private static final String GEMM_OPENBLAS = "gemm openblas";

    /** A form under test: {@link FixedProducts#fix} with its BLAS, or the vector kernels with a given tile. */
    interface Form {
        FixedMatrix fix(int rows, boolean transB, int k, int n, float[] b, int bOff, int ldb, FixedMatrix reuse);
    }

    /**
     * Every form this JVM can run: GEMM on Java and on OpenBLAS (when it loads), VECTOR with the
     * tile it picks, and with each tile (they compute the same bits; which one runs depends on
     * the CPU and the columns).
     */
    static Stream<Arguments> forms() {
        List<Arguments> all = new ArrayList<>();
        all.add(Arguments.of("gemm java", gemm(new JavaBlas())));
        try {
            all.add(Arguments.of(GEMM_OPENBLAS, gemm(BlasProvider.create("openblas"))));
        } catch (IllegalStateException e) {
            // no OpenBLAS here: the Java forms still run
        }
        if (FixedProducts.vectorAvailable()) {
            all.add(Arguments.of("vector", (Form) (rows, transB, k, n, b, bOff, ldb, reuse)
                    -> FixedProducts.VECTOR.fix(new JavaBlas(), rows, transB, k, n, b, bOff, ldb, reuse)));
            for (VectorFixedMatrix.Tile tile : VectorFixedMatrix.Tile.values()) all.add(Arguments.of("vector " + tile, tiled(tile)));
        }
        return all.stream();
    }

    private static Form gemm(Blas blas) {
        return (rows, transB, k, n, b, bOff, ldb, reuse) -> FixedProducts.GEMM.fix(blas, rows, transB, k, n, b, bOff, ldb, reuse);
    }

    /** The vector kernels with {@code tile}, B checked as {@link FixedProducts#fix} checks it. */
    private static Form tiled(VectorFixedMatrix.Tile tile) {
        return (rows, transB, k, n, b, bOff, ldb, reuse) -> {
            GemmSupport.matrix("B", b, bOff, ldb, transB ? n : k, transB ? k : n);
            return VectorFixedMatrix.of(tile, transB, k, n, b, bOff, ldb, reuse);
        };
    }

    @Test
    void autoTakesTheVectorKernelsUpToThirtyTwoRowsWith512BitVectorsAndAlwaysBesideTheJavaBlas() {
        assertEquals(FixedProducts.AUTO, FixedProducts.best());
        assumeTrue(FixedProducts.vectorAvailable(), FixedProducts.vectorUnavailableReason());
        float[] b = new float[8 * 8];
        assertInstanceOf(VectorFixedMatrix.class, FixedProducts.AUTO.fix(new JavaBlas(), 33, false, 8, 8, b, 0, 8, null),
                "the Java BLAS is slower than the kernels at any row count");
        assertInstanceOf(VectorFixedMatrix.class, FixedProducts.VECTOR.fix(new JavaBlas(), 64, false, 8, 8, b, 0, 8, null));
        assertInstanceOf(GemmFixedMatrix.class, FixedProducts.GEMM.fix(new JavaBlas(), 1, false, 8, 8, b, 0, 8, null));
        Blas openBlas;
        try {
            openBlas = BlasProvider.create("openblas");
        } catch (IllegalStateException e) {
            return;
        }
        int most = VectorFixedMatrix.bits() >= 512 ? 32 : 16;
        assertEquals(most, FixedProducts.vectorMaxRows());
        assertInstanceOf(VectorFixedMatrix.class, FixedProducts.AUTO.fix(openBlas, most, false, 8, 8, b, 0, 8, null));
        assertInstanceOf(GemmFixedMatrix.class, FixedProducts.AUTO.fix(openBlas, most + 1, false, 8, 8, b, 0, 8, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forms")
    void productsMatchADoublePrecisionProduct(String name, Form form) {
        Random rnd = new Random(7);
        for (boolean transB : new boolean[] {false, true}) {
            for (int k : K) {
                for (int n : N) {
                    int ldb = (transB ? k : n) + 3, bOff = 5;
                    float[] b = random(rnd, bOff + (transB ? n : k) * ldb);
                    FixedMatrix fixed = form.fix(16, transB, k, n, b, bOff, ldb, null);
                    assertEquals(k, fixed.k());
                    assertEquals(n, fixed.n());
                    for (int m : M) check(rnd, fixed, b, bOff, ldb, transB, m, k, n, name);
                }
            }
        }
    }

    /** C (with a margin between rows, which must stay) += A·op(B), against doubles. */
    private static void check(Random rnd, FixedMatrix fixed, float[] b, int bOff, int ldb, boolean transB, int m, int k, int n, String name) {
        int lda = k + 2, ldc = n + 4, aOff = 3, cOff = 1;
        float[] a = random(rnd, aOff + m * lda);
        float[] c = random(rnd, cOff + m * ldc + 2);
        float[] before = c.clone();
        fixed.multiplyAdd(m, a, aOff, lda, c, cOff, ldc);
        for (int i = 0; i < c.length; i++) {
            int row = (i - cOff) / ldc, col = (i - cOff) % ldc;
            boolean inside = i >= cOff && row < m && col < n;
            if (!inside) {
                assertEquals(before[i], c[i], name + ": element " + i + " outside C changed");
                continue;
            }
            double sum = before[i], scale = Math.abs(before[i]);
            for (int p = 0; p < k; p++) {
                double term = (double) a[aOff + row * lda + p] * (transB ? b[bOff + col * ldb + p] : b[bOff + p * ldb + col]);
                sum += term;
                scale += Math.abs(term);
            }
            assertEquals(sum, c[i], 1e-6 * scale + 1e-30,
                    () -> name + " transB=" + transB + " m=" + m + " k=" + k + " n=" + n + " row " + row + " col " + col);
        }
    }

    /**
     * The parts of a product by columns, formed in any order, give the whole product's bits and
     * leave the other columns alone; the cuts are aligned and cover the columns. OpenBLAS's are
     * only checked to within rounding: its kernels may round the columns at the edges of a call
     * differently by the call's width (0.3.21's Zen/Haswell kernels do, in groups of 8 columns;
     * its SkylakeX ones gave the bits), so its parts give the whole product to within rounding.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("forms")
    void columnPartsGiveTheWholeProductsBits(String name, Form form) {
        Random rnd = new Random(13);
        for (boolean transB : new boolean[] {false, true}) {
            for (int n : new int[] {1, 64, 130, 2048}) {
                int k = 96, m = 19, ldb = transB ? k : n, ldc = n + 3;
                float[] b = random(rnd, (transB ? n : k) * ldb), a = random(rnd, m * k), c = random(rnd, m * ldc);
                FixedMatrix fixed = form.fix(m, transB, k, n, b, 0, ldb, null);
                float[] whole = c.clone();
                fixed.multiplyAdd(m, a, 0, k, whole, 0, ldc);
                for (int parts : new int[] {1, 2, 3, 5}) {
                    float[] byParts = c.clone();
                    assertEquals(0, fixed.columnSplit(0, parts));
                    assertEquals(n, fixed.columnSplit(parts, parts));
                    for (int part = parts - 1; part >= 0; part--) {
                        int from = fixed.columnSplit(part, parts), to = fixed.columnSplit(part + 1, parts);
                        int unit = fixed instanceof VectorFixedMatrix v ? v.panel() : GemmFixedMatrix.COLUMN_ALIGN;
                        assertTrue(from <= to && (from % unit == 0 || from == n), name + ": cut " + from);
                        float[] one = c.clone();
                        fixed.multiplyAddColumns(m, a, 0, k, one, 0, ldc, from, to);
                        for (int i = 0; i < one.length; i++) {
                            int col = i % ldc;
                            if (col < from || col >= to) assertEquals(c[i], one[i], name + ": column " + col + " outside the part changed");
                        }
                        fixed.multiplyAddColumns(m, a, 0, k, byParts, 0, ldc, from, to);
                    }
                    String what = name + " transB=" + transB + " n=" + n + " parts=" + parts;
                    if (!name.equals(GEMM_OPENBLAS)) assertArrayEquals(whole, byParts, what);
                    else for (int i = 0; i < whole.length; i++) assertEquals(whole[i], byParts[i], 1e-5f * (1 + Math.abs(whole[i])), what);
                }
                if (n > 64) {
                    assertThrows(IllegalArgumentException.class, () -> fixed.multiplyAddColumns(m, a, 0, k, c.clone(), 0, ldc, 1, n), name);
                    assertThrows(IllegalArgumentException.class, () -> fixed.multiplyAddColumns(m, a, 0, k, c.clone(), 0, ldc, 64, 0), name);
                }
                assertThrows(IllegalArgumentException.class, () -> fixed.columnSplit(3, 2), name);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(VectorFixedMatrix.Tile.class)
    void vectorRowsAreFusedChainsPerBlockWhateverTheRowCountAndTheTile(VectorFixedMatrix.Tile tile) {
        assumeTrue(FixedProducts.vectorAvailable(), FixedProducts.vectorUnavailableReason());
        Random rnd = new Random(11);
        int k = 2 * VectorFixedMatrix.K_BLOCK + 9, n = tile.panel() + 7, m = 7;
        float[] b = random(rnd, k * n), a = random(rnd, m * k), c = random(rnd, m * n);
        FixedMatrix fixed = VectorFixedMatrix.of(tile, false, k, n, b, 0, n, null);
        float[] all = c.clone();
        fixed.multiplyAdd(m, a, 0, k, all, 0, n);
        float[] rowByRow = c.clone();
        for (int r = 0; r < m; r++) fixed.multiplyAdd(1, a, r * k, k, rowByRow, r * n, n);
        assertArrayEquals(all, rowByRow, "a row's bits must not depend on the rows beside it");
        for (int r = 0; r < m; r++) {
            for (int j = 0; j < n; j++) {
                float expected = c[r * n + j];
                for (int k0 = 0; k0 < k; k0 += VectorFixedMatrix.K_BLOCK) {
                    float chain = 0f;
                    for (int p = k0; p < Math.min(k, k0 + VectorFixedMatrix.K_BLOCK); p++) chain = Math.fma(b[p * n + j], a[r * k + p], chain);
                    expected += chain;
                }
                assertEquals(expected, all[r * n + j], tile + ": row " + r + " column " + j);
            }
        }
    }

    /**
     * Four rows by four vectors where AVX-512's registers hold them, with a last panel only as
     * wide as its columns need, so that nothing is padded past the vector length; else two by four.
     */
    @Test
    void theTileFitsTheRegistersAndTheLastPanelTheColumns() {
        assumeTrue(FixedProducts.vectorAvailable(), FixedProducts.vectorUnavailableReason());
        VectorFixedMatrix.Tile tile = VectorFixedMatrix.Tile.forColumns(128);
        for (int n : new int[] {128, 256, 384, 512, 1024}) assertEquals(tile, VectorFixedMatrix.Tile.forColumns(n));
        if (VectorFixedMatrix.bits() < 512) {
            assertEquals(VectorFixedMatrix.Tile.TWO_BY_FOUR, tile);
            assertEquals(4, tile.lastVectors(100), "the full width");
            return;
        }
        assertEquals(VectorFixedMatrix.Tile.FOUR_BY_FOUR, tile);
        // 64-column panels at 512 bits: 128, 256, 384, 512 and 1024 are whole panels; 100 = 64 + 36, 80 = 64 + 16
        for (int n : new int[] {128, 256, 384, 512, 1024}) assertEquals(4, tile.lastVectors(n));
        assertEquals(3, tile.lastVectors(100));
        assertEquals(1, tile.lastVectors(80));
        assertEquals(2, tile.lastVectors(20), "20 columns take two vectors");
        for (int n : new int[] {128, 256, 384, 512, 1024}) assertEquals(n, VectorFixedMatrix.packedColumns(tile, n), "no padding at " + n);
        assertEquals(32, VectorFixedMatrix.packedColumns(tile, 20));
        assertEquals(0, VectorFixedMatrix.packedColumns(tile, 0));
    }

    /** The panels start on a cache line where the JVM tells where the array lies (it does here: native access is on). */
    @ParameterizedTest
    @EnumSource(VectorFixedMatrix.Tile.class)
    void panelsStartOnACacheLine(VectorFixedMatrix.Tile tile) {
        assumeTrue(FixedProducts.vectorAvailable(), FixedProducts.vectorUnavailableReason());
        for (int n : new int[] {1, 100, 512}) {
            VectorFixedMatrix fixed = VectorFixedMatrix.of(tile, true, 128, n, new float[n * 128], 0, 128, null);
            long address = fixed.panelAddress();
            assertTrue(address > 0, "the address of the packed panels is known");
            // the array may have moved since it was packed (a GC in between): then packing again aligns it
            for (int tries = 0; address % 64 != 0 && tries < 3; tries++) {
                fixed = VectorFixedMatrix.of(tile, true, 128, n, new float[n * 128], 0, 128, fixed);
                address = fixed.panelAddress();
            }
            assertEquals(0, address % 64, tile + " n=" + n + ": panels at " + Long.toHexString(address));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forms")
    void aReusedFormTakesTheNewValues(String name, Form form) {
        Random rnd = new Random(3);
        int k = 20, n = 40, m = 4;
        float[] b = random(rnd, n * k), a = random(rnd, m * k);
        FixedMatrix first = form.fix(16, true, k, n, b, 0, k, null);
        float[] changed = random(rnd, n * k);
        FixedMatrix second = form.fix(16, true, k, n, changed, 0, k, first);
        float[] c1 = new float[m * n], c2 = new float[m * n];
        second.multiplyAdd(m, a, 0, k, c1, 0, n);
        form.fix(16, true, k, n, changed, 0, k, null).multiplyAdd(m, a, 0, k, c2, 0, n);
        assertArrayEquals(c2, c1, name);
    }

    /** A layer alternates op(B) = W_hhᵀ and W_hh in one storage; H = 100 packs them to different sizes. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("forms")
    void oneStorageAlternatesBetweenAMatrixAndItsTranspose(String name, Form form) {
        Random rnd = new Random(5);
        int h = 100, g = 4 * h, m = 5;
        FixedMatrix held = null;
        for (int pass = 0; pass < 3; pass++) {
            float[] w = random(rnd, g * h), x = random(rnd, m * h), d = random(rnd, m * g);
            held = form.fix(16, true, h, g, w, 0, h, held);
            float[] gates = new float[m * g], expectedGates = new float[m * g];
            held.multiplyAdd(m, x, 0, h, gates, 0, g);
            form.fix(16, true, h, g, w, 0, h, null).multiplyAdd(m, x, 0, h, expectedGates, 0, g);
            assertArrayEquals(expectedGates, gates, name + " forward, pass " + pass);
            held = form.fix(16, false, g, h, w, 0, h, held);
            float[] dh = new float[m * h], expectedDh = new float[m * h];
            held.multiplyAdd(m, d, 0, g, dh, 0, h);
            form.fix(16, false, g, h, w, 0, h, null).multiplyAdd(m, d, 0, g, expectedDh, 0, h);
            assertArrayEquals(expectedDh, dh, name + " backward, pass " + pass);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forms")
    void outOfBoundsIsRejectedBeforeAnythingIsWritten(String name, Form form) {
        float[] b = new float[6 * 4];
        FixedMatrix fixed = form.fix(16, false, 6, 4, b, 0, 4, null);
        float[] c = new float[2 * 4 - 1];
        assertThrows(IllegalArgumentException.class, () -> fixed.multiplyAdd(2, new float[12], 0, 6, c, 0, 4), name);
        assertArrayEquals(new float[c.length], c);
        assertThrows(IllegalArgumentException.class, () -> fixed.multiplyAdd(2, new float[11], 0, 6, new float[8], 0, 4), name);
        assertThrows(IllegalArgumentException.class, () -> fixed.multiplyAdd(-1, new float[12], 0, 6, new float[8], 0, 4), name);
        assertThrows(IllegalArgumentException.class, () -> form.fix(16, false, 6, 4, new float[23], 0, 4, null), name);
        assertThrows(IllegalArgumentException.class, () -> form.fix(16, true, 6, 4, b, 0, 5, null), name + ": ldb 5 < k 6");
    }

    /**
     * Once C2 has compiled them, the vector kernels keep their sums in registers: nothing is
     * allocated per product, for full and partial panels, odd and even k, after products of
     * other shapes. (A masked store, two call sites of a kernel, or a second loop after the
     * kernel's for an odd last row each made C2 box every vector of the loop, for good.)
     */
    @ParameterizedTest
    @EnumSource(VectorFixedMatrix.Tile.class)
    void compiledVectorProductsAllocateNothing(VectorFixedMatrix.Tile tile) {
        assumeTrue(FixedProducts.vectorAvailable(), FixedProducts.vectorUnavailableReason());
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        int[][] shapes = {{8, 24, 8}, {8, 512, 128}, {5, 100, 300}, {3, 64, 7}, {1, 64, 16}, {2, 100, 51}, {7, 144, 20}, {16, 130, 128},
                {16, 256, 1024}, {7, 1024, 256}, {6, 128, 512}, {4, 125, 40}};
        List<FixedMatrix> fixed = new ArrayList<>();
        List<float[][]> operands = new ArrayList<>();
        for (int[] s : shapes) {
            int m = s[0], n = s[1], k = s[2];
            fixed.add(VectorFixedMatrix.of(tile, false, k, n, new float[k * n], 0, n, null));
            operands.add(new float[][] {new float[m * k], new float[m * n]});
        }
        long[] bytes = new long[shapes.length];
        for (int pass = 0; pass < 3; pass++) {
            for (int i = 0; i < shapes.length; i++) {
                int m = shapes[i][0], n = shapes[i][1], k = shapes[i][2];
                float[] a = operands.get(i)[0], c = operands.get(i)[1];
                // C2 compiles in the background, later on a busy machine: up to 20 s for a clean window
                long deadline = System.nanoTime() + 20_000_000_000L;
                do {
                    for (int j = 0; j < 20_000; j++) fixed.get(i).multiplyAdd(m, a, 0, k, c, 0, n);
                    long before = threads.getCurrentThreadAllocatedBytes();
                    for (int j = 0; j < 1_000; j++) fixed.get(i).multiplyAdd(m, a, 0, k, c, 0, n);
                    bytes[i] = threads.getCurrentThreadAllocatedBytes() - before;
                } while (bytes[i] >= 1_000 && System.nanoTime() < deadline);
            }
        }
        for (int i = 0; i < shapes.length; i++) {
            assertTrue(bytes[i] < 1_000, tile + " " + java.util.Arrays.toString(shapes[i]) + ": " + bytes[i] + " bytes in 1,000 products");
        }
    }

    @Test
    void thePropertyChoosesAndRejectsUnknownValues() {
        String old = System.getProperty(FixedProducts.PROPERTY);
        try {
            System.setProperty(FixedProducts.PROPERTY, "gemm");
            assertEquals(FixedProducts.GEMM, FixedProducts.best());
            System.setProperty(FixedProducts.PROPERTY, " Vector ");
            if (FixedProducts.vectorAvailable()) assertEquals(FixedProducts.VECTOR, FixedProducts.best());
            else assertThrows(IllegalArgumentException.class, FixedProducts::best);
            System.setProperty(FixedProducts.PROPERTY, "fast");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, FixedProducts::best);
            assertTrue(e.getMessage().contains("auto, vector, gemm"), e.getMessage());
        } finally {
            if (old == null) System.clearProperty(FixedProducts.PROPERTY);
            else System.setProperty(FixedProducts.PROPERTY, old);
        }
    }

    private static float[] random(Random rnd, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) x[i] = rnd.nextFloat() * 2 - 1;
        return x;
    }
}
