package rnnlab.nn;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shape of a network: a stack of {@code layers} recurrent layers of one cell type, each
 * {@code hiddenSize} wide, fed {@code inputSize} inputs per step, topped by a linear readout
 * {@code o_t = V h_t + b2} with {@code outputSize} outputs.
 */
public record NetworkConfig(CellType cell, int inputSize, int hiddenSize, int layers, int outputSize) {
    public NetworkConfig {
        if (cell == null) throw new IllegalArgumentException("cell must be given");
        if (inputSize < 1) throw new IllegalArgumentException("input size must be at least 1, got " + inputSize);
        if (hiddenSize < 1) throw new IllegalArgumentException("hidden size must be at least 1, got " + hiddenSize);
        if (layers < 1) throw new IllegalArgumentException("layers must be at least 1, got " + layers);
        if (outputSize < 1) throw new IllegalArgumentException("output size must be at least 1, got " + outputSize);
    }

    /** Input width of layer {@code l}: the data for layer 0, the layer below otherwise. */
    public int layerInputSize(int l) {
        return l == 0 ? inputSize : hiddenSize;
    }

    /** Total number of trainable scalars. */
    public long parameterCount() {
        long g = (long) cell.gates() * hiddenSize;
        long n = 0;
        for (int l = 0; l < layers; l++) n += g * layerInputSize(l) + g * hiddenSize + 2 * g;
        return n + (long) outputSize * hiddenSize + outputSize;
    }

    /**
     * Every parameter's name and shape, in PyTorch's order: per layer l {@code weight_ih_l{l}}
     * [G·H, I_l], {@code weight_hh_l{l}} [G·H, H], {@code bias_ih_l{l}}, {@code bias_hh_l{l}}
     * [G·H]; then {@code readout.weight} [O, H], {@code readout.bias} [O].
     */
    public Map<String, int[]> parameterShapes() {
        int gh = cell.gates() * hiddenSize;
        Map<String, int[]> shapes = new LinkedHashMap<>();
        for (int l = 0; l < layers; l++) {
            shapes.put("weight_ih_l" + l, new int[] {gh, layerInputSize(l)});
            shapes.put("weight_hh_l" + l, new int[] {gh, hiddenSize});
            shapes.put("bias_ih_l" + l, new int[] {gh});
            shapes.put("bias_hh_l" + l, new int[] {gh});
        }
        shapes.put("readout.weight", new int[] {outputSize, hiddenSize});
        shapes.put("readout.bias", new int[] {outputSize});
        return shapes;
    }
}
