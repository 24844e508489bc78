package rnnlab.peers;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.recurrent.GRU;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.nn.recurrent.RNN;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.pytorch.jni.LibUtils;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The speed issue's step measured with libtorch through DJL, on this machine: a one-layer
 * LSTM, GRU or RNN (tanh) block of DJL (libtorch's own {@code torch::lstm}/{@code gru}/{@code rnn_tanh}),
 * a linear head on every step, softmax cross-entropy over O classes, backward, Adam at 1e-3,
 * float32, through DJL's {@link Trainer} as a DJL user trains; one fixed random batch; warm-up,
 * then each timed step alone (median, min, max); and inference, the forward pass with the head,
 * no gradient recording.
 *
 * <p>Nothing is downloaded: {@code ai.djl.offline=true}, and libtorch comes from the
 * pytorch-native-cpu jar on the class path, which DJL extracts once into its cache
 * ({@code DJL_CACHE_DIR}, by default ~/.djl.ai). Threads: {@code --threads} sets libtorch's
 * intra-op threads ({@code ai.djl.pytorch.num_threads}, i.e. {@code torch::set_num_threads}),
 * inter-op threads 1; what libtorch reports afterwards is in the output.
 *
 * <pre>java -jar rnnlab-peers.jar [--cell lstm,gru,rnn] [--config I,H,B,T[,O]]... [--threads 2]
 *     [--warmup 10] [--reps 5] [--json FILE|-]</pre>
 * (--warmup: at least so many rounds, then on until the JIT is quiet, as rnnlab bench does: {@link #warmUp})
 */
public final class LibtorchBench {
    static final String DJL_VERSION = "0.34.0";

    private LibtorchBench() {}

    record Options(List<String> cells, List<PeerConfig> configs, int threads, int warmup, int reps, String json) {}

    public static void main(String[] args) throws IOException {
        Options o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("libtorch-bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        Map<String, Object> doc = run(o, System.err);
        String text = json().writeValueAsString(doc) + "\n";
        if ("-".equals(o.json)) {
            System.out.print(text);
        } else {
            print(System.out, doc);
            if (o.json != null) {
                Files.writeString(Path.of(o.json), text);
                System.out.println("wrote " + o.json);
            }
        }
        System.out.flush();
        // DJL's native threads can keep the JVM up; the work is done.
        System.exit(0);
    }

    static ObjectMapper json() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    static Options parse(String[] args) {
        List<String> cells = List.of("lstm", "gru", "rnn");
        List<PeerConfig> configs = new ArrayList<>();
        int threads = 2, warmup = 10, reps = 5;
        String json = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) throw new IllegalArgumentException("missing value after " + a);
            String v = args[++i];
            switch (a) {
                case "--cell" -> cells = Arrays.stream(v.split(",")).map(String::trim).toList();
                case "--config" -> configs.add(PeerConfig.parse(v));
                case "--threads" -> threads = Integer.parseInt(v);
                case "--warmup" -> warmup = Integer.parseInt(v);
                case "--reps" -> reps = Integer.parseInt(v);
                case "--json" -> json = v;
                default -> throw new IllegalArgumentException("unknown option " + a
                        + " (--cell, --config, --threads, --warmup, --reps, --json)");
            }
        }
        for (String c : cells)
            if (!List.of("lstm", "gru", "rnn").contains(c)) throw new IllegalArgumentException("unknown cell " + c + " (lstm, gru, rnn)");
        if (reps < 5) throw new IllegalArgumentException("--reps must be at least 5");
        if (threads < 1 || warmup < 0) throw new IllegalArgumentException("--threads at least 1, --warmup at least 0");
        return new Options(cells, configs.isEmpty() ? PeerConfig.DEFAULTS : configs, threads, warmup, reps, json);
    }

    /** Sets DJL up for offline use with the given threads, before the engine loads. */
    static Engine engine(int threads) {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        System.setProperty("ai.djl.pytorch.graph_optimizer", "false"); // TorchScript only; said so nothing logs it
        return Engine.getEngine("PyTorch");
    }

    /** Measures every cell at every shape, shapes outer; the whole output document. */
    static Map<String, Object> run(Options o, PrintStream progress) {
        String loadStart = Machine.loadAverage();
        Engine engine = engine(o.threads);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (PeerConfig c : o.configs) {
            for (String cell : o.cells) {
                Map<String, Object> row = measure(cell, c, o.warmup, o.reps);
                rows.add(row);
                @SuppressWarnings("unchecked")
                Map<String, Object> train = (Map<String, Object>) row.get("train_ms");
                progress.printf(Locale.ROOT, "libtorch %s %s: %.1f ms/step%n", cell, c.shape(), (double) train.get("median"));
            }
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("peer", "libtorch");
        doc.put("version", engine.getVersion());
        doc.put("via", "DJL " + DJL_VERSION + " (ai.djl.nn.recurrent blocks, Trainer, Adam)");
        doc.put("date", OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString());
        Map<String, Object> machine = Machine.describe();
        machine.put("load_average_start", loadStart);
        machine.put("load_average_end", Machine.loadAverage());
        doc.put("machine", machine);
        Map<String, Object> threads = new LinkedHashMap<>();
        threads.put("requested", o.threads);
        threads.put("intra_op", JniUtils.getNumThreads());
        threads.put("inter_op", JniUtils.getNumInteropThreads());
        threads.put("OMP_NUM_THREADS", System.getenv("OMP_NUM_THREADS"));
        threads.put("OMP_WAIT_POLICY", System.getenv("OMP_WAIT_POLICY")); // null: the OpenMP runtime's default
        doc.put("threads", threads);
        doc.put("libtorch_dir", LibUtils.getLibtorchPath()); // where DJL extracted libtorch from its jar
        doc.put("warmup_steps", o.warmup);
        doc.put("reps", o.reps);
        doc.put("rows", rows);
        return doc;
    }

    /**
     * The block: the recurrent layer and a linear head on every step. DJL's recurrent blocks are
     * batch-first by default; {@code optBatchFirst(false)} makes them time-major ([T, B, I]), as
     * rnnlab and PyTorch's default are.
     */
    static Block block(String cell, PeerConfig c) {
        Block recurrent = switch (cell) {
            case "lstm" -> LSTM.builder().setStateSize(c.hidden()).optBatchFirst(false).setNumLayers(1).optReturnState(false).build();
            case "gru" -> GRU.builder().setStateSize(c.hidden()).optBatchFirst(false).setNumLayers(1).optReturnState(false).build();
            case "rnn" -> RNN.builder().setStateSize(c.hidden()).optBatchFirst(false).setNumLayers(1).setActivation(RNN.Activation.TANH)
                    .optReturnState(false).build();
            default -> throw new IllegalArgumentException("unknown cell " + cell);
        };
        return new SequentialBlock().add(recurrent).add(Linear.builder().setUnits(c.outputs()).build());
    }

    /** One row: a fresh model, trainer and fixed batch; warm-up; timed training steps; timed inference passes. */
    static Map<String, Object> measure(String cell, PeerConfig c, int warmup, int reps) {
        try (Model model = Model.newInstance("peer-" + cell, Device.cpu(), "PyTorch")) {
            model.setBlock(block(cell, c));
            DefaultTrainingConfig config = new DefaultTrainingConfig(new SoftmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build())
                    .optDevices(new Device[] {Device.cpu()});
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(c.steps(), c.batch(), c.inputs()));
                NDManager manager = trainer.getManager();
                Random rng = new Random(2);
                float[] x = new float[c.steps() * c.batch() * c.inputs()];
                for (int i = 0; i < x.length; i++) x[i] = rng.nextFloat();
                long[] y = new long[c.steps() * c.batch()];
                for (int i = 0; i < y.length; i++) y[i] = rng.nextInt(c.outputs());
                NDArray input = manager.create(x, new Shape(c.steps(), c.batch(), c.inputs()));
                NDArray labels = manager.create(y, new Shape((long) c.steps() * c.batch())).toType(DataType.INT64, false);
                Step step = new Step(trainer, input, labels);
                double[] warmed = warmUp(() -> {
                    step.train();
                    step.infer();
                }, warmup);
                double[] train = time(reps, step::train);
                double[] infer = time(reps, step::infer);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("cell", cell);
                c.describe(row);
                row.put("train_ms", stats(train));
                row.put("infer_ms", stats(infer));
                row.put("time_steps_per_s", c.batch() * (double) c.steps() / (median(train) / 1e3));
                row.put("loss_after", step.lastLoss);
                row.put("warmup_rounds", (int) warmed[0]);
                row.put("warmup_seconds", warmed[1]);
                row.put("warmup_jit_quiet", warmed[2] == 1);
                return row;
            }
        }
    }

    /**
     * rnnlab bench's warm-up rule (rnnlab.cli.bench.Warmup; this module builds on no rnnlab
     * module, so it is restated here): none for 0 rounds; else at least {@code minRounds} rounds,
     * then on until the JIT has compiled nothing for 3 rounds and 1 s, at most 60 s. DJL's Java
     * side is compiled as rnnlab is: at the char-LM shape, LSTM, libtorch's median step after 60
     * warm-up rounds was 104 and 119 ms against 120 and 138 after 10.
     *
     * @return rounds, seconds, and 1 if the JIT was quiet at the end (else 0)
     */
    static double[] warmUp(Runnable round, int minRounds) {
        if (minRounds == 0) return new double[] {0, 0, 0};
        java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        boolean reported = jit != null && jit.isCompilationTimeMonitoringSupported();
        long start = System.nanoTime(), quietSince = start, compiled = reported ? jit.getTotalCompilationTime() : -1;
        int rounds = 0, quietRounds = 0;
        while (true) {
            round.run();
            rounds++;
            long now = System.nanoTime(), compiledNow = reported ? jit.getTotalCompilationTime() : -1;
            if (compiledNow != compiled) {
                quietRounds = 0;
                quietSince = now;
                compiled = compiledNow;
            } else {
                quietRounds++;
            }
            boolean quiet = reported && quietRounds >= 3 && now - quietSince >= 1_000_000_000L;
            if (rounds >= minRounds && (quiet || !reported || now - start >= 60_000_000_000L)) {
                return new double[] {rounds, (now - start) / 1e9, quiet ? 1 : 0};
            }
        }
    }

    /** What one timed repetition runs; each step's arrays live in a sub-manager closed after it. */
    static final class Step {
        final Trainer trainer;
        final NDArray input;
        final NDArray labels;
        float lastLoss = Float.NaN;

        Step(Trainer trainer, NDArray input, NDArray labels) {
            this.trainer = trainer;
            this.input = input;
            this.labels = labels;
        }

        /** Zero the gradients, forward, head, loss, backward, Adam. */
        void train() {
            try (NDManager scope = trainer.getManager().newSubManager()) {
                input.tempAttach(scope);
                labels.tempAttach(scope);
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDList out = trainer.forward(new NDList(input));
                    // [T, B, O] as [T·B, O] (a view): DJL's sparse pick wants the classes on the second axis
                    NDArray logits = out.head().reshape(-1, out.head().getShape().tail());
                    NDArray loss = trainer.getLoss().evaluate(new NDList(labels), new NDList(logits));
                    collector.backward(loss);
                    lastLoss = loss.getFloat();
                }
                trainer.step();
            }
        }

        /** Forward and the head, no gradient recording. */
        void infer() {
            try (NDManager scope = trainer.getManager().newSubManager()) {
                input.tempAttach(scope);
                NDList out = trainer.evaluate(new NDList(input));
                out.head().getFloat(0, 0, 0); // the result is read back, so the pass is complete
            }
        }
    }

    static double[] time(int reps, Runnable task) {
        double[] ms = new double[reps];
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            task.run();
            ms[r] = (System.nanoTime() - t0) / 1e6;
        }
        return ms;
    }

    static double median(double[] samples) {
        double[] s = samples.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }

    /** As rnnlab's bench JSON writes a timing: median, min, max, n. */
    static Map<String, Object> stats(double[] samples) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("median", median(samples));
        m.put("min", Arrays.stream(samples).min().orElseThrow());
        m.put("max", Arrays.stream(samples).max().orElseThrow());
        m.put("n", samples.length);
        return m;
    }

    @SuppressWarnings("unchecked")
    static void print(PrintStream out, Map<String, Object> doc) {
        Map<String, Object> machine = (Map<String, Object>) doc.get("machine");
        out.printf(Locale.ROOT, "libtorch %s via %s, %s%n", doc.get("version"), doc.get("via"), doc.get("date"));
        out.printf(Locale.ROOT, "machine: %s; load average %s at start, %s at end; threads %s%n", machine.get("cpu"),
                machine.get("load_average_start"), machine.get("load_average_end"), doc.get("threads"));
        out.printf(Locale.ROOT, "each figure: median of %s repetitions [min, max], after %s warm-up steps%n%n",
                doc.get("reps"), doc.get("warmup_steps"));
        out.printf(Locale.ROOT, "%-5s %-16s %4s %9s %-19s %9s %-19s%n", "cell", "I,H,B,T", "O", "train ms", " [min, max]",
                "infer ms", " [min, max]");
        for (Map<String, Object> r : (List<Map<String, Object>>) doc.get("rows")) {
            Map<String, Object> t = (Map<String, Object>) r.get("train_ms");
            Map<String, Object> i = (Map<String, Object>) r.get("infer_ms");
            out.printf(Locale.ROOT, "%-5s %-16s %4s %9.2f %-19s %9.2f %-19s%n", r.get("cell"),
                    r.get("inputs") + "," + r.get("hidden") + "," + r.get("batch") + "," + r.get("steps"), r.get("outputs"),
                    (double) t.get("median"), String.format(Locale.ROOT, " [%.2f, %.2f]", (double) t.get("min"), (double) t.get("max")),
                    (double) i.get("median"), String.format(Locale.ROOT, " [%.2f, %.2f]", (double) i.get("min"), (double) i.get("max")));
        }
    }
}
