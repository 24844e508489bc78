/**
 * Networks and training runs on disk, in safetensors files with PyTorch's names and layout.
 *
 * <p>{@link rnnlab.model.ModelFile} saves a network (its configuration as JSON in the file's
 * {@code __metadata__}) and loads rnnlab's own files or bare PyTorch {@code nn.RNN},
 * {@code nn.LSTM} and {@code nn.GRU} state dicts, inferring the cell from the shapes; it also
 * exports a network as a bare PyTorch state dict. {@link rnnlab.model.Prediction} runs a loaded
 * network on sequences from .npy files, as PyTorch's {@code module(x, h0)} does (float64 data on
 * the double-precision reference). {@link rnnlab.model.CheckpointStore} keeps a run's last
 * checkpoints in a directory, each written atomically, and finds the newest one that reads back
 * whole. Imports {@code io}, {@code nn}, {@code reference} and {@code train}.
 */
package rnnlab.model;
