package rnnlab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import rnnlab.io.AtomicFiles;
import rnnlab.math.Rng;
import rnnlab.model.ModelFile;
import rnnlab.tasks.TextSampler;

/**
 * {@code rnnlab sample}: writes text with a character-level language model that
 * {@code train --task text} saved (its model file carries the vocabulary).
 */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = {"Write text with a character-level language model trained by",
                "`rnnlab train --task text --text FILE`: the model reads the prime, then each",
                "character drawn from softmax(outputs / temperature) is fed back as the next input."})
final class SampleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE",
            description = "The model.safetensors that `train --task text` wrote.")
    Path model;

    @Option(names = "--length", defaultValue = "500", paramLabel = "N",
            description = "Characters to write after the prime (default: ${DEFAULT-VALUE}).")
    int length;

    @Option(names = "--temperature", defaultValue = "1", paramLabel = "TAU",
            description = "1 samples the model's distribution, below 1 sharpens it, above 1 flattens it, 0 always takes "
                    + "the likeliest character (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--prime", paramLabel = "TEXT",
            description = "Text the model reads before it writes; every character must occur in its training text "
                    + "(default: a line break).")
    String prime;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the draws (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--output", paramLabel = "FILE", description = "Also write the text (prime included) to this file, UTF-8.")
    Path output;

    @Mixin
    BlasOption blas = new BlasOption();

    @Override
    public Integer call() throws Exception {
        if (length < 0) throw new IllegalArgumentException("--length must not be negative, got " + length);
        if (!(temperature >= 0) || Double.isInfinite(temperature))
            throw new IllegalArgumentException("--temperature must be a finite number ≥ 0, got " + temperature);
        ModelFile.Loaded m = CliFiles.loadModel("--model", model, false, blas.create());
        int[] vocabulary = ModelFile.vocabulary(model);
        if (vocabulary == null)
            throw new IllegalArgumentException("--model " + model + " has no vocabulary: sample needs a model that "
                    + "`rnnlab train --task text --text FILE` saved");
        TextSampler sampler = new TextSampler(m.network(), vocabulary);
        if (prime == null && java.util.Arrays.binarySearch(vocabulary, '\n') < 0)
            throw new IllegalArgumentException("the model's text has no line break to start from: give --prime TEXT");
        String text = sampler.sample(prime != null ? prime : "\n", length, temperature, Rng.create(seed));
        if (output != null) CliFiles.write("--output", output, () -> AtomicFiles.write(output, text));
        PrintWriter out = spec.commandLine().getOut();
        out.println(text);
        out.flush();
        return 0;
    }
}
