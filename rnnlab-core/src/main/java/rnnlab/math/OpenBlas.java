package rnnlab.math;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.ref.WeakReference;
import java.util.Optional;

/**
 * {@link Blas} on OpenBLAS's {@code cblas_sgemm}, called through the FFM API.
 *
 * <p>The heap arrays are passed as they are, without copying: the downcall is
 * {@linkplain Linker.Option#critical(boolean) critical} with heap access, so the GC waits while
 * OpenBLAS runs. That is why every bound is checked in Java first: a wrong index in native
 * code would corrupt the heap instead of throwing. Products with m, n or k = 0 or alpha = 0
 * never reach native code.
 *
 * <p>Obtained from {@link BlasProvider}; which library file is bound, and how many threads it
 * uses, is shown by {@link #name()}. The thread count is a setting of the whole library
 * (OpenBLAS keeps it in a global), fixed when the library is bound.
 *
 * <p>Safe to call from several Java threads at once, as the engine's batch shards do: the
 * method handle and the segment cache are shared without locks (see {@link SegmentCache}), and
 * OpenBLAS since 0.3.7 is thread-safe for concurrent callers in its threaded builds
 * ({@code ConcurrentGemmTest} checks the results against the same calls in sequence). Each
 * caller's product may itself use OpenBLAS's threads, so shards want OpenBLAS on one thread.
 */
public final class OpenBlas implements Blas {
    private static final int ROW_MAJOR = 101;
    private static final int NO_TRANS = 111;
    private static final int TRANS = 112;

    private static final Linker LINKER = Linker.nativeLinker();
    /** void cblas_sgemm(order, transA, transB, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc). */
    private static final FunctionDescriptor SGEMM = FunctionDescriptor.ofVoid(
            JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
            JAVA_FLOAT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_FLOAT, ADDRESS, JAVA_INT);

    private final MethodHandle sgemm;
    private final MethodHandle getNumThreads;
    private final MethodHandle setNumThreads;
    private final int configuredThreads;
    private int concurrentSections; // guarded by this: begun and not yet ended
    private final String version;
    private final String core;
    private final String origin;
    private final String where;

    private OpenBlas(MethodHandle sgemm, MethodHandle getNumThreads, MethodHandle setNumThreads, int threads,
                     String version, String core, String origin, String where) {
        this.sgemm = sgemm;
        this.getNumThreads = getNumThreads;
        this.setNumThreads = setNumThreads;
        this.configuredThreads = threads;
        this.version = version;
        this.core = core;
        this.origin = origin;
        this.where = where;
    }

    /**
     * Binds an already loaded library, checks that it is OpenBLAS with 32-bit integers and
     * sets its thread count.
     *
     * @param origin "system" or "bundled", for {@link #name()}
     * @param where the file or jar it came from, for {@link #name()}
     * @throws IllegalStateException if the library is not a usable OpenBLAS
     */
    static OpenBlas bind(SymbolLookup lib, String origin, String where, int threads) {
        // Only OpenBLAS has openblas_get_config; libblas.so.3 may be the reference BLAS.
        String config = callString(lib.find("openblas_get_config").orElseThrow(() ->
                new IllegalStateException(where + " is not OpenBLAS (no openblas_get_config)")));
        if (config.contains("USE64BITINT")) {
            throw new IllegalStateException(where + " is an ILP64 build (" + config.trim()
                    + "); the binding passes 32-bit integers");
        }
        MethodHandle sgemm = LINKER.downcallHandle(symbol(lib, "cblas_sgemm", where), SGEMM,
                Linker.Option.critical(true));
        MethodHandle set = LINKER.downcallHandle(symbol(lib, "openblas_set_num_threads", where),
                FunctionDescriptor.ofVoid(JAVA_INT));
        MethodHandle get = LINKER.downcallHandle(symbol(lib, "openblas_get_num_threads", where),
                FunctionDescriptor.of(JAVA_INT));
        try {
            set.invokeExact(threads);
        } catch (Throwable e) {
            throw new IllegalStateException("openblas_set_num_threads failed in " + where, e);
        }
        String core = lib.find("openblas_get_corename").map(OpenBlas::callString)
                .orElseGet(() -> lastWord(config));
        return new OpenBlas(sgemm, get, set, threads, version(config), core.trim(), origin, where);
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        if (GemmSupport.checkedTrivial(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc)) {
            return; // C = beta·C at most: not worth a native call
        }
        MemorySegment as = SEGMENTS.of(a, aOff);
        MemorySegment bs = SEGMENTS.of(b, bOff);
        MemorySegment cs = SEGMENTS.of(c, cOff);
        try {
            sgemm.invokeExact(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS,
                    m, n, k, alpha, as, lda, bs, ldb, beta, cs, ldc);
        } catch (Throwable e) {
            throw new IllegalStateException("cblas_sgemm failed", e);
        }
    }

    /**
     * For example "openblas 0.3.21 system (/usr/lib/x86_64-linux-gnu/openblas-pthread/
     * libopenblas.so.0; core Zen; 1 thread)".
     */
    @Override
    public String name() {
        int t = threads();
        return "openblas " + version + " " + origin + " (" + where + "; core " + core + "; "
                + t + (t == 1 ? " thread)" : " threads)");
    }

