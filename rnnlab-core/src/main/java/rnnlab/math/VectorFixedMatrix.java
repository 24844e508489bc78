package rnnlab.math;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FixedMatrix} with the Vector API: op(B) packed once into panels, then products that
 * keep their sums in registers. A BLAS packs B on every call, which at 16 rows costs about as
 * much as the multiplications: at 16 × 128 × 512 OpenBLAS 0.3.21 ran 58 GFLOP/s, this 78 (JMH,
 * one thread; docs/bench/2026-11-22-fixed-jmh.txt). From 32 rows on OpenBLAS's packing pays off.
 *
 * <p>Layout: op(B) is cut into panels of {@link #PANEL} columns (four vectors); panel p holds
 * its k rows one after another, {@code PANEL} floats each, columns past n zero. A product walks
 * the panels; within a panel, blocks of {@link #K_BLOCK} rows (32 KiB, held in L1), and within
 * a block, pairs of rows of A, each pair with 2 × 4 vector sums: per row k of the block, four
 * loads of B and two broadcasts of A feed eight fused multiply-adds. (Four rows of A at once
 * made C2 box the sums; three, or four rows by two vectors, ran no faster in a harness.) The
 * last panel, when n is not a multiple of PANEL, is computed into a per-thread tile of full
 * width and its first columns added to C: masked stores in the kernel made C2 box its sums too.
 *
 * <p>Rounding: each element of C gets, per block, the fused multiply-add chain over the
 * block's k in order from zero, added to C; every row the same way whatever m, so a product's
 * rows do not depend on how many rows it has (and batch shards give one thread's bits).
 */
final class VectorFixedMatrix implements FixedMatrix {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Columns per panel: four vectors. */
    static final int PANEL = 4 * L;
    /** Rows of op(B) per block: PANEL · K_BLOCK floats make 32 KiB. */
    static final int K_BLOCK = 8192 / PANEL;
    /** Two rows of a panel, for the last panel when it is partial (see the class comment). */
    private static final ThreadLocal<float[]> TILE = ThreadLocal.withInitial(() -> new float[2 * PANEL]);

    private final int k, n, panels;
    private final float[] packed;

    private VectorFixedMatrix(int k, int n, float[] packed) {
        this.k = k;
        this.n = n;
        this.panels = (n + PANEL - 1) / PANEL;
        this.packed = packed;
    }

    /** The vector width in bits, for reports. */
    static int bits() {
        return S.vectorBitSize();
    }

    /**
     * Null if C2 compiles the kernels to vector code here, else why not: vectors of at least 256
     * bits and fused multiply-add in hardware (HotSpot's UseFMA). Without them the Vector API
     * runs its Java fallback, which boxes every vector (SSE-only, -XX:UseAVX=0: the products
     * allocated 43 MB per 1,000).
     */
    static String unsupportedReason() {
        if (S.vectorBitSize() < 256) return "the CPU's vectors are " + S.vectorBitSize() + "-bit (the kernels need 256 or more)";
        try {
            var vm = java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            if (!Boolean.parseBoolean(vm.getVMOption("UseFMA").getValue())) return "the JVM does not use fused multiply-add here (UseFMA false)";
        } catch (RuntimeException | LinkageError e) {
            return "cannot tell whether the JVM uses fused multiply-add (" + e + ")";
        }
        return null;
    }

    /**
     * op(B) of b, packed; into the array of {@code reuse} when it is large enough (W_hhᵀ and W_hh,
     * which a layer alternates in one array, pack to different sizes when H is not a multiple
     * of PANEL: the array grows to the larger once).
     */
    static VectorFixedMatrix of(boolean transB, int k, int n, float[] b, int bOff, int ldb, FixedMatrix reuse) {
        int size = (n + PANEL - 1) / PANEL * PANEL * k;
        float[] packed = reuse instanceof VectorFixedMatrix v && v.packed.length >= size ? v.packed : new float[size];
        VectorFixedMatrix m = new VectorFixedMatrix(k, n, packed);
        m.pack(transB, b, bOff, ldb);
        return m;
    }

    private void pack(boolean transB, float[] b, int bOff, int ldb) {
        for (int p = 0; p < panels; p++) {
            int col0 = p * PANEL, width = Math.min(PANEL, n - col0);
            for (int r = 0; r < k; r++) {
                int to = (p * k + r) * PANEL;
                if (transB) {
                    for (int j = 0; j < width; j++) packed[to + j] = b[bOff + (col0 + j) * ldb + r];
                } else {
                    System.arraycopy(b, bOff + r * ldb + col0, packed, to, width);
                }
                for (int j = width; j < PANEL; j++) packed[to + j] = 0f;
            }
        }
    }

    @Override
    public int k() {
        return k;
    }

    @Override
    public int n() {
        return n;
    }

    /** Boundaries between panels. */
    @Override
    public int columnSplit(int part, int parts) {
        return GemmSupport.columnSplit(n, PANEL, part, parts);
    }

    @Override
    public void multiplyAddColumns(int m, float[] a, int aOff, int lda, float[] c, int cOff, int ldc, int from, int to) {
        if (m < 0) throw new IllegalArgumentException("negative dimension: m=" + m);
        GemmSupport.columnRange(n, PANEL, from, to);
        GemmSupport.matrix("A", a, aOff, lda, m, k);
        GemmSupport.matrix("C", c, cOff, ldc, m, n);
        for (int p = from / PANEL, pEnd = Math.ceilDiv(to, PANEL); p < pEnd; p++) {
            int col = p * PANEL, width = Math.min(PANEL, n - col);
            float[] tile = width == PANEL ? null : TILE.get();
            for (int k0 = 0; k0 < k; k0 += K_BLOCK) {
                int kb = Math.min(K_BLOCK, k - k0), q = (p * k + k0) * PANEL;
                for (int r = 0; r < m; r += 2) {
                    int a0 = aOff + r * lda + k0, c0 = cOff + r * ldc + col, pair = Math.min(2, m - r);
                    if (tile != null) Arrays.fill(tile, 0f);
                    // one call site for both cases: C2 compiles the kernels once, with their sums in registers
                    addRows(pair, a, a0, lda, kb, q, tile == null ? c : tile, tile == null ? c0 : 0, tile == null ? ldc : PANEL);
                    if (tile != null) addTile(tile, pair, width, c, c0, ldc);
                }
            }
        }
    }

    /** c's rows [c0, + pair rows), first width columns, += the tile's. */
    private static void addTile(float[] tile, int pair, int width, float[] c, int c0, int ldc) {
        for (int i = 0; i < pair; i++) {
            for (int j = 0; j < width; j++) c[c0 + i * ldc + j] += tile[i * PANEL + j];
        }
    }

    /** {@code pair} (1 or 2) rows of out, PANEL wide, += their sums over rows [q, q + kb) of the panel. */
    private void addRows(int pair, float[] a, int a0, int lda, int kb, int q, float[] out, int o0, int ldo) {
        if (pair == 2) twoRows(a, a0, lda, kb, q, out, o0, ldo);
        else oneRow(a, a0, kb, q, out, o0);
    }

    /**
     * Two rows of C, one panel, rows [q, q + kb) of it. The stores are written out here rather
     * than called: that keeps the method above C2's inlining limit (FreqInlineSize, 325 bytes of
     * bytecode), and inlined into the loops of {@link #multiplyAdd} the kernel ran 1.3–1.6×
     * slower. One loop and nothing after it but the stores: a second loop or a branch for an
     * odd last row of the panel made C2 box every vector once it had run (see the tests).
     */
    private void twoRows(float[] a, int a0, int lda, int kb, int q, float[] c, int c0, int ldc) {
        float[] w = packed;
        FloatVector s00 = FloatVector.zero(S), s01 = s00, s02 = s00, s03 = s00;
        FloatVector s10 = s00, s11 = s00, s12 = s00, s13 = s00;
        int a1 = a0 + lda;
        for (int i = 0; i < kb; i++, q += PANEL) {
            FloatVector w0 = FloatVector.fromArray(S, w, q), w1 = FloatVector.fromArray(S, w, q + L);
            FloatVector w2 = FloatVector.fromArray(S, w, q + 2 * L), w3 = FloatVector.fromArray(S, w, q + 3 * L);
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + i]), x1 = FloatVector.broadcast(S, a[a1 + i]);
            s00 = w0.fma(x0, s00); s01 = w1.fma(x0, s01); s02 = w2.fma(x0, s02); s03 = w3.fma(x0, s03);
            s10 = w0.fma(x1, s10); s11 = w1.fma(x1, s11); s12 = w2.fma(x1, s12); s13 = w3.fma(x1, s13);
        }
        int c1 = c0 + ldc;
        FloatVector.fromArray(S, c, c0).add(s00).intoArray(c, c0);
        FloatVector.fromArray(S, c, c0 + L).add(s01).intoArray(c, c0 + L);
        FloatVector.fromArray(S, c, c0 + 2 * L).add(s02).intoArray(c, c0 + 2 * L);
        FloatVector.fromArray(S, c, c0 + 3 * L).add(s03).intoArray(c, c0 + 3 * L);
        FloatVector.fromArray(S, c, c1).add(s10).intoArray(c, c1);
        FloatVector.fromArray(S, c, c1 + L).add(s11).intoArray(c, c1 + L);
        FloatVector.fromArray(S, c, c1 + 2 * L).add(s12).intoArray(c, c1 + 2 * L);
        FloatVector.fromArray(S, c, c1 + 3 * L).add(s13).intoArray(c, c1 + 3 * L);
    }

    /** One row of C (the last of an odd m), as a row of {@link #twoRows}. */
    private void oneRow(float[] a, int a0, int kb, int q, float[] c, int c0) {
        float[] w = packed;
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        for (int i = 0; i < kb; i++, q += PANEL) {
            FloatVector x = FloatVector.broadcast(S, a[a0 + i]);
            s0 = FloatVector.fromArray(S, w, q).fma(x, s0);
            s1 = FloatVector.fromArray(S, w, q + L).fma(x, s1);
            s2 = FloatVector.fromArray(S, w, q + 2 * L).fma(x, s2);
            s3 = FloatVector.fromArray(S, w, q + 3 * L).fma(x, s3);
        }
        addRow(c, c0, s0, s1, s2, s3);
    }

    /** c[c0 .. c0 + PANEL) += the sums. */
    private static void addRow(float[] c, int c0, FloatVector s0, FloatVector s1, FloatVector s2, FloatVector s3) {
        FloatVector.fromArray(S, c, c0).add(s0).intoArray(c, c0);
        FloatVector.fromArray(S, c, c0 + L).add(s1).intoArray(c, c0 + L);
        FloatVector.fromArray(S, c, c0 + 2 * L).add(s2).intoArray(c, c0 + 2 * L);
        FloatVector.fromArray(S, c, c0 + 3 * L).add(s3).intoArray(c, c0 + 3 * L);
    }
}
