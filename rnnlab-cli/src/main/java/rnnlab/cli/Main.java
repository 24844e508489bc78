package rnnlab.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code rnnlab} command. Exit codes: 0 success, 1 a failure while running, 2 a usage error
 * (bad flag or value, missing or malformed input), each reported in one line on stderr.
 */
@Command(name = "rnnlab",
        mixinStandardHelpOptions = true,
        versionProvider = Versions.class,
        description = "Recurrent networks trained by backpropagation through time, with the gradient flow made visible.",
        subcommands = {DemoCommand.class, TrainCommand.class, GradflowCommand.class, ExperimentCommand.class,
                PredictCommand.class, SampleCommand.class, ExportCommand.class, ImportCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    static final int USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler(Main::badUsage);
        cli.setExecutionExceptionHandler(Main::failed);
        return cli.execute(args);
    }

    /** A bad flag or value: one line naming it and where help is, exit code 2. */
    private static int badUsage(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        cmd.getErr().println("rnnlab: " + e.getMessage() + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
        return USAGE;
    }

    /** An error while running: bad input data or settings give 2, anything else 1; one line each. */
    private static int failed(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        if (e instanceof IllegalArgumentException || e instanceof UsageException) {
            cmd.getErr().println("rnnlab: " + e.getMessage());
            return USAGE;
        }
        if (e instanceof RunFailure) {
            cmd.getErr().println("rnnlab: " + e.getMessage());
            return 1;
        }
        cmd.getErr().println("rnnlab: " + cmd.getCommandName() + " failed: " + e);
        if (System.getenv("RNNLAB_DEBUG") != null) e.printStackTrace(cmd.getErr());
        return 1;
    }

    /** A run that failed for a reason the message explains in full (a diverged training run). */
    static final class RunFailure extends RuntimeException {
        RunFailure(String message) {
            super(message);
        }
    }

    /** A usage problem found while running (a missing file, an unwritable directory). */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
