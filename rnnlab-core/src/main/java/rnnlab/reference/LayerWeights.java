package rnnlab.reference;

/**
 * One recurrent layer's four PyTorch tensors, row-major: {@code weightIh} [G·H, I],
 * {@code weightHh} [G·H, H], {@code biasIh} [G·H], {@code biasHh} [G·H]. The same record
 * holds the gradients of these tensors during a backward pass. The arrays are shared, not copied.
 */
record LayerWeights(int inputSize, int hiddenSize, double[] weightIh, double[] weightHh, double[] biasIh, double[] biasHh) {}
