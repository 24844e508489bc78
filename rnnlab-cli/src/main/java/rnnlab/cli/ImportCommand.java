package rnnlab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import rnnlab.math.Blas;
import rnnlab.model.ModelFile;
import rnnlab.nn.CellType;
import rnnlab.nn.NetworkConfig;

/** {@code rnnlab import}: turns a PyTorch state dict into rnnlab's model file. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Read a PyTorch nn.RNN/nn.LSTM/nn.GRU state dict saved with",
                "safetensors.torch.save_file (optionally inside a module, with one nn.Linear as",
                "the readout) and write rnnlab's model file. The cell follows from the shapes:",
                "weight_hh rows = 4H LSTM, 3H GRU, H RNN."})
final class ImportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "FILE.safetensors", description = "The PyTorch state dict.")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "MODEL.safetensors", description = "rnnlab's model file to write.")
    Path output;

    @Option(names = "--rnn-relu", description = "An nn.RNN was built with nonlinearity='relu' (the file cannot say).")
    boolean rnnRelu;

    @Override
    public Integer call() throws Exception {
        ModelFile.Loaded m = CliFiles.loadModel("--input", input, rnnRelu, Blas.get());
        NetworkConfig c = m.network().config();
        CliFiles.write("--output", output, () -> ModelFile.save(output, m.network(), m.hasReadout()));
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%s: %s, %d layer%s, %d inputs, %d hidden units, %s%n", input,
                m.pytorch() ? "a PyTorch state dict" : "already an rnnlab model", c.layers(), c.layers() == 1 ? "" : "s",
                c.inputSize(), c.hiddenSize(), m.hasReadout() ? "a readout of " + c.outputSize() + " outputs"
                        : "no readout (the output is the top layer's hidden state)");
        out.println("cell: " + c.cell().cliName() + (c.cell() == CellType.RNN_TANH && !rnnRelu
                ? " (if the nn.RNN was built with nonlinearity='relu', import again with --rnn-relu)" : ""));
        out.println("wrote " + output);
        return 0;
    }
}
