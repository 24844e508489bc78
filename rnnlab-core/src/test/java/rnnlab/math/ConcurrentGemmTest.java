package rnnlab.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Products called at once from several Java threads on one {@link Blas}, as the engine's batch
 * shards call them: each thread its own rows of shared buffers, every step. The results must be
 * those of the same calls made one after another, bit for bit; and the segment cache shared by
 * the threads must never hand out another key's segment.
 */
class ConcurrentGemmTest {
    private static final int THREADS = 3, ROWS = 8, K = 64, N = 96, STEPS = 300;

    static List<String> kinds() {
        return GemmTest.kinds().toList();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void shardsOfRowsGiveTheResultsOfOneThread(String kind) throws Exception {
        Blas blas = GemmTest.blas(kind);
        Random rng = new Random(5);
        float[] a = new float[STEPS * THREADS * ROWS * K], w = new float[N * K];
        for (int i = 0; i < a.length; i++) a[i] = (float) rng.nextGaussian();
        for (int i = 0; i < w.length; i++) w[i] = (float) rng.nextGaussian();
        float[] alone = new float[STEPS * THREADS * ROWS * N], together = new float[alone.length];
        float[] a2 = a.clone(); // the second product writes into A: each run on its own copy
        for (int s = 0; s < THREADS; s++) shard(blas, s, a, w, alone);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Void>> done = new ArrayList<>();
            for (int s = 0; s < THREADS; s++) {
                int shard = s;
                done.add(pool.submit((Callable<Void>) () -> { shard(blas, shard, a2, w, together); return null; }));
            }
            for (Future<Void> f : done) f.get();
        } finally {
            pool.shutdownNow();
        }
        assertArrayEquals(alone, together);
        assertArrayEquals(a, a2);
    }

    /** Shard s's rows, step by step: C = A·Wᵀ, then A += ½ C·W (the forward and backward products' shapes). */
    private static void shard(Blas blas, int s, float[] a, float[] w, float[] c) {
        for (int t = 0; t < STEPS; t++) {
            int row = (t * THREADS + s) * ROWS;
            blas.gemm(false, true, ROWS, N, K, 1f, a, row * K, K, w, 0, K, 0f, c, row * N, N);
            blas.gemm(false, false, ROWS, K, N, 0.5f, c, row * N, N, w, 0, K, 1f, a, row * K, K);
        }
    }

    @Test
    void theSegmentCacheSharedByThreadsNeverMixesUpKeys() throws Exception {
        var cache = new OpenBlas.SegmentCache(16); // far fewer slots than keys: threads overwrite one another
        float[][] arrays = new float[12][64];
        for (int i = 0; i < arrays.length; i++) for (int j = 0; j < 64; j++) arrays[i][j] = 1000 * i + j;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Void>> done = new ArrayList<>();
            for (int th = 0; th < 4; th++) {
                int seed = th;
                done.add(pool.submit((Callable<Void>) () -> {
                    Random r = new Random(seed);
                    for (int n = 0; n < 200_000; n++) {
                        int i = r.nextInt(arrays.length), off = r.nextInt(64);
                        assertEquals(1000 * i + off, cache.of(arrays[i], off).get(ValueLayout.JAVA_FLOAT, 0));
                    }
                    return null;
                }));
            }
            for (Future<Void> f : done) f.get();
        } finally {
            pool.shutdownNow();
        }
    }
}
