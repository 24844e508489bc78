package rnnlab.cli.bench;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import rnnlab.cli.bench.BenchRun.BlasRun;

/** The benchmark as text: the machine, per BLAS a speed and a memory table, libtorch beside, the probe cost. */
public final class BenchTable {
    private BenchTable() {}

    /** Prints the whole run. */
    public static void print(PrintWriter o, BenchRun run) {
        header(o, run);
        for (BlasRun b : run.runs()) {
            o.printf(Locale.ROOT, "%nblas: %s%n", b.blas());
            o.printf(Locale.ROOT, "per-step products: %s%n", b.products());
            o.printf(Locale.ROOT, "cells: %s%n", b.cells());
            o.printf(Locale.ROOT, "engine: %d thread%s (the batch in shards of at least 8 sequences, each running the time loop on its own thread; "
                    + "where W_hh has 2 MiB or more, the shards step together, each forming part of every step's product)%s%n",
                    b.engineThreads(), b.engineThreads() == 1 ? "" : "s", b.lowMemory() ? "; low memory (gradients 16 steps at a time)" : "");
            o.printf(Locale.ROOT, "sgemm %s on it: %.1f GFLOP/s [%s, %s ms]%n", b.square().shape(), b.square().gflops(),
                    ms(b.square().millis().min()), ms(b.square().millis().max()));
            if (!b.rows().isEmpty()) {
                speed(o, b);
                memory(o, b);
            }
            if (!b.probes().isEmpty()) probes(o, b.probes());
        }
        peers(o, run);
        legend(o);
        o.flush();
    }

    private static void header(PrintWriter o, BenchRun run) {
        Machine m = run.machine();
        o.printf(Locale.ROOT, "rnnlab %s bench, %s%n", run.rnnlab(), m.date());
        o.printf(Locale.ROOT, "machine: %s; %d cores; %s; %s%n", m.cpu(), m.cores(), m.memory(), m.os());
        o.printf(Locale.ROOT, "java %s; load average at start %s%n", m.java(), m.load());
        o.printf(Locale.ROOT, "each figure: median of %d repetitions [min, max], %s%n", run.reps(), run.warmup() == 0
                ? "with no warm-up (a cold measurement)"
                : "after at least " + run.warmup() + " warm-up steps and until the JIT had compiled nothing for 1 s");
    }

    private static void speed(PrintWriter o, BlasRun b) {
        o.printf(Locale.ROOT, "%n%-5s %-26s %4s %9s %-17s %9s %-17s %12s %8s %8s %7s %6s%n", "cell", "I,H,B,T", "O",
                "train ms", " [min, max]", "infer ms", " [min, max]", "time steps/s", "GFLOP/s", "sgemm", "% sgemm", "steal");
        for (RowResult r : b.rows()) {
            o.printf(Locale.ROOT, "%-5s %-26s %4d %9s %-17s %9s %-17s %,12.0f %8.1f %8.1f %7.1f %6s%n", r.cell().cliName(),
                    r.config().label(), r.config().outputs(), ms(r.trainMs().median()), range(r.trainMs()),
                    ms(r.inferMs().median()), range(r.inferMs()), r.timeStepsPerSecond(), r.trainGflops(),
                    r.sgemm().gflops(), r.percentOfSgemm(), steal(r));
        }
        long noisy = b.rows().stream().filter(RowResult::noisy).count();
        if (noisy > 0)
            o.printf(Locale.ROOT, "%d of %d rows ran while the host stole %.0f %% or more of the CPUs' busy time (*): their times are "
                    + "longer than the code's; measure again when the machine is quieter%n", noisy, b.rows().size(), HostSteal.NOISY_PERCENT);
    }

    /** "3 %", "12 % *" where it slowed the row, "-" where unknown. */
    private static String steal(RowResult r) {
        if (Double.isNaN(r.stealPercent())) return "-";
        return String.format(Locale.ROOT, "%.0f %%", r.stealPercent()) + (r.noisy() ? "*" : "");
    }

    private static void memory(PrintWriter o, BlasRun b) {
        o.printf(Locale.ROOT, "%n%-5s %-26s %12s %11s %4s %10s %10s %6s %8s  %s%n", "cell", "I,H,B,T", "alloc B/step",
                "B/time step", "GCs", "act. MB", "min. MB", "×min", "RSS MB", "warm-up");
        for (RowResult r : b.rows()) {
            o.printf(Locale.ROOT, "%-5s %-26s %,12.0f %11.1f %4d %10.1f %10.1f %6.2f %8s  %s%n", r.cell().cliName(),
                    r.config().label(), r.bytesPerStep(), r.bytesPerTimeStep(), r.collections(), mb(r.memory().heldBytes()),
                    mb(r.memory().minimumBytes()), r.memory().ratio(),
                    r.peakRssBytes() < 0 ? "-" : String.format(Locale.ROOT, "%.0f", mb(r.peakRssBytes())), warmup(r.warmup()));
        }
    }

    /** "38 in 3.1 s", "(JIT busy)" added when it stopped at the cap; "none" for a cold measurement. */
    private static String warmup(Warmup w) {
        if (w.rounds() == 0) return "none";
        return String.format(Locale.ROOT, "%d in %.1f s%s", w.rounds(), w.seconds(), w.quiet() ? "" : " (JIT busy)");
    }

