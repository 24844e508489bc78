package rnnlab.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;
import rnnlab.tasks.AddingProblem;
import rnnlab.tasks.AddingProblem1997;
import rnnlab.tasks.CharLanguageModel;
import rnnlab.tasks.ContinualReber;
import rnnlab.tasks.CopyMemory;
import rnnlab.tasks.EmbeddedReber;
import rnnlab.tasks.NoiseFreeLongLag;
import rnnlab.tasks.Task;
import rnnlab.tasks.TemporalOrder;
import rnnlab.tasks.VariableCopy;

/** The flags that choose a task: --task, its length T, and the flags of single tasks. */
final class TaskOptions {
    /** Every task name, in the order help and errors list them. */
    static final List<String> NAMES = List.of("adding", "adding-1997", "copy", "variable-copy", "hs97-lag",
            "temporal-order-a", "temporal-order-b", "reber", "reber-continual", "text");

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
            HS97 #n: Hochreiter & Schmidhuber 1997, experiment n. A run prints the task's
            metric, its memoryless baseline, and whether the task's own criterion of
            success is met (README, section Tasks).""";

    @Option(names = "--task", defaultValue = "adding", paramLabel = "NAME",
            description = "The task, one of the list below (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = {"--length", "-T"}, defaultValue = "100",
            description = "The task's length T; what it measures for each task is in the list below (default: ${DEFAULT-VALUE}).")
    int length;

    @Option(names = "--text", paramLabel = "FILE", description = "The UTF-8 text file of --task text.")
    Path text;

    @Option(names = "--holdout", paramLabel = "FRACTION",
            description = "--task text: the fraction of the text held out at its end for validation (default: 0.1).")
    Double holdout;

    @Option(names = "--test-length", paramLabel = "SYMBOLS",
            description = "--task reber-continual: the symbols of each of the 10 test streams (default: 100000).")
    Integer testLength;

    /** The task these flags name; IllegalArgumentException names a bad name, flag or value. */
    Task task() {
        String key = name.toLowerCase(Locale.ROOT);
        onlyFor(text != null, "--text", "text", key);
        onlyFor(holdout != null, "--holdout", "text", key);
        onlyFor(testLength != null, "--test-length", "reber-continual", key);
        return create(key, length, text, holdout, testLength);
    }

    private static void onlyFor(boolean given, String flag, String task, String chosen) {
        if (given && !task.equals(chosen)) throw new IllegalArgumentException(flag + " applies to --task " + task + " only");
    }

    /** The task of that name with default settings beyond T (the demo and gradflow use this). */
    static Task create(String name, int length) {
        return create(name.toLowerCase(Locale.ROOT), length, null, null, null);
    }

    private static Task create(String name, int length, Path text, Double holdout, Integer testLength) {
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

    private static Task textTask(Path text, int length, Double holdout) {
        if (text == null) throw new IllegalArgumentException("--task text needs --text FILE, a UTF-8 text file");
        return CharLanguageModel.fromFile(text, length, holdout == null ? CharLanguageModel.DEFAULT_HOLDOUT : holdout);
    }
}
