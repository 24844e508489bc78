package rnnlab.cli.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * What the current thread allocates on the Java heap, and how many collections the JVM has run:
 * read before and after a measured section. Native memory (OpenBLAS's buffers) is not counted.
 */
public record Allocations(long bytes, long collections) {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** The counters now, the byte count read last (reading the collectors allocates). */
    public static Allocations now() {
        long collections = collectionCount();
        return new Allocations(THREADS.getCurrentThreadAllocatedBytes(), collections);
    }

    /** The counters from {@code start} to now, the byte count read first. */
    public static Allocations since(Allocations start) {
        long bytes = THREADS.getCurrentThreadAllocatedBytes();
        return new Allocations(bytes - start.bytes, collectionCount() - start.collections);
    }

    private static long collectionCount() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) n += Math.max(0, gc.getCollectionCount());
        return n;
    }
}
