package rnnlab.math;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FixedMatrix} with the Vector API: op(B) packed once into panels, then products that
 * keep their sums in registers. A BLAS packs B on every call, which at 16 rows costs about as
 * much as the multiplications (docs/bench/2026-11-22-fixed-jmh.txt).
 *
 * <p>Layout: op(B) is cut into panels of {@link Tile#vectors} vectors of columns; panel p holds
 * its k rows one after another, a panel's width of floats each, columns past n zero; the
 * panels start on a cache line ({@link HeapAddress}): loads that straddle two lines made the
 * kernels 1.3× slower. With {@link Tile#FOUR_BY_FOUR} the last panel is only as many vectors
 * wide as its columns need (one to three when n leaves 16 to 48 columns over, at 512 bits), and
 * kernels of that width compute it: no padded columns are multiplied. A product walks the
 * panels; within a panel, blocks of {@link #K_BLOCK} rows (held in L1), and within a block,
 * {@link Tile#rows} rows of A at a time, whose sums over the block stay in registers: per row k
 * of the block, the panel's loads of B and one broadcast per row of A feed rows × vectors fused
 * multiply-adds. The last panel, when n is not a multiple of the vector length, is computed into
 * a per-thread buffer of its width and its first columns added to C: masked stores in the kernel
 * made C2 box its sums.
 *
 * <p>Rounding: each element of C gets, per block, the fused multiply-add chain over the
 * block's k in order from zero, added to C; every row the same way whatever m and the tile, so
 * a product's rows do not depend on how many rows it has (and batch shards give one thread's bits).
 */
final class VectorFixedMatrix implements FixedMatrix {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Rows of op(B) per block: four vectors' width of them make 32 KiB, three 24 KiB. */
    static final int K_BLOCK = 2048 / L;
    /** Panels start on multiples of this many bytes: a cache line. */
    private static final int LINE = 64;

    /**
     * The block of C a kernel holds in registers. The sums, the panel's vectors and a broadcast
     * must fit the vector registers, or C2 spills them. With AVX-512's 32 registers four rows by
     * three vectors ran 1.1–1.2× two by four (aligned panels, 16 × 128 × 512: 119 against 107
     * GFLOP/s, best of 15 rounds; a core's peak is about 157), and four by four (24 registers)
     * took 0.77–0.90 of the time of four by three (median of 31 alternated rounds per shape, m
     * 16–64, k and n 128–1024: docs/bench/2026-11-23-session12.txt); with AVX2's 16 registers four
     * by three ran 0.7× two by four.
     */
    enum Tile {
        /** Four rows of A by four vectors: sixteen sums, four loads of B and four broadcasts per sixteen fused multiply-adds. */
        FOUR_BY_FOUR(4, 4),
        /** Two rows of A by four vectors: eight sums, four loads and two broadcasts per eight. */
        TWO_BY_FOUR(2, 4);

        /** Rows of A per kernel call. */
        final int rows;
        /** Vectors per panel row. */
        final int vectors;

        Tile(int rows, int vectors) {
            this.rows = rows;
            this.vectors = vectors;
        }

        /** Columns per panel. */
        int panel() {
            return vectors * L;
        }

        /**
         * For products of n columns: FOUR_BY_FOUR where the CPU has the registers for it (512-bit
         * vectors, AVX-512), whose last panel narrows to the columns left (so it pads nothing
         * where n is a multiple of the vector length); else TWO_BY_FOUR.
         */
        static Tile forColumns(int n) {
            return S.vectorBitSize() < 512 ? TWO_BY_FOUR : FOUR_BY_FOUR;
        }

        /** Vectors of the last panel of a product of n columns: as few as cover them (FOUR_BY_FOUR), else the full width. */
        int lastVectors(int n) {
            if (this != FOUR_BY_FOUR || n == 0) return vectors;
            int left = n - (Math.ceilDiv(n, panel()) - 1) * panel();
            return Math.ceilDiv(left, L);
        }
    }

    /** A tile's rows of a partial last panel (see the class comment): room for the most rows × vectors of any tile. */
    private static final ThreadLocal<float[]> PARTIAL = ThreadLocal.withInitial(() -> new float[largestTile() * L]);

    private static int largestTile() {
        int most = 0;
        for (Tile t : Tile.values()) most = Math.max(most, t.rows * t.vectors);
        return most;
    }

    private final Tile tile;
    private final int k, n, panel, panels, lastWidth;
    private final float[] packed;
    private final MemorySegment packedSegment; // packed as a segment, made once per array: its address is asked at every pass
    private final int base; // packed[base] starts the first panel, on a cache line when the address is known

    private VectorFixedMatrix(Tile tile, int k, int n, float[] packed, MemorySegment packedSegment) {
        this.tile = tile;
        this.k = k;
        this.n = n;
        this.panel = tile.panel();
        this.panels = Math.ceilDiv(n, panel);
        this.lastWidth = tile.lastVectors(n) * L;
        this.packed = packed;
        this.packedSegment = packedSegment;
        this.base = HeapAddress.floatsToBoundary(packedSegment, LINE);
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
     * op(B) of b, packed for the tile {@link Tile#forColumns} picks; into the array of {@code reuse} when it is
     * large enough (W_hhᵀ and W_hh, which a layer alternates in one array, pack to different
     * sizes when H is not a multiple of the panel: the array grows to the larger once).
     */
    static VectorFixedMatrix of(boolean transB, int k, int n, float[] b, int bOff, int ldb, FixedMatrix reuse) {
        return of(Tile.forColumns(n), transB, k, n, b, bOff, ldb, reuse);
    }

    /** {@link #of(boolean, int, int, float[], int, int, FixedMatrix)} with the given tile (tests run both). */
    static VectorFixedMatrix of(Tile tile, boolean transB, int k, int n, float[] b, int bOff, int ldb, FixedMatrix reuse) {
        int size = packedColumns(tile, n) * k + LINE / Float.BYTES; // room to start on a line
        VectorFixedMatrix old = reuse instanceof VectorFixedMatrix v && v.packed.length >= size ? v : null;
        float[] packed = old != null ? old.packed : new float[size];
        MemorySegment segment = old != null ? old.packedSegment : MemorySegment.ofArray(packed);
        VectorFixedMatrix m = new VectorFixedMatrix(tile, k, n, packed, segment);
        m.pack(transB, b, bOff, ldb);
        return m;
    }

    /** Columns of a product of n columns once packed: whole panels, the last one as wide as {@link Tile#lastVectors}. */
    static int packedColumns(Tile tile, int n) {
        return n == 0 ? 0 : (Math.ceilDiv(n, tile.panel()) - 1) * tile.panel() + tile.lastVectors(n) * L;
    }

    /** Floats per row of panel p: the tile's panel, or the last panel's narrower width. */
    private int width(int p) {
        return p == panels - 1 ? lastWidth : panel;
    }

    private void pack(boolean transB, float[] b, int bOff, int ldb) {
        for (int p = 0; p < panels; p++) {
            int col0 = p * panel, width = Math.min(panel, n - col0), stride = width(p);
            for (int r = 0; r < k; r++) {
                int to = base + p * k * panel + r * stride;
                if (transB) {
                    for (int j = 0; j < width; j++) packed[to + j] = b[bOff + (col0 + j) * ldb + r];
                } else {
                    System.arraycopy(b, bOff + r * ldb + col0, packed, to, width);
                }
                Arrays.fill(packed, to + width, to + stride, 0f);
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

    /** Columns per panel. */
    int panel() {
        return panel;
    }

    /** Where the first panel lies in memory now (for tests; -1 where unknown). */
    long panelAddress() {
        long address = HeapAddress.of(packedSegment);
        return address < 0 ? -1 : address + (long) base * Float.BYTES;
    }

    /** Boundaries between panels. */
    @Override
    public int columnSplit(int part, int parts) {
        return GemmSupport.columnSplit(n, panel, part, parts);
    }

    @Override
    public void multiplyAddColumns(int m, float[] a, int aOff, int lda, float[] c, int cOff, int ldc, int from, int to) {
        if (m < 0) throw new IllegalArgumentException("negative dimension: m=" + m);
        GemmSupport.columnRange(n, panel, from, to);
        GemmSupport.matrix("A", a, aOff, lda, m, k);
        GemmSupport.matrix("C", c, cOff, ldc, m, n);
        int step = tile.rows;
        for (int p = from / panel, pEnd = Math.ceilDiv(to, panel); p < pEnd; p++) {
            int col = p * panel, width = Math.min(panel, n - col), stride = width(p), vectors = stride / L;
            float[] partial = width == stride ? null : PARTIAL.get();
            for (int k0 = 0; k0 < k; k0 += K_BLOCK) {
                int kb = Math.min(K_BLOCK, k - k0), q = base + p * k * panel + k0 * stride;
                for (int r = 0; r < m; r += step) {
                    int a0 = aOff + r * lda + k0, c0 = cOff + r * ldc + col, rows = Math.min(step, m - r);
                    if (partial != null) Arrays.fill(partial, 0f);
                    // one call site for both cases: C2 compiles the kernels once, with their sums in registers
                    addRows(rows, vectors, a, a0, lda, kb, q, partial == null ? c : partial, partial == null ? c0 : 0, partial == null ? ldc : stride);
                    if (partial != null) addPartial(partial, stride, rows, width, c, c0, ldc);
                }
            }
        }
    }

    /** c's rows [c0, + rows), first width columns, += the partial panel's (rows {@code stride} apart). */
    private static void addPartial(float[] partial, int stride, int rows, int width, float[] c, int c0, int ldc) {
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < width; j++) c[c0 + i * ldc + j] += partial[i * stride + j];
        }
    }

    /**
     * {@code rows} (1 to the tile's) rows of out, {@code vectors} vectors wide (the tile's, or
     * fewer in a narrow last panel), += their sums over rows [q, q + kb) of the panel.
     */
    private void addRows(int rows, int vectors, float[] a, int a0, int lda, int kb, int q, float[] out, int o0, int ldo) {
        if (tile == Tile.TWO_BY_FOUR) {
            if (rows == 2) twoByFour(a, a0, lda, kb, q, out, o0, ldo);
            else oneByFour(a, a0, kb, q, out, o0);
            return;
        }
        if (rows == 4) {
            switch (vectors) {
                case 4 -> fourByFour(a, a0, lda, kb, q, out, o0, ldo);
                case 3 -> fourByThree(a, a0, lda, kb, q, out, o0, ldo);
                case 2 -> fourByTwo(a, a0, lda, kb, q, out, o0, ldo);
                default -> fourByOne(a, a0, lda, kb, q, out, o0, ldo);
            }
            return;
        }
        for (int i = 0; i < rows; i++) {
            switch (vectors) {
                case 4 -> oneByFour(a, a0 + i * lda, kb, q, out, o0 + i * ldo);
                case 3 -> oneByThree(a, a0 + i * lda, kb, q, out, o0 + i * ldo);
                case 2 -> oneByTwo(a, a0 + i * lda, kb, q, out, o0 + i * ldo);
                default -> oneByOne(a, a0 + i * lda, kb, q, out, o0 + i * ldo);
            }
        }
    }

    /*
     * The kernels. The stores are written out rather than called: that keeps a kernel above
     * C2's inlining limit (FreqInlineSize, 325 bytes of bytecode), and inlined into the loops of
     * multiplyAddColumns the kernel ran 1.3–1.6× slower. One loop and nothing after it but the
     * stores: a second loop or a branch for an odd last row made C2 box every vector once it had
     * run (see the tests).
     */

    /** Four rows of C, four vectors of one panel, rows [q, q + kb) of it. */
    private void fourByFour(float[] a, int a0, int lda, int kb, int q, float[] c, int c0, int ldc) {
        float[] w = packed;
        FloatVector s00 = FloatVector.zero(S), s01 = s00, s02 = s00, s03 = s00, s10 = s00, s11 = s00, s12 = s00, s13 = s00;
        FloatVector s20 = s00, s21 = s00, s22 = s00, s23 = s00, s30 = s00, s31 = s00, s32 = s00, s33 = s00;
        int a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
        for (int i = 0; i < kb; i++, q += 4 * L) {
            FloatVector w0 = FloatVector.fromArray(S, w, q), w1 = FloatVector.fromArray(S, w, q + L);
            FloatVector w2 = FloatVector.fromArray(S, w, q + 2 * L), w3 = FloatVector.fromArray(S, w, q + 3 * L);
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + i]), x1 = FloatVector.broadcast(S, a[a1 + i]);
            FloatVector x2 = FloatVector.broadcast(S, a[a2 + i]), x3 = FloatVector.broadcast(S, a[a3 + i]);
            s00 = w0.fma(x0, s00); s01 = w1.fma(x0, s01); s02 = w2.fma(x0, s02); s03 = w3.fma(x0, s03);
            s10 = w0.fma(x1, s10); s11 = w1.fma(x1, s11); s12 = w2.fma(x1, s12); s13 = w3.fma(x1, s13);
            s20 = w0.fma(x2, s20); s21 = w1.fma(x2, s21); s22 = w2.fma(x2, s22); s23 = w3.fma(x2, s23);
            s30 = w0.fma(x3, s30); s31 = w1.fma(x3, s31); s32 = w2.fma(x3, s32); s33 = w3.fma(x3, s33);
        }
        int c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
        FloatVector.fromArray(S, c, c0).add(s00).intoArray(c, c0);
        FloatVector.fromArray(S, c, c0 + L).add(s01).intoArray(c, c0 + L);
        FloatVector.fromArray(S, c, c0 + 2 * L).add(s02).intoArray(c, c0 + 2 * L);
        FloatVector.fromArray(S, c, c0 + 3 * L).add(s03).intoArray(c, c0 + 3 * L);
        FloatVector.fromArray(S, c, c1).add(s10).intoArray(c, c1);
        FloatVector.fromArray(S, c, c1 + L).add(s11).intoArray(c, c1 + L);
        FloatVector.fromArray(S, c, c1 + 2 * L).add(s12).intoArray(c, c1 + 2 * L);
        FloatVector.fromArray(S, c, c1 + 3 * L).add(s13).intoArray(c, c1 + 3 * L);
        FloatVector.fromArray(S, c, c2).add(s20).intoArray(c, c2);
        FloatVector.fromArray(S, c, c2 + L).add(s21).intoArray(c, c2 + L);
        FloatVector.fromArray(S, c, c2 + 2 * L).add(s22).intoArray(c, c2 + 2 * L);
        FloatVector.fromArray(S, c, c2 + 3 * L).add(s23).intoArray(c, c2 + 3 * L);
        FloatVector.fromArray(S, c, c3).add(s30).intoArray(c, c3);
        FloatVector.fromArray(S, c, c3 + L).add(s31).intoArray(c, c3 + L);
        FloatVector.fromArray(S, c, c3 + 2 * L).add(s32).intoArray(c, c3 + 2 * L);
        FloatVector.fromArray(S, c, c3 + 3 * L).add(s33).intoArray(c, c3 + 3 * L);
    }

    /** Four rows of C, the three vectors of a narrow last panel, rows [q, q + kb) of it. */
    private void fourByThree(float[] a, int a0, int lda, int kb, int q, float[] c, int c0, int ldc) {
        float[] w = packed;
        FloatVector s00 = FloatVector.zero(S), s01 = s00, s02 = s00, s10 = s00, s11 = s00, s12 = s00;
        FloatVector s20 = s00, s21 = s00, s22 = s00, s30 = s00, s31 = s00, s32 = s00;
        int a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
        for (int i = 0; i < kb; i++, q += 3 * L) {
            FloatVector w0 = FloatVector.fromArray(S, w, q), w1 = FloatVector.fromArray(S, w, q + L), w2 = FloatVector.fromArray(S, w, q + 2 * L);
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + i]), x1 = FloatVector.broadcast(S, a[a1 + i]);
            FloatVector x2 = FloatVector.broadcast(S, a[a2 + i]), x3 = FloatVector.broadcast(S, a[a3 + i]);
            s00 = w0.fma(x0, s00); s01 = w1.fma(x0, s01); s02 = w2.fma(x0, s02);
            s10 = w0.fma(x1, s10); s11 = w1.fma(x1, s11); s12 = w2.fma(x1, s12);
            s20 = w0.fma(x2, s20); s21 = w1.fma(x2, s21); s22 = w2.fma(x2, s22);
            s30 = w0.fma(x3, s30); s31 = w1.fma(x3, s31); s32 = w2.fma(x3, s32);
        }
        int c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
        FloatVector.fromArray(S, c, c0).add(s00).intoArray(c, c0);
        FloatVector.fromArray(S, c, c0 + L).add(s01).intoArray(c, c0 + L);
        FloatVector.fromArray(S, c, c0 + 2 * L).add(s02).intoArray(c, c0 + 2 * L);
        FloatVector.fromArray(S, c, c1).add(s10).intoArray(c, c1);
        FloatVector.fromArray(S, c, c1 + L).add(s11).intoArray(c, c1 + L);
        FloatVector.fromArray(S, c, c1 + 2 * L).add(s12).intoArray(c, c1 + 2 * L);
        FloatVector.fromArray(S, c, c2).add(s20).intoArray(c, c2);
        FloatVector.fromArray(S, c, c2 + L).add(s21).intoArray(c, c2 + L);
        FloatVector.fromArray(S, c, c2 + 2 * L).add(s22).intoArray(c, c2 + 2 * L);
        FloatVector.fromArray(S, c, c3).add(s30).intoArray(c, c3);
        FloatVector.fromArray(S, c, c3 + L).add(s31).intoArray(c, c3 + L);
        FloatVector.fromArray(S, c, c3 + 2 * L).add(s32).intoArray(c, c3 + 2 * L);
    }

    /** One row of C (the last rows of m), as a row of {@link #fourByThree}. */
    private void oneByThree(float[] a, int a0, int kb, int q, float[] c, int c0) {
        float[] w = packed;
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0;
        for (int i = 0; i < kb; i++, q += 3 * L) {
            FloatVector x = FloatVector.broadcast(S, a[a0 + i]);
            s0 = FloatVector.fromArray(S, w, q).fma(x, s0);
            s1 = FloatVector.fromArray(S, w, q + L).fma(x, s1);
            s2 = FloatVector.fromArray(S, w, q + 2 * L).fma(x, s2);
        }
        FloatVector.fromArray(S, c, c0).add(s0).intoArray(c, c0);
        FloatVector.fromArray(S, c, c0 + L).add(s1).intoArray(c, c0 + L);
        FloatVector.fromArray(S, c, c0 + 2 * L).add(s2).intoArray(c, c0 + 2 * L);
    }

    /** Four rows of C, the two vectors of a narrow last panel, rows [q, q + kb) of it. */
    private void fourByTwo(float[] a, int a0, int lda, int kb, int q, float[] c, int c0, int ldc) {
        float[] w = packed;
        FloatVector s00 = FloatVector.zero(S), s01 = s00, s10 = s00, s11 = s00, s20 = s00, s21 = s00, s30 = s00, s31 = s00;
        int a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
        for (int i = 0; i < kb; i++, q += 2 * L) {
            FloatVector w0 = FloatVector.fromArray(S, w, q), w1 = FloatVector.fromArray(S, w, q + L);
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + i]), x1 = FloatVector.broadcast(S, a[a1 + i]);
            FloatVector x2 = FloatVector.broadcast(S, a[a2 + i]), x3 = FloatVector.broadcast(S, a[a3 + i]);
            s00 = w0.fma(x0, s00); s01 = w1.fma(x0, s01);
            s10 = w0.fma(x1, s10); s11 = w1.fma(x1, s11);
            s20 = w0.fma(x2, s20); s21 = w1.fma(x2, s21);
            s30 = w0.fma(x3, s30); s31 = w1.fma(x3, s31);
        }
        int c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
        FloatVector.fromArray(S, c, c0).add(s00).intoArray(c, c0);
        FloatVector.fromArray(S, c, c0 + L).add(s01).intoArray(c, c0 + L);
        FloatVector.fromArray(S, c, c1).add(s10).intoArray(c, c1);
        FloatVector.fromArray(S, c, c1 + L).add(s11).intoArray(c, c1 + L);
        FloatVector.fromArray(S, c, c2).add(s20).intoArray(c, c2);
        FloatVector.fromArray(S, c, c2 + L).add(s21).intoArray(c, c2 + L);
        FloatVector.fromArray(S, c, c3).add(s30).intoArray(c, c3);
        FloatVector.fromArray(S, c, c3 + L).add(s31).intoArray(c, c3 + L);
    }

    /** One row of C (the last rows of m), as a row of {@link #fourByTwo}. */
    private void oneByTwo(float[] a, int a0, int kb, int q, float[] c, int c0) {
        float[] w = packed;
        FloatVector s0 = FloatVector.zero(S), s1 = s0;
        for (int i = 0; i < kb; i++, q += 2 * L) {
            FloatVector x = FloatVector.broadcast(S, a[a0 + i]);
            s0 = FloatVector.fromArray(S, w, q).fma(x, s0);
            s1 = FloatVector.fromArray(S, w, q + L).fma(x, s1);
        }
        FloatVector.fromArray(S, c, c0).add(s0).intoArray(c, c0);
        FloatVector.fromArray(S, c, c0 + L).add(s1).intoArray(c, c0 + L);
    }

    /** Four rows of C, the one vector of a narrow last panel, rows [q, q + kb) of it. */
    private void fourByOne(float[] a, int a0, int lda, int kb, int q, float[] c, int c0, int ldc) {
        float[] w = packed;
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        int a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
        for (int i = 0; i < kb; i++, q += L) {
            FloatVector w0 = FloatVector.fromArray(S, w, q);
            s0 = w0.fma(FloatVector.broadcast(S, a[a0 + i]), s0);
            s1 = w0.fma(FloatVector.broadcast(S, a[a1 + i]), s1);
            s2 = w0.fma(FloatVector.broadcast(S, a[a2 + i]), s2);
            s3 = w0.fma(FloatVector.broadcast(S, a[a3 + i]), s3);
        }
        FloatVector.fromArray(S, c, c0).add(s0).intoArray(c, c0);
        FloatVector.fromArray(S, c, c0 + ldc).add(s1).intoArray(c, c0 + ldc);
        FloatVector.fromArray(S, c, c0 + 2 * ldc).add(s2).intoArray(c, c0 + 2 * ldc);
        FloatVector.fromArray(S, c, c0 + 3 * ldc).add(s3).intoArray(c, c0 + 3 * ldc);
    }

    /** One row of C (the last rows of m), as a row of {@link #fourByOne}. */
    private void oneByOne(float[] a, int a0, int kb, int q, float[] c, int c0) {
        float[] w = packed;
        FloatVector s = FloatVector.zero(S);
        for (int i = 0; i < kb; i++, q += L) s = FloatVector.fromArray(S, w, q).fma(FloatVector.broadcast(S, a[a0 + i]), s);
        FloatVector.fromArray(S, c, c0).add(s).intoArray(c, c0);
    }

    /** Two rows of C, four vectors of one panel, rows [q, q + kb) of it. */
    private void twoByFour(float[] a, int a0, int lda, int kb, int q, float[] c, int c0, int ldc) {
        float[] w = packed;
        FloatVector s00 = FloatVector.zero(S), s01 = s00, s02 = s00, s03 = s00;
        FloatVector s10 = s00, s11 = s00, s12 = s00, s13 = s00;
        int a1 = a0 + lda;
        for (int i = 0; i < kb; i++, q += 4 * L) {
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

    /** One row of C (the last rows of m), as a row of {@link #fourByFour} or {@link #twoByFour}. */
    private void oneByFour(float[] a, int a0, int kb, int q, float[] c, int c0) {
        float[] w = packed;
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        for (int i = 0; i < kb; i++, q += 4 * L) {
            FloatVector x = FloatVector.broadcast(S, a[a0 + i]);
            s0 = FloatVector.fromArray(S, w, q).fma(x, s0);
            s1 = FloatVector.fromArray(S, w, q + L).fma(x, s1);
            s2 = FloatVector.fromArray(S, w, q + 2 * L).fma(x, s2);
            s3 = FloatVector.fromArray(S, w, q + 3 * L).fma(x, s3);
        }
        FloatVector.fromArray(S, c, c0).add(s0).intoArray(c, c0);
        FloatVector.fromArray(S, c, c0 + L).add(s1).intoArray(c, c0 + L);
        FloatVector.fromArray(S, c, c0 + 2 * L).add(s2).intoArray(c, c0 + 2 * L);
        FloatVector.fromArray(S, c, c0 + 3 * L).add(s3).intoArray(c, c0 + 3 * L);
    }
}