    private static void probes(PrintWriter o, List<ProbeCost> probes) {
        o.printf(Locale.ROOT, "%nprobe cost: the per-lag gradient norms every N training steps, as demo and gradflow run them%n");
        o.printf(Locale.ROOT, "%-5s %-26s %5s %10s %-19s %10s %-19s %7s %8s %7s %17s%n", "cell", "I,H,B,T", "N", "off ms/N",
                " [min, max]", "on ms/N", " [min, max]", "on/off", "probe ms", "probe/N", "analyse ms (steps)");
        for (ProbeCost p : probes) {
            o.printf(Locale.ROOT, "%-5s %-26s %5d %10s %-19s %10s %-19s %7.3f %8s %6.1f%% %10s (%4.1f)%n", p.cell().cliName(),
                    p.config().label(), p.every(), ms(p.offMs().median()), range(p.offMs()), ms(p.onMs().median()),
                    range(p.onMs()), p.ratio(), ms(p.normsMs().median()), 100 * p.overheadFromParts(),
                    ms(p.analyseMs().median()), p.analyseInSteps());
        }
        o.printf(Locale.ROOT, "on/off: rounds of N steps with the probe over rounds without, alternating; probe/N: one probe "
                + "timed alone over a round without; analyse (start and end only) in training steps%n");
    }

    /**
     * ms per training step of every run beside libtorch's: measured with rnnlab-peers when
     * {@code --peers} gave a file, else the figures from another machine.
     */
    private static void peers(PrintWriter o, BenchRun run) {
        PeerTimes peers = run.peers();
        List<RowResult> first = run.runs().isEmpty() ? List.of() : run.runs().getFirst().rows();
        if (first.stream().noneMatch(r -> peers.libtorchMs(r.cell(), r.config()).isPresent())) {
            if (peers.measured()) o.printf(Locale.ROOT, "%nno row of %s matches a row measured here%n", peers.source());
            return;
        }
        o.printf(Locale.ROOT, "%ntraining step beside %s%n", peers.source());
        o.printf(Locale.ROOT, "%-5s %-26s", "cell", "I,H,B,T");
        for (BlasRun b : run.runs()) o.printf(Locale.ROOT, " %10s", shortName(b.blas()) + " ms");
        o.printf(Locale.ROOT, " %11s %9s %8s%n", "libtorch ms", "ratio", "target");
        for (RowResult r : first) {
            OptionalDouble peer = peers.libtorchMs(r.cell(), r.config());
            if (peer.isEmpty()) continue;
            o.printf(Locale.ROOT, "%-5s %-26s", r.cell().cliName(), r.config().label());
            for (BlasRun b : run.runs())
                o.printf(Locale.ROOT, " %10s", b.row(r.cell(), r.config()).map(x -> ms(x.trainMs().median())).orElse("-"));
            o.printf(Locale.ROOT, " %11s %9.2f %8s%n", ms(peer.getAsDouble()),
                    peers.ratio(r.cell(), r.config(), r.trainMs().median()).orElseThrow(),
                    String.format(Locale.ROOT, "≤ %.2f", PeerFigures.target(r.config())));
        }
        o.printf(Locale.ROOT, peers.measured()
                ? "ratio: the first column over libtorch's; libtorch was measured apart from this run, so load may differ%n"
                : "ratio: the first column over libtorch's; the machines differ, so read it as a rough guide "
                  + "(--peers FILE for figures measured here: scripts/bench-peers)%n");
    }

    private static void legend(PrintWriter o) {
        o.println();
        o.println("train: one Trainer step (zero gradients, forward, linear head and softmax cross-entropy at every step, "
                + "backward, Adam), float32, one fixed batch");
        o.println("infer: one forward pass with the head at every step, no loss");
        o.println("GFLOP/s: the issue's count, 2·B·g·H·(I+H) per step forward (g = 4 LSTM, 3 GRU, 1 RNN), training 3× that");
        o.println("sgemm: GFLOP/s of one product [B·T × (I+H)]·[(I+H) × g·H]ᵀ, the forward FLOPs at once, same BLAS; "
                + "% sgemm: training GFLOP/s as a percentage of it");
        o.println("steal: percent of the time this machine's CPUs had work that the hypervisor gave to other guests, while "
                + "the row's warm-up and timed steps ran (/proc/stat); on a shared virtual machine the times grow with it");
        o.println("alloc: heap bytes the benchmark thread allocated in the timed training steps, per step and per time step "
                + "(/T); GCs: collections during them");
        o.println("act.: heap buffers a training pass keeps (measured); min.: what BPTT must keep (gate values, states "
                + "(the RNN's gate values are its states), GRU's W_hn·h, head outputs); RSS: peak resident set during the row");
        o.println("warm-up: untimed rounds (a training step and an inference pass) and their time, until the JIT had "
                + "compiled nothing for 3 rounds and 1 s (at most 60 s: \"JIT busy\")");
    }

    /** "openblas 0.3.21 system (...)" gives "openblas"; "java" stays. */
    private static String shortName(String blas) {
        int space = blas.indexOf(' ');
        return space < 0 ? blas : blas.substring(0, space);
    }

    /** Milliseconds to three significant figures or so: 0.123, 12.3, 1,234. */
    public static String ms(double v) {
        return String.format(Locale.ROOT, v >= 100 ? "%,.0f" : v >= 10 ? "%.1f" : "%.2f", v);
    }

    private static String range(Stats s) {
        return " [" + ms(s.min()) + ", " + ms(s.max()) + "]";
    }

    private static double mb(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
