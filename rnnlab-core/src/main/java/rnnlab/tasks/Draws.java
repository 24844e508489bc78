package rnnlab.tasks;

import java.util.HashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/** Seeded draws of indices, for the tasks backed by a fixed set of examples. */
final class Draws {
    private Draws() {}

    /**
     * {@code k} indices of [0, n) in random order: distinct when k ≤ n (the first k steps of a
     * Fisher–Yates shuffle, kept in a sparse map so that a batch costs O(k), not O(n)); when k > n,
     * each drawn independently (a set smaller than the batch repeats itself). Uses exactly k draws
     * of {@code rng.nextInt}.
     */
    static int[] indices(int n, int k, RandomGenerator rng) {
        if (n < 1) throw new IllegalArgumentException("no examples to draw from");
        int[] out = new int[k];
        if (k > n) {
            for (int i = 0; i < k; i++) out[i] = rng.nextInt(n);
            return out;
        }
        Map<Integer, Integer> moved = new HashMap<>();
        for (int i = 0; i < k; i++) {
            int j = i + rng.nextInt(n - i);
            int atJ = moved.getOrDefault(j, j);
            moved.put(j, moved.getOrDefault(i, i));
            out[i] = atJ;
        }
        return out;
    }

    /** A uniformly random permutation of [0, n), by Fisher–Yates from the last position down. */
    static int[] permutation(int n, RandomGenerator rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int v = p[i];
            p[i] = p[j];
            p[j] = v;
        }
        return p;
    }
}
