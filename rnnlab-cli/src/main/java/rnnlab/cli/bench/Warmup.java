package rnnlab.cli.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/**
 * A row's warm-up: rounds (a training step and an inference pass) until the JIT has finished
 * compiling the engine. None if {@code minRounds} is 0 (a cold measurement); else at least
 * {@code minRounds}, then on until no compilation has finished for {@link #QUIET_ROUNDS} rounds
 * and {@link #QUIET_NANOS} in a row (the JVM's total compilation time unchanged); at most
 * {@link #MAX_NANOS}. C2 compiles the vector kernels and
 * cells over seconds, and a step timed meanwhile shares the cores with the compiler: at the
 * char-LM shape, LSTM, 2 threads, steps 11 to 40 ran 80–130 ms, steps from the 40th on 70–75.
 *
 * @param rounds the rounds run
 * @param seconds how long they took
 * @param quiet whether the JIT was quiet at the end (false: stopped at {@link #MAX_NANOS}, or the
 *     JVM does not report its compilation time)
 */
public record Warmup(int rounds, double seconds, boolean quiet) {
    static final int QUIET_ROUNDS = 3;
    static final long QUIET_NANOS = 1_000_000_000L;
    static final long MAX_NANOS = 60_000_000_000L;

    /** The clocks the warm-up reads (the JVM's in {@link #run(Runnable, int)}, a script's in tests). */
    interface Meter {
        long wallNanos();

        /** The JIT's total compilation time so far, in ms; -1 where the JVM does not report it. */
        long compileMillis();
    }

    /** Runs {@code round} as described above, reading the JVM's clocks. */
    public static Warmup run(Runnable round, int minRounds) {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean reported = jit != null && jit.isCompilationTimeMonitoringSupported();
        return run(round, minRounds, new Meter() {
            @Override
            public long wallNanos() {
                return System.nanoTime();
            }

            @Override
            public long compileMillis() {
                return reported ? jit.getTotalCompilationTime() : -1;
            }
        });
    }

    static Warmup run(Runnable round, int minRounds, Meter meter) {
        if (minRounds == 0) return new Warmup(0, 0, false);
        long start = meter.wallNanos(), quietSince = start, compiled = meter.compileMillis();
        if (compiled < 0) { // nothing to wait for: the rounds asked for
            for (int i = 0; i < minRounds; i++) round.run();
            return new Warmup(minRounds, (meter.wallNanos() - start) / 1e9, false);
        }
        int rounds = 0, quietRounds = 0;
        while (true) {
            round.run();
            rounds++;
            long now = meter.wallNanos(), compiledNow = meter.compileMillis();
            if (compiledNow != compiled) {
                quietRounds = 0;
                quietSince = now;
                compiled = compiledNow;
            } else {
                quietRounds++;
            }
            boolean quiet = quietRounds >= QUIET_ROUNDS && now - quietSince >= QUIET_NANOS;
            if (rounds >= minRounds && (quiet || now - start >= MAX_NANOS)) {
                return new Warmup(rounds, (now - start) / 1e9, quiet);
            }
        }
    }
}