    /** The number of threads OpenBLAS uses, from {@code openblas_get_num_threads}. */
    @Override
    public int threads() {
        try {
            return (int) getNumThreads.invokeExact();
        } catch (Throwable e) {
            throw new IllegalStateException("openblas_get_num_threads failed", e);
        }
    }

    /**
     * While batch shards call at once, OpenBLAS runs on one thread (its thread count is a
     * global): else each shard's small product would be split again, 2 shards × 2 threads on 2
     * cores. The products outside the sections (over all T·B rows) keep the configured count.
     */
    @Override
    public synchronized void beginConcurrentCalls() {
        if (concurrentSections++ == 0 && configuredThreads > 1) setThreads(1);
    }

    @Override
    public synchronized void endConcurrentCalls() {
        if (concurrentSections == 0) throw new IllegalStateException("endConcurrentCalls without beginConcurrentCalls");
        if (--concurrentSections == 0 && configuredThreads > 1) setThreads(configuredThreads);
    }

    private void setThreads(int n) {
        try {
            setNumThreads.invokeExact(n);
        } catch (Throwable e) {
            throw new IllegalStateException("openblas_set_num_threads failed", e);
        }
    }

    /** "system" or "bundled". */
    String origin() {
        return origin;
    }

    // Keys: about 4 per time step per batch shard (2 products, 2 slices each), e.g. 6,272 for
    // T = 784 on two shards; the slots are kept at least twice the keys so that probes seldom evict.
    private static final SegmentCache SEGMENTS = new SegmentCache(1 << 15);

    /**
     * The heap segments handed to {@code cblas_sgemm}, kept per (array, offset) so that the
     * per-step products of BPTT, which use the same T slices of the same buffers at every
     * training step, allocate nothing: {@code MemorySegment.ofArray(x).asSlice(off)} costs two
     * or three small objects per argument, about 300 bytes per product, which the JIT does not
     * eliminate across the downcall.
     *
     * <p>Open addressing over a few slots, a full window evicting its first entry; an entry holds its array and its segment only weakly (the segment refers
     * to the array strongly), so the cache never keeps a buffer alive. Entries are immutable and
     * published through a plain array: threads sharing this {@link Blas} may overwrite one
     * another's entries (a miss, then a new segment), never see a wrong one.
     */
    static final class SegmentCache {
        private record Entry(WeakReference<float[]> array, int offset, WeakReference<MemorySegment> segment) {}

        private static final int PROBES = 8;
        private final Entry[] entries;
        private final int mask;

        SegmentCache(int size) {
            if (Integer.bitCount(size) != 1) throw new IllegalArgumentException("size must be a power of two: " + size);
            entries = new Entry[size];
            mask = size - 1;
        }

        MemorySegment of(float[] x, int off) {
            int h = System.identityHashCode(x) * 0x9E3779B9 + off; // mixed as MurmurHash3's finaliser
            h = (h ^ (h >>> 16)) * 0x85EBCA6B;
            h = (h ^ (h >>> 13)) * 0xC2B2AE35;
            int home = (h ^ (h >>> 16)) & mask;
            int free = -1;
            for (int p = 0; p < PROBES; p++) {
                int slot = (home + p) & mask;
                Entry e = entries[slot];
                if (e == null) {
                    if (free < 0) free = slot;
                    break; // entries are never removed, so the key is not further on
                }
                float[] a = e.array.get();
                if (a == x && e.offset == off) {
                    MemorySegment s = e.segment.get();
                    if (s != null) return s;
                    free = slot;
                    break;
                }
                if (free < 0 && (a == null || e.segment.refersTo(null))) free = slot; // stale: reuse
            }
            MemorySegment whole = MemorySegment.ofArray(x);
            MemorySegment s = off == 0 ? whole : whole.asSlice(off * (long) Float.BYTES);
            entries[free >= 0 ? free : home] = new Entry(new WeakReference<>(x), off, new WeakReference<>(s));
            return s;
        }
    }

    private static MemorySegment symbol(SymbolLookup lib, String name, String where) {
        Optional<MemorySegment> s = lib.find(name);
        return s.orElseThrow(() -> new IllegalStateException(where + " has no " + name));
    }

    /** Calls a {@code char* f(void)} and reads the returned C string. */
    private static String callString(MemorySegment function) {
        MethodHandle h = LINKER.downcallHandle(function, FunctionDescriptor.of(ADDRESS));
        try {
            MemorySegment p = (MemorySegment) h.invokeExact();
            return p.equals(MemorySegment.NULL) ? "" : p.reinterpret(4096).getString(0);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot call " + function, e);
        }
    }

    /** "OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH …" gives "0.3.21". */
    private static String version(String config) {
        String[] words = config.trim().split("\\s+");
        return words.length > 1 && words[0].equalsIgnoreCase("OpenBLAS") ? words[1] : "?";
    }

    private static String lastWord(String config) {
        String[] words = config.trim().split("\\s+");
        return words[words.length - 1];
    }
}
