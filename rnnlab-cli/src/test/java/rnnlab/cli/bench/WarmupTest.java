package rnnlab.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link Warmup} on scripted clocks: each round takes 100 ms, and the JIT compiles in the rounds named. */
class WarmupTest {
    private static final long ROUND_NANOS = 100_000_000L;

    /** A clock that advances one round per run, and a compilation counter that moves in {@code busy}(round). */
    private static final class Script implements Warmup.Meter {
        final java.util.function.IntPredicate busy;
        long now, compiled;
        int rounds;

        Script(java.util.function.IntPredicate busy) {
            this.busy = busy;
        }

        void round() {
            rounds++;
            now += ROUND_NANOS;
            if (busy.test(rounds)) compiled += 7;
        }

        @Override
        public long wallNanos() {
            return now;
        }

        @Override
        public long compileMillis() {
            return compiled;
        }
    }

    @Test
    void goesOnUntilTheJitHasBeenQuietForASecond() {
        Script s = new Script(r -> r <= 25); // compiling through round 25
        Warmup w = Warmup.run(s::round, 10, s);
        // quiet from round 26 on; one second of quiet rounds is 10 of them: done after round 35
        assertEquals(35, w.rounds());
        assertEquals(35, s.rounds);
        assertEquals(3.5, w.seconds(), 1e-9);
        assertTrue(w.quiet());
    }

    @Test
    void runsAtLeastTheRoundsAskedFor() {
        Script s = new Script(r -> false);
        Warmup w = Warmup.run(s::round, 40, s);
        assertEquals(40, w.rounds());
        assertTrue(w.quiet());
    }

    @Test
    void aCompilationRestartsTheQuietSecond() {
        Script s = new Script(r -> r == 3 || r == 12);
        Warmup w = Warmup.run(s::round, 1, s);
        assertEquals(22, w.rounds());
    }

    @Test
    void stopsAtTheCapWhenTheJitNeverRests() {
        Script s = new Script(r -> r % 5 == 0);
        Warmup w = Warmup.run(s::round, 10, s);
        assertEquals(Warmup.MAX_NANOS / ROUND_NANOS, w.rounds());
        assertFalse(w.quiet());
    }

    @Test
    void zeroRoundsIsAColdMeasurementAndAnUnreportedJitGivesTheRoundsAskedFor() {
        Script s = new Script(r -> true);
        assertEquals(new Warmup(0, 0, false), Warmup.run(s::round, 0, s));
        assertEquals(0, s.rounds);
        Warmup.Meter silent = new Warmup.Meter() {
            @Override
            public long wallNanos() {
                return s.now;
            }

            @Override
            public long compileMillis() {
                return -1;
            }
        };
        Warmup w = Warmup.run(s::round, 4, silent);
        assertEquals(4, w.rounds());
        assertFalse(w.quiet());
    }

    @Test
    void theJvmsClocksEndAWarmupOfAnIdleTask() {
        Warmup w = Warmup.run(() -> { }, 5);
        assertTrue(w.rounds() >= 5);
        assertTrue(w.seconds() >= 1.0, "a quiet second at least: " + w.seconds());
    }
}
