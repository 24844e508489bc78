package rnnlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@link StepBarrier}: nobody passes before all have arrived, over many rounds; a failed party releases the others. */
class StepBarrierTest {

    @Test
    void noPartyPassesBeforeAllHaveArrivedInAnyRound() throws Exception {
        int parties = 3, rounds = 5_000;
        StepBarrier barrier = new StepBarrier();
        barrier.reset(parties);
        AtomicIntegerArray arrived = new AtomicIntegerArray(parties); // the round each party has reached
        AtomicReference<String> wrong = new AtomicReference<>();
        Thread[] threads = new Thread[parties];
        for (int p = 0; p < parties; p++) {
            int me = p;
            threads[p] = new Thread(() -> {
                for (int round = 1; round <= rounds; round++) {
                    arrived.set(me, round);
                    barrier.await();
                    for (int q = 0; q < parties; q++) {
                        if (arrived.get(q) < round) wrong.compareAndSet(null, "party " + q + " behind in round " + round);
                    }
                    barrier.await(); // nobody starts the next round while another still checks this one
                }
            });
        }
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (Thread t : threads) t.start();
            for (Thread t : threads) t.join();
        });
        assertEquals(null, wrong.get());
    }

    @Test
    void aBrokenBarrierReleasesTheWaitingPartiesWithAnException() {
        StepBarrier barrier = new StepBarrier();
        barrier.reset(2);
        AtomicReference<Throwable> seen = new AtomicReference<>();
        Thread waiter = new Thread(() -> {
            try {
                barrier.await();
            } catch (Throwable e) {
                seen.set(e);
            }
        });
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            waiter.start();
            Thread.sleep(50);
            barrier.breakAll();
            waiter.join();
        });
        assertEquals(IllegalStateException.class, seen.get().getClass());
        barrier.reset(1); // reset mends it: one party passes at once
        barrier.await();
        assertThrows(IllegalArgumentException.class, () -> barrier.reset(0));
    }
}
