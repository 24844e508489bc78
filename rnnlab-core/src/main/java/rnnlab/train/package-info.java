/**
 * What a training loop uses between the backward pass and the next batch, in this order:
 * <pre>{@code
 * ClipResult clip = clipping.apply(params);              // before the step, always measured
 * optimizer.step(params, schedule.at(step));             // 0-based step
 * }</pre>
 * {@link rnnlab.train.Optimizer} (sgd, nesterov, adam, adamw, rmsprop with PyTorch's semantics
 * and checkpointable {@link rnnlab.train.OptimizerState}), {@link rnnlab.train.Clipping} (none,
 * norm:MAX, value:MAX) and {@link rnnlab.train.LearningRateSchedule} (constant, step:N:GAMMA,
 * cosine[:MIN], with an optional ,warmup:W) are parsed from the command line's strings.
 * The optimiser neither clears nor clips the gradients.
 */
package rnnlab.train;
