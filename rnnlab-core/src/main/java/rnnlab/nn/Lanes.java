package rnnlab.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import rnnlab.math.FixedProducts;

/**
 * What the vector cells ({@link VectorLstmCell}, {@link VectorGruCell}) share: the species, when
 * they apply, and the flush of subnormals on vectors.
 *
 * <p>Why they exist: the scalar cells copy a block's rows into {@link CellScratch} arrays so that
 * C2 vectorises their loops, and call the activations one block at a time; at H = 128 that
 * element-wise work took about 40 % of an LSTM step. The vector cells compute each row where it
 * lies in the trace, with no copies: per row, short loops over H that stay in the L1 cache.
 *
 * <p>Their loops call no method of their own on vectors, only the Vector API's (which C2 always
 * inlines): C2 inlines a compilation's calls until its graph reaches a node budget, and a method
 * on vectors it leaves as a call boxes every vector (a first LSTM cell that called a flush and a
 * tanh on vectors allocated 440 KB per step). The activations and the flush of subnormals are
 * passes over arrays ({@code Activations}, {@link RecurrentLayer#flushSubnormals}), which are
 * safe to leave as calls.
 */
final class Lanes {
    private Lanes() {}

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /**
     * Whether the vector cells run for hidden size H, where the Vector API runs (ask
     * {@link FixedProducts#vectorAvailable()} first: this class needs its module): H is a multiple
     * of the lanes (16 floats with AVX-512, 8 with AVX2), so that every row is whole vectors (a
     * masked tail made C2 box the vectors of the products' kernels).
     */
    static boolean fit(int hiddenSize) {
        return hiddenSize % S.length() == 0;
    }

    /**
     * {@link RecurrentLayer#flushSubnormals}: each a[i] := {@link RecurrentLayer#flush}(a[i]), 0
     * where |v| &lt; 2⁻¹²⁶ (−0 included), else v (NaN fails the compare and stays).
     */
    static void flush(float[] a, int off, int len) {
        int i = off, end = off + len;
        for (int vend = off + S.loopBound(len); i < vend; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, a, i);
            v.blend(0f, v.abs().compare(VectorOperators.LT, Float.MIN_NORMAL)).intoArray(a, i);
        }
        for (; i < end; i++) a[i] = RecurrentLayer.flush(a[i]);
    }
}
