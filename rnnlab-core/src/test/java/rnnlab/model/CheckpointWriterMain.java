package rnnlab.model;

import java.nio.file.Path;
import java.util.Map;
import rnnlab.math.Blas;
import rnnlab.nn.CellType;
import rnnlab.nn.NetworkConfig;
import rnnlab.nn.RecurrentNetwork;
import rnnlab.train.Checkpoint;
import rnnlab.train.OptimizerState;

/** The child of the crash test: writes ever newer checkpoints of a 4 MB network until killed. */
public final class CheckpointWriterMain {
    private CheckpointWriterMain() {}

    public static void main(String[] args) throws Exception {
        NetworkConfig c = new NetworkConfig(CellType.LSTM, 64, 448, 1, 8);
        RecurrentNetwork n = new RecurrentNetwork(c, Blas.get());
        Map<String, float[]> weights = new java.util.LinkedHashMap<>();
        n.parameters().forEach(p -> weights.put(p.name(), p.value()));
        CheckpointStore store = new CheckpointStore(Path.of(args[0]), 2);
        for (int step = 1; ; step++) {
            var history = new java.util.ArrayList<rnnlab.train.TrainingRun.StepRecord>();
            for (int s = 1; s <= step; s++) history.add(new rnnlab.train.TrainingRun.StepRecord(s, 1, 1, 1, 1, 1, 0, Double.NaN, s));
            store.save(new Checkpoint(step, "crash test", weights, new OptimizerState(step, Map.of()),
                    new long[] {1, 2, 3, 4}, 0, 0, step, history), c, Map.of());
        }
    }
}
