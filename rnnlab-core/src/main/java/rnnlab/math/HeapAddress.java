package rnnlab.math;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Where a heap array lies in memory, for alignment only. Java aligns arrays to 8 bytes, and a
 * 64-byte vector load that straddles two cache lines costs two: the vector kernels ran 1.3×
 * faster on panels that start on a line (docs/bench/2026-11-22-aligned-panels.txt). The address
 * of a[0] comes from the C library's {@code memset} with a length of zero, which writes nothing
 * and returns its pointer, called through FFM with heap access as {@link OpenBlas} calls sgemm.
 * The GC may move the array at any time afterwards: the answer is a hint that costs speed when
 * it goes stale, never correctness.
 */
final class HeapAddress {
    private HeapAddress() {}

    /** memset(void*, int, size_t) with heap access; null where it cannot be bound (no native access). */
    private static final MethodHandle MEMSET = bind();

    private static MethodHandle bind() {
        try {
            Linker linker = Linker.nativeLinker();
            return linker.defaultLookup().find("memset")
                    .map(f -> linker.downcallHandle(f, FunctionDescriptor.of(ValueLayout.JAVA_LONG,
                            ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG), Linker.Option.critical(true)))
                    .orElse(null);
        } catch (RuntimeException | LinkageError e) {
            return null; // native access refused: arrays are used where they lie
        }
    }

    /** The address of a heap segment's first byte at this moment, or -1 where it cannot be had. */
    static long of(MemorySegment heapSegment) {
        if (MEMSET == null) return -1;
        try {
            return (long) MEMSET.invokeExact(heapSegment, 0, 0L);
        } catch (Throwable e) {
            return -1;
        }
    }

    /**
     * How many floats from the segment's first byte to the first whose address is a multiple of {@code bytes}
     * (a power of two, at least 4): 0 to bytes/4 − 1; 0 where the address cannot be had.
     */
    static int floatsToBoundary(MemorySegment heapSegment, int bytes) {
        return floatsToBoundary(of(heapSegment), bytes);
    }

    /** {@link #floatsToBoundary(MemorySegment, int)} from an address (-1: unknown). */
    static int floatsToBoundary(long address, int bytes) {
        if (Integer.bitCount(bytes) != 1 || bytes < Float.BYTES) throw new IllegalArgumentException("not a power of two of at least 4 bytes: " + bytes);
        if (address < 0 || address % Float.BYTES != 0) return 0;
        return (int) (-address & (bytes - 1)) / Float.BYTES;
    }
}
