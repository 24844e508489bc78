package rnnlab.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Option;
import rnnlab.tasks.AddingProblem;
import rnnlab.tasks.AddingProblem1997;
import rnnlab.tasks.CharLanguageModel;
import rnnlab.tasks.ContinualReber;
import rnnlab.tasks.CopyMemory;
import rnnlab.tasks.EmbeddedReber;
import rnnlab.tasks.NoiseFreeLongLag;
import rnnlab.tasks.NpzData;
import rnnlab.tasks.SequentialImages;
import rnnlab.tasks.Task;
import rnnlab.tasks.TemporalOrder;
import rnnlab.tasks.VariableCopy;
import rnnlab.tasks.Verdict;

/** The flags that choose a task: --task, its length T, and the flags of single tasks. */
final class TaskOptions {
    /** Every task name, in the order help and errors list them. */
    static final List<String> NAMES = List.of("adding", "adding-1997", "copy", "variable-copy", "hs97-lag",
            "temporal-order-a", "temporal-order-b", "reber", "reber-continual", "text", "fmnist-rows", "fmnist-pixels",
            "fmnist-permuted", "data");
    /** The tasks whose T the data fixes: -T is refused for them. */
    private static final List<String> DATA_TASKS = List.of("fmnist-rows", "fmnist-pixels", "fmnist-permuted", "data");
    private static final List<String> IMAGE_TASKS = DATA_TASKS.subList(0, 3);
    private static final int DEFAULT_LENGTH = 100;

    /** The tasks and what T is for each, for the help's footer. */
    static final String HELP = """
            Tasks (--task NAME; T is --length):
              adding            sum of 2 marked values among T, one mark per half
                                (Le, Jaitly & Hinton 2015)
              adding-1997       0.5 + (X1+X2)/4, lengths T..T+T/10, both marks in the
                                first half (HS97 #4)
              copy              recall 10 symbols after a lag of T; T+20 steps
                                (Arjovsky et al. 2016)
              variable-copy     copy with 1..T blanks before the delimiter
                                (Henaff et al. 2016)
              hs97-lag          next of p+1 symbols; the last repeats the first, p = T
                                steps back (HS97 #2a)
              temporal-order-a  class of the order of 2 symbols X/Y in T..T+T/10 steps,
                                4 classes (HS97 #6a)
              temporal-order-b  the same with 3 symbols, 8 classes (HS97 #6b)
              reber             legal next symbols of embedded Reber strings of at most
                                T steps (HS97 #1)
              reber-continual   the same on an unsegmented stream, windows of T; tested
                                at the end, never reset, on 10 streams of --test-length
                                symbols (Gers, Schmidhuber & Cummins 2000)
              text              next character of --text FILE, windows of T; bits/char
                                on its held-out tail
              fmnist-rows       Fashion-MNIST class, an image row per step (T = 28);
                                test accuracy at the end (--data-dir,
                                --validation-images)
              fmnist-pixels     the same, a pixel per step (T = 784)
              fmnist-permuted   the same, pixels in a seeded permuted order
                                (--permutation-seed)
              data              your own x [N, T, I] and y in --data FILE.npz; float y
                                is regression, integer y classes (--validation-split,
                                --classes)
            HS97 #n: Hochreiter & Schmidhuber 1997, experiment n. A run prints the task's
            metric, its memoryless baseline, and whether the task's own criterion of
            success is met (README, section Tasks).""";

    @Option(names = "--task", defaultValue = "adding", paramLabel = "NAME",
            description = "The task, one of the list below (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = {"--length", "-T"},
            description = "The task's length T; what it measures for each task is in the list below (default: 100; "
                    + "the data tasks take T from their data).")
    Integer length;

    @Option(names = "--text", paramLabel = "FILE", description = "The UTF-8 text file of --task text.")
    Path text;

    @Option(names = "--holdout", paramLabel = "FRACTION",
            description = "--task text: the fraction of the text held out at its end for validation (default: 0.1).")
    Double holdout;

