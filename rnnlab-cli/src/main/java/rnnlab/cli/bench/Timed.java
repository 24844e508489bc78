package rnnlab.cli.bench;

/** Repetitions of a task timed one by one, and what they allocated together. */
record Timed(Stats millis, Allocations allocations) {

    /** Runs {@code task} {@code reps} times. */
    static Timed run(int reps, Runnable task) {
        double[] ms = new double[reps];
        Allocations start = Allocations.now();
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            task.run();
            ms[r] = (System.nanoTime() - t0) / 1e6;
        }
        Allocations used = Allocations.since(start);
        return new Timed(Stats.of(ms), used);
    }

    /** Heap bytes allocated per repetition. */
    double bytesPerRep() {
        return (double) allocations.bytes() / millis.n();
    }
}
