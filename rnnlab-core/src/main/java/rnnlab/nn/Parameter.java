package rnnlab.nn;

import java.util.Arrays;

/**
 * A named weight tensor and its gradient, row-major {@code float[]}.
 *
 * <p>Names and shapes follow PyTorch ({@code weight_ih_l0} [G·H, I], {@code weight_hh_l0}
 * [G·H, H], {@code bias_ih_l0} [G·H], {@code bias_hh_l0} [G·H]; the readout is
 * {@code readout.weight} [O, H] and {@code readout.bias} [O]).
 */
public final class Parameter {
    private final String name;
    private final int[] shape;
    private final float[] value;
    private final float[] grad;

    public Parameter(String name, int... shape) {
        this.name = name;
        this.shape = shape.clone();
        int size = 1;
        for (int d : shape) size = Math.multiplyExact(size, d);
        this.value = new float[size];
        this.grad = new float[size];
    }

    public String name() {
        return name;
    }

    /** The shape; a copy. */
    public int[] shape() {
        return shape.clone();
    }

    /** Rows of a matrix (the first dimension). */
    public int rows() {
        return shape[0];
    }

    /** Columns of a matrix (the last dimension); 1 for a vector. */
    public int cols() {
        return shape.length == 1 ? 1 : shape[shape.length - 1];
    }

    public int size() {
        return value.length;
    }

    /** The values, shared (not copied): optimisers and initialisers write them in place. */
    public float[] value() {
        return value;
    }

    /** The accumulated gradient dL/d(value), shared (not copied). */
    public float[] grad() {
        return grad;
    }

    public void zeroGrad() {
        Arrays.fill(grad, 0f);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
