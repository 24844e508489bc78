/**
 * Networks and training runs on disk, in safetensors files with PyTorch's names and layout.
 *
 * <p>{@link rnnlab.model.ModelFile} saves a network (its configuration as JSON in the file's
 * {@code __metadata__}) and loads rnnlab's own files or bare PyTorch {@code nn.RNN},
 * {@code nn.LSTM} and {@code nn.GRU} state dicts, inferring the cell from the shapes.
 * {@link rnnlab.model.CheckpointStore} keeps a run's last checkpoints in a directory, each written
 * atomically, and finds the newest one that reads back whole. Imports {@code io}, {@code nn} and
 * {@code train}.
 */
package rnnlab.model;
