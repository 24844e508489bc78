package rnnlab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import rnnlab.math.Blas;
import rnnlab.model.ModelFile;
import rnnlab.nn.NetworkConfig;

/** {@code rnnlab export}: writes a model as a bare PyTorch state dict in safetensors. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write a model as a PyTorch state dict (safetensors, float32, PyTorch's names)",
                "for model.load_state_dict(safetensors.torch.load_file(FILE)). By default only",
                "the recurrent module, which nn.RNN/nn.LSTM/nn.GRU loads as it is; --prefix rnn.",
                "--readout-name fc adds the readout, for a module with self.rnn and self.fc."})
final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "The model: rnnlab's .safetensors or a PyTorch state dict.")
    Path model;

    @Option(names = "--rnn-relu", description = "A bare PyTorch nn.RNN given as --model was built with nonlinearity='relu'.")
    boolean rnnRelu;

    @Option(names = "--output", required = true, paramLabel = "FILE.safetensors", description = "The state dict to write.")
    Path output;

    @Option(names = "--prefix", defaultValue = "", paramLabel = "PREFIX",
            description = "Put before each recurrent tensor's name, e.g. rnn. for a module's self.rnn (default: none).")
    String prefix;

    @Option(names = "--readout-name", defaultValue = "none", paramLabel = "NAME",
            description = "The readout's module name, e.g. fc (fc.weight, fc.bias), or none to leave it out (default: ${DEFAULT-VALUE}).")
    String readoutName;

    @Override
    public Integer call() throws Exception {
        ModelFile.Loaded m = CliFiles.loadModel("--model", model, rnnRelu, Blas.get());
        String readout = readoutName.equals("none") ? null : readoutName.endsWith(".") ? readoutName.substring(0, readoutName.length() - 1) : readoutName;
        if (readout != null && !m.hasReadout())
            throw new IllegalArgumentException("--readout-name " + readoutName + ": " + model + " has no readout; leave out --readout-name");
        NetworkConfig c = m.network().config();
        String module = ModelFile.pytorchModule(c);
        List<String> names = new java.util.ArrayList<>();
        CliFiles.write("--output", output, () -> names.addAll(ModelFile.exportPyTorch(output, m.network(), prefix, readout)));
        PrintWriter out = spec.commandLine().getOut();
        out.println(output + ": " + names.size() + " tensors (" + names.getFirst() + " … " + names.getLast() + ")");
        out.println("recurrent module: " + module + (prefix.isEmpty() ? "" : ", as " + prefix.substring(0, prefix.length() - 1)));
        if (readout != null) out.println("readout: nn.Linear(" + c.hiddenSize() + ", " + c.outputSize() + "), as " + readout);
        else if (m.hasReadout())
            out.println("readout not exported (" + c.outputSize() + " outputs): add --prefix rnn. --readout-name fc to include it");
        out.println("in Python: model.load_state_dict(safetensors.torch.load_file('" + output + "'))");
        return 0;
    }
}
