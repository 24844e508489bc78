package rnnlab.math;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Activations}' array forms with the Vector API, bit for bit the same values: the same
 * float operations in the same order (no fused multiply-add, which would round once where the
 * scalar code rounds twice), lane by lane. Only the clamps differ in form: a compare and a blend
 * instead of {@link Math#min}/{@link Math#max}, whose NaN and −0 rules C2 builds from several
 * instructions. Against non-zero bounds the two agree on every input (NaN fails both compares
 * and passes through; −0 is inside), and the blend ran tanh twice as fast here (0.5–0.6 against
 * 0.95 ns per element; a 512-bit divide alone takes 0.29).
 *
 * <p>The polynomial is written out in the loop, not in a method on vectors: C2 inlines a
 * compilation's calls until its graph reaches a node budget, and a method on vectors it then
 * leaves as a call boxes every vector (a cell's loop that called such a method allocated up to
 * 440 KB per step). Methods on arrays are safe to leave as calls.
 *
 * <p>Only where {@link FixedProducts#vectorAvailable()}: {@link Activations} calls these there.
 */
final class VectorActivations {
    private VectorActivations() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /** {@link Activations#tanh(float[], int, int)}, the range already checked. */
    static void tanh(float[] a, int off, int len) {
        // outScale·t + outShift with 1 and −0 is t itself, −0 included
        tanhScaled(a, off, len, 1f, 1f, -0f);
    }

    /** {@link Activations#sigmoid(float[], int, int)}, the range already checked: ½·tanh(x/2) + ½. */
    static void sigmoid(float[] a, int off, int len) {
        tanhScaled(a, off, len, 0.5f, 0.5f, 0.5f);
    }

    /** {@link Activations#expShifted}, the ranges already checked; each operation rounded as {@link Activations#expNonPositive} rounds it. */
    static void expShifted(float[] src, int srcOff, float shift, float[] dst, int dstOff, int len) {
        int i = 0;
        for (int vend = S.loopBound(len); i < vend; i += S.length()) {
            FloatVector x = FloatVector.fromArray(S, src, srcOff + i).sub(shift);
            VectorMask<Float> under = x.compare(VectorOperators.LT, Activations.EXP_LOW);
            FloatVector c = x.blend(Activations.EXP_LOW, under).blend(0f, x.compare(VectorOperators.GT, 0f));
            FloatVector t = c.mul(Activations.LOG2E).add(Activations.ROUNDER);
            FloatVector k = t.sub(Activations.ROUNDER);
            FloatVector r = c.sub(k.mul(Activations.LN2_HI)).sub(k.mul(Activations.LN2_LO));
            FloatVector y = r.mul(Activations.E5).add(Activations.E4).mul(r).add(Activations.E3).mul(r).add(Activations.E2)
                    .mul(r).add(Activations.E1).mul(r).add(Activations.E0).mul(r.mul(r)).add(r).add(1f);
            FloatVector twoToK = t.reinterpretAsInts().sub(Activations.ROUNDER_BITS_LESS_BIAS)
                    .lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            y.mul(twoToK).blend(0f, under).intoArray(dst, dstOff + i);
        }
        for (; i < len; i++) dst[dstOff + i] = Activations.expNonPositive(src[srcOff + i] - shift);
    }

    /** a[i] = outScale·tanh(inScale·a[i]) + outShift, each operation rounded as {@link Activations#tanh(float)} rounds it. */
    private static void tanhScaled(float[] a, int off, int len, float inScale, float outScale, float outShift) {
        int i = off, end = off + len;
        for (int vend = off + S.loopBound(len); i < vend; i += S.length()) {
            FloatVector x = FloatVector.fromArray(S, a, i).mul(inScale);
            FloatVector c = x.blend(-Activations.CLAMP, x.compare(VectorOperators.LT, -Activations.CLAMP))
                    .blend(Activations.CLAMP, x.compare(VectorOperators.GT, Activations.CLAMP));
            FloatVector s = c.mul(c);
            FloatVector p = s.mul(Activations.P4).add(Activations.P3).mul(s).add(Activations.P2).mul(s).add(Activations.P1).mul(s).add(1f).mul(c);
            FloatVector q = s.mul(Activations.Q4).add(Activations.Q3).mul(s).add(Activations.Q2).mul(s).add(Activations.Q1).mul(s).add(1f);
            FloatVector t = p.div(q);
            t = t.blend(-1f, t.compare(VectorOperators.LT, -1f)).blend(1f, t.compare(VectorOperators.GT, 1f));
            t.mul(outScale).add(outShift).intoArray(a, i);
        }
        for (; i < end; i++) a[i] = outScale * Activations.tanh(inScale * a[i]) + outShift;
    }
}
