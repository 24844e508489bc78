package rnnlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class BatchShardsTest {

    @Test
    void theShardsCoverEveryRowOnceEachOnItsOwnThread() {
        BatchShards shards = new BatchShards(3, 1);
        for (int rows : new int[] {3, 4, 10, 11}) {
            int[] hits = new int[rows];
            long[] threadOf = new long[3];
            shards.run((s, from, to) -> {
                threadOf[s] = Thread.currentThread().threadId();
                for (int r = from; r < to; r++) hits[r]++;
            }, rows, 3);
            int[] ones = new int[rows];
            java.util.Arrays.fill(ones, 1);
            assertArrayEquals(ones, hits);
            assertEquals(Thread.currentThread().threadId(), threadOf[0], "shard 0 runs on the caller");
            assertNotEquals(threadOf[1], threadOf[2]);
        }
        shards.close();
    }

    @Test
    void theWorkersAreStartedOnceAndReused() {
        BatchShards shards = new BatchShards(2, 1);
        Set<Long> workers = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 50; i++) shards.run((s, from, to) -> { if (s == 1) workers.add(Thread.currentThread().threadId()); }, 2, 2);
        assertEquals(1, workers.size());
        shards.close();
    }

    @Test
    void aFailureInAWorkerIsRethrownAfterTheJoinAndTheShardsStayUsable() {
        BatchShards shards = new BatchShards(2, 1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> shards.run((s, from, to) -> {
            if (s == 1) throw new IllegalStateException("shard 1 failed");
        }, 4, 2));
        assertEquals("shard 1 failed", e.getMessage());
        int[] hits = new int[4];
        shards.run((s, from, to) -> { for (int r = from; r < to; r++) hits[r]++; }, 4, 2);
        assertArrayEquals(new int[] {1, 1, 1, 1}, hits);
        shards.close();
    }

    @Test
    void closeStopsTheWorkers() throws InterruptedException {
        BatchShards shards = new BatchShards(2, 1);
        Thread[] worker = new Thread[1];
        shards.run((s, from, to) -> { if (s == 1) worker[0] = Thread.currentThread(); }, 2, 2);
        assertTrue(worker[0].getName().startsWith(BatchShards.THREAD_PREFIX));
        shards.close();
        worker[0].join(5_000);
        assertTrue(!worker[0].isAlive(), "the worker ended");
    }

    @Test
    void anIdleWorkerSpinsForTheNextRunAndThenParks() throws InterruptedException {
        BatchShards shards = new BatchShards(2, 1);
        Thread[] worker = new Thread[1];
        shards.run((s, from, to) -> { if (s == 1) worker[0] = Thread.currentThread(); }, 2, 2);
        // spinning it is RUNNABLE; parked, WAITING: an idle network must not keep a core busy
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (worker[0].getState() != Thread.State.WAITING && System.nanoTime() < deadline) Thread.sleep(1);
        assertEquals(Thread.State.WAITING, worker[0].getState(), "parked within 5 s of the run, spinning at most "
                + BatchShards.SPIN_NANOS / 1_000 + " µs");
        int[] hits = new int[2];
        shards.run((s, from, to) -> { for (int r = from; r < to; r++) hits[r]++; }, 2, 2); // and wakes for the next run
        assertArrayEquals(new int[] {1, 1}, hits);
        shards.close();
    }

    @Test
    void oneShardRunsOnTheCallerWithoutWorkers() {
        BatchShards shards = new BatchShards(4);
        long[] thread = new long[1];
        shards.run((s, from, to) -> thread[0] = Thread.currentThread().threadId(), 5, 1);
        assertEquals(Thread.currentThread().threadId(), thread[0]);
    }
}
