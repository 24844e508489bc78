package rnnlab.reference;

/**
 * One recurrent layer's four PyTorch tensors, row-major: {@code weightIh} [G·H, I],
 * {@code weightHh} [G·H, H], {@code biasIh} [G·H], {@code biasHh} [G·H]. The same record
 * holds the gradients of these tensors during a backward pass.
 */
record LayerWeights(int inputSize, int hiddenSize, double[] weightIh, double[] weightHh, double[] biasIh, double[] biasHh) {

    /** Zeroed tensors of the same shapes, for accumulating gradients. */
    LayerWeights zerosLike() {
        return new LayerWeights(inputSize, hiddenSize, new double[weightIh.length], new double[weightHh.length],
                new double[biasIh.length], new double[biasHh.length]);
    }
}
