package rnnlab.nn;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A reusable barrier for the threads of one {@link BatchShards} run that go through the time
 * steps together (see {@link RecurrentLayer}'s split products): each {@link #await} returns once
 * all parties have called it. The wait spins, since the parties are the run's own threads and
 * arrive microseconds apart, twice per step; it yields the core after a while, for a machine
 * busier than its cores. A party that fails {@link #breakAll breaks} the barrier, and every
 * other party's wait then throws instead of waiting for ever.
 *
 * <p>Allocates nothing per wait.
 */
final class StepBarrier {
    private static final int SPINS_BEFORE_YIELD = 1 << 12;

    private final AtomicInteger waiting = new AtomicInteger();
    private volatile int generation;
    private volatile boolean broken;
    private int parties;

    /** Makes the barrier one for {@code parties} threads, not broken. Not while any party waits. */
    void reset(int parties) {
        if (parties < 1) throw new IllegalArgumentException("parties must be at least 1, got " + parties);
        this.parties = parties;
        waiting.set(0);
        broken = false;
    }

    /**
     * Returns when all parties have arrived.
     *
     * @throws IllegalStateException if another party broke the barrier
     */
    void await() {
        int gen = generation;
        if (waiting.incrementAndGet() == parties) {
            waiting.set(0);
            generation = gen + 1; // releases the others (volatile write after the reset)
            return;
        }
        for (int spins = 0; generation == gen; spins++) {
            if (broken) throw new IllegalStateException("another thread of the pass failed");
            if (spins < SPINS_BEFORE_YIELD) Thread.onSpinWait();
            else Thread.yield();
        }
    }

    /** Releases every waiting party with an exception: a party failed and will not arrive. */
    void breakAll() {
        broken = true;
    }
}
