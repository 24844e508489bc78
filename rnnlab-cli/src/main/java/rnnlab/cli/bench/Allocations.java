package rnnlab.cli.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * What the current thread and the engine's shard workers allocate on the Java heap, and how many
 * collections the JVM has run: read before and after a measured section. Native memory
 * (OpenBLAS's buffers) is not counted.
 *
 * @param bytes heap bytes allocated
 * @param collections garbage collections run
 * @param workers the ids of the shard workers counted (those alive when the section began)
 * @param workerBytes their allocated bytes then
 */
public record Allocations(long bytes, long collections, long[] workers, long[] workerBytes) {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    /** The name prefix of the engine's shard workers (rnnlab.nn.BatchShards). */
    private static final String WORKER_PREFIX = "rnnlab-shard-";

    /** The counters now, the byte count read last (reading the collectors allocates). */
    public static Allocations now() {
        long collections = collectionCount();
        long[] workers = workerIds();
        long[] perWorker = new long[workers.length];
        for (int i = 0; i < workers.length; i++) perWorker[i] = Math.max(0, THREADS.getThreadAllocatedBytes(workers[i]));
        return new Allocations(THREADS.getCurrentThreadAllocatedBytes(), collections, workers, perWorker);
    }

    /** The counters from {@code start} to now, the byte count read first. */
    public static Allocations since(Allocations start) {
        long bytes = THREADS.getCurrentThreadAllocatedBytes() - start.bytes;
        for (int i = 0; i < start.workers.length; i++) {
            long now = THREADS.getThreadAllocatedBytes(start.workers[i]); // -1 once the worker has ended
            if (now >= 0) bytes += now - start.workerBytes[i];
        }
        return new Allocations(bytes, collectionCount() - start.collections, start.workers, start.workerBytes);
    }

    /** The live shard workers (started by the warm-up): their allocations count as the step's. */
    private static long[] workerIds() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(WORKER_PREFIX)).mapToLong(Thread::threadId).sorted().toArray();
    }

    private static long collectionCount() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) n += Math.max(0, gc.getCollectionCount());
        return n;
    }
}