    @Option(names = "--test-length", paramLabel = "SYMBOLS",
            description = "--task reber-continual: the symbols of each of the 10 test streams (default: 100000).")
    Integer testLength;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "--task fmnist-*: the directory of the MNIST-format IDX files (default: Debian's "
                    + "/usr/share/datasets/fashion-mnist).")
    Path dataDir;

    @Option(names = "--validation-images", paramLabel = "N",
            description = "--task fmnist-*: the images held out at the end of the training file for validation (default: 5000).")
    Integer validationImages;

    @Option(names = "--permutation-seed", paramLabel = "SEED",
            description = "--task fmnist-permuted: the seed of the pixel order (default: 0).")
    Long permutationSeed;

    @Option(names = "--data", paramLabel = "FILE",
            description = "--task data: the .npz file with x [N, T, I], y, and optionally lengths [N].")
    Path data;

    @Option(names = "--validation-split", paramLabel = "FRACTION",
            description = "--task data: the fraction of the sequences held out for validation (default: 0.1).")
    Double validationSplit;

    @Option(names = "--classes", paramLabel = "K",
            description = "--task data: the number of classes of integer y (default: the largest label + 1).")
    Integer classes;

    /** The task these flags name; IllegalArgumentException names a bad name, flag or value. */
    Task task() {
        String key = name.toLowerCase(Locale.ROOT);
        onlyFor(text != null, "--text", List.of("text"), key);
        onlyFor(holdout != null, "--holdout", List.of("text"), key);
        onlyFor(testLength != null, "--test-length", List.of("reber-continual"), key);
        onlyFor(dataDir != null, "--data-dir", IMAGE_TASKS, key);
        onlyFor(validationImages != null, "--validation-images", IMAGE_TASKS, key);
        onlyFor(permutationSeed != null, "--permutation-seed", List.of("fmnist-permuted"), key);
        onlyFor(data != null, "--data", List.of("data"), key);
        onlyFor(validationSplit != null, "--validation-split", List.of("data"), key);
        onlyFor(classes != null, "--classes", List.of("data"), key);
        if (length != null && DATA_TASKS.contains(key))
            throw new IllegalArgumentException("--length does not apply to --task " + key + ": its data fix the sequence length");
        if (IMAGE_TASKS.contains(key)) return imageTask(key, dataDir, validationImages, permutationSeed);
        if (key.equals("data")) return dataTask(data, validationSplit, classes);
        return create(key, length == null ? DEFAULT_LENGTH : length, text, holdout, testLength);
    }

    private static void onlyFor(boolean given, String flag, List<String> tasks, String chosen) {
        if (given && !tasks.contains(chosen))
            throw new IllegalArgumentException(flag + " applies to --task " + (tasks.size() == 1 ? tasks.getFirst()
                    : String.join(", ", tasks.subList(0, tasks.size() - 1)) + " and " + tasks.getLast()) + " only");
    }

    /** The task of that name with default settings beyond T (the demo and gradflow use this). */
    static Task create(String name, int length) {
        return create(name.toLowerCase(Locale.ROOT), length, null, null, null);
    }

    private static Task create(String name, int length, Path text, Double holdout, Integer testLength) {
        if (IMAGE_TASKS.contains(name)) return imageTask(name, null, null, null);
        if (name.equals("data")) return dataTask(null, null, null);
        if (length < 1) throw new IllegalArgumentException("--length must be at least 1, got " + length);
        return switch (name) {
            case "adding" -> new AddingProblem(length);
            case "adding-1997" -> new AddingProblem1997(length);
            case "copy" -> new CopyMemory(length);
            case "variable-copy" -> new VariableCopy(length);
            case "hs97-lag" -> new NoiseFreeLongLag(length);
            case "temporal-order-a" -> TemporalOrder.twoSymbols(length);
            case "temporal-order-b" -> TemporalOrder.threeSymbols(length);
            case "reber" -> new EmbeddedReber(length);
            case "reber-continual" -> new ContinualReber(length, ContinualReber.TEST_STREAMS,
                    testLength == null ? ContinualReber.TEST_LENGTH : testLength);
            case "text" -> textTask(text, length, holdout);
            default -> throw new IllegalArgumentException("unknown task '" + name + "': use "
                    + String.join(", ", NAMES.subList(0, NAMES.size() - 1)) + " or " + NAMES.getLast());
        };
    }

    private static Task imageTask(String name, Path dir, Integer validationImages, Long permutationSeed) {
        SequentialImages.Mode mode = switch (name) {
            case "fmnist-rows" -> SequentialImages.Mode.ROWS;
            case "fmnist-pixels" -> SequentialImages.Mode.PIXELS;
            default -> SequentialImages.Mode.PERMUTED;
        };
        try {
            return SequentialImages.load(dir == null ? SequentialImages.DEFAULT_DIRECTORY : dir, mode,
                    validationImages == null ? SequentialImages.DEFAULT_VALIDATION_IMAGES : validationImages,
                    permutationSeed == null ? SequentialImages.DEFAULT_PERMUTATION_SEED : permutationSeed);
        } catch (SequentialImages.NotFoundException e) {
            throw new IllegalArgumentException(e.message("give --data-dir DIR with"));
        }
    }

    private static Task dataTask(Path data, Double validationSplit, Integer classes) {
        if (data == null) throw new IllegalArgumentException("--task data needs --data FILE, a .npz file with x [N, T, I] and y");
        return NpzData.load(data, validationSplit == null ? NpzData.DEFAULT_VALIDATION_SPLIT : validationSplit,
                classes == null ? 0 : classes);
    }

    /** A line on a data-backed task's data, printed before training; empty for the generated tasks. */
    static Optional<String> dataLine(Task t) {
        if (t instanceof SequentialImages images) return Optional.of(images.description());
        if (t instanceof NpzData data) return Optional.of(data.description());
        return Optional.empty();
    }

    /**
     * The test accuracy of an image task, from its verdict (which classified the test set), printed
     * after training; empty for the other tasks.
     */
    static Optional<String> testLine(Task t, Verdict verdict) {
        if (!(t instanceof SequentialImages images) || verdict.judged() == 0) return Optional.empty();
        return Optional.of(String.format(Locale.ROOT, "test accuracy %.4f: %,d of %,d test images (memoryless baseline %.4f)",
                (double) verdict.correct() / verdict.judged(), verdict.correct(), verdict.judged(), images.testBaseline()));
    }

    private static Task textTask(Path text, int length, Double holdout) {
        if (text == null) throw new IllegalArgumentException("--task text needs --text FILE, a UTF-8 text file");
        return CharLanguageModel.fromFile(text, length, holdout == null ? CharLanguageModel.DEFAULT_HOLDOUT : holdout);
    }
}
