package rnnlab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import rnnlab.io.DType;
import rnnlab.io.Npy;
import rnnlab.io.Npz;
import rnnlab.io.Tensor;
import rnnlab.model.ModelFile;
import rnnlab.model.Prediction;

/**
 * {@code rnnlab predict}: runs a model (rnnlab's file or a bare PyTorch state dict) on a batch of
 * sequences from a .npy file and writes the outputs, as PyTorch's {@code module(x, h0)} would.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Run a model on a batch of sequences: rnnlab's model file, or a bare PyTorch",
                "nn.RNN/nn.LSTM/nn.GRU state dict saved with safetensors (the cell follows from",
                "the shapes). Layouts are PyTorch's. float32 input runs in float32; float64 input",
                "runs wholly in float64; the outputs keep the input's dtype."})
final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE",
            description = "The model: rnnlab's .safetensors (model or checkpoint) or a PyTorch state dict.")
    Path model;

    @Option(names = "--rnn-relu", description = "A bare PyTorch nn.RNN was built with nonlinearity='relu' (the file cannot say).")
    boolean rnnRelu;

    @Option(names = "--input", required = true, paramLabel = "X.npy",
            description = "The sequences, float32 or float64, [T, B, I] (PyTorch's default), or [B, T, I] with --batch-first.")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "Y.npy",
            description = "Written: the readout's outputs [T, B, O] if the model has a readout, else the top layer's hidden states "
                    + "[T, B, H] (PyTorch's output); in the input's layout and dtype.")
    Path output;

    @Option(names = "--batch-first", description = "The input (and output) are [B, T, ·], as PyTorch's batch_first=True.")
    boolean batchFirst;

    @Option(names = "--lengths", paramLabel = "LENGTHS.npy",
            description = "Each sequence's length, integers in [1, T], [B]: later steps are padding (outputs zero; final states at the last real step).")
    Path lengths;

    @Option(names = "--h0", paramLabel = "H0.npy", description = "Initial hidden states [layers, B, H] (zeros if absent).")
    Path h0;

    @Option(names = "--c0", paramLabel = "C0.npy", description = "The LSTM's initial cell states [layers, B, H] (zeros if absent).")
    Path c0;

    @Option(names = "--final-state", paramLabel = "FILE.npz", description = "Also write the final states: h_n and, for the LSTM, c_n [layers, B, H].")
    Path finalState;

    @Mixin
    BlasOption blas = new BlasOption();

    @Override
    public Integer call() throws Exception {
        CliFiles.readable("--input", input);
        if (lengths != null) CliFiles.readable("--lengths", lengths);
        if (h0 != null) CliFiles.readable("--h0", h0);
        if (c0 != null) CliFiles.readable("--c0", c0);
        ModelFile.Loaded m = CliFiles.loadModel("--model", model, rnnRelu, blas.create());
        if (c0 != null && !m.network().config().cell().hasCellState())
            throw new IllegalArgumentException("--c0 given, but the model is a " + m.network().config().cell().cliName()
                    + ", which has no cell state; give --c0 only for an LSTM");
        Prediction.Result r = Prediction.run(m, new Prediction.Request(input, batchFirst, lengths, h0, c0));
        CliFiles.write("--output", output, () -> Npy.write(output, r.output()));
        if (finalState != null) CliFiles.write("--final-state", finalState, () -> Npz.write(finalState, r.finalState()));
        PrintWriter out = spec.commandLine().getOut();
        out.println(output + ": " + describe(r.output()) + (m.hasReadout() ? " (the readout's outputs)" : " (the top layer's hidden states)"));
        if (finalState != null)
            out.println(finalState + ": h_n" + (r.finalCell() != null ? ", c_n " : " ") + describe(r.finalHidden()));
        return 0;
    }

    static String describe(Tensor t) {
        return (t.dtype() == DType.F64 ? "float64 " : "float32 ") + Arrays.toString(t.shape());
    }
}
