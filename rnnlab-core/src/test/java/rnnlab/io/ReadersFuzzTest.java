package rnnlab.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static rnnlab.io.IoAssertions.everyDtype;
import static rnnlab.io.IoAssertions.gzip;
import static rnnlab.io.IoAssertions.resource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Every reader against mutants of valid files: each mutant must read (and then be consistent) or
 * be refused with a MalformedFileException, never another exception, a hang, or an allocation
 * out of proportion to its size. Seeded, so a failure repeats; the message holds the mutant.
 */
class ReadersFuzzTest {
    static final int MUTANTS = 12_000;
    private static final String NAME = "mutant";
    private static final Duration TIME_LIMIT = Duration.ofSeconds(60);
    /** What a read may allocate beyond the file itself: buffers, parsers, the tensors. */
    private static final long FIXED_ALLOCATION = 4 << 20;
    /** Deflate expands at most 1032 to 1, so an archive's reader may allocate that much more. */
    private static final int DEFLATE_RATIO = 1032;

    /** What one format's fuzz run saw. */
    record Tally(int truncations, int mutants, int read, int refused) {}

    @Test
    void safetensors() {
        List<Mutator.Seed> seeds = List.of(
                new Mutator.Seed(resource("model.safetensors"), 0),
                new Mutator.Seed(SafeTensors.toBytes(everyDtype(), Map.of("k", "v")), 0),
                new Mutator.Seed(SafeTensors.toBytes(Map.of("a", Tensor.of(new float[] {1, 2}, 2)), Map.of()), 0),
                new Mutator.Seed(SafeTensors.toBytes(Map.of(), Map.of()), 0));
        Tally t = fuzz(seeds, 1, 64, UnaryOperator.identity(), bytes -> SafeTensors.read(bytes, NAME), c -> {
            SafeTensors.Contents again = SafeTensors.read(SafeTensors.toBytes(c.tensors(), c.metadata()), NAME);
            assertEquals(c.tensors(), again.tensors());
            assertEquals(c.metadata(), again.metadata());
        });
        assertExercisedBothWays(t);
    }

    @Test
    void npy() {
        List<Mutator.Seed> seeds = new ArrayList<>();
        for (String file : List.of("f4_2x3.npy", "f8_scalar.npy", "i4_0x3.npy", "u1_2x2.npy", "f4_fortran_2x3x4.npy",
                "i4_big_endian_fortran_2x3.npy", "f4_2x3_v2.npy", "f4_2x3_v3.npy")) {
            seeds.add(new Mutator.Seed(resource(file), 6, 7, 8));
        }
        Tally t = fuzz(seeds, 2, 64, UnaryOperator.identity(), bytes -> Npy.read(bytes, NAME),
                tensor -> assertEquals(tensor, Npy.read(Npy.toBytes(tensor), NAME)));
        assertExercisedBothWays(t);
    }

    /** Half the mutants are mutated archives, half whole archives around a mutated .npy entry. */
    @Test
    void npz() {
        List<Mutator.Seed> seeds = new ArrayList<>();
        for (byte[] zip : List.of(resource("arrays.npz"), resource("arrays_compressed.npz"),
                Npz.toBytes(Map.of("a", Tensor.of(new int[] {1, 2}, 2)), false),
                Npz.toBytes(Map.of("a", Tensor.of(new int[] {1, 2}, 2)), true))) {
            seeds.add(new Mutator.Seed(zip, zipFields(zip)));
        }
        for (String file : List.of("f4_2x3.npy", "i4_big_endian_fortran_2x3.npy")) seeds.add(new Mutator.Seed(resource(file), 8));
        UnaryOperator<byte[]> wrapNpy = new UnaryOperator<>() {
            private int n;

            @Override
            public byte[] apply(byte[] mutant) {
                return mutant.length > 4 && mutant[0] == 'P' && mutant[1] == 'K' ? mutant : zipOf(mutant, n++ % 2 == 0);
            }
        };
        Tally t = fuzz(seeds, 3, DEFLATE_RATIO, wrapNpy, bytes -> Npz.read(bytes, NAME),
                arrays -> assertEquals(arrays, Npz.read(Npz.toBytes(arrays, true), NAME)));
        assertExercisedBothWays(t);
    }

    /** Plain and gzip-compressed seeds; some plain mutants are gzip-compressed afterwards. */
    @Test
    void idx() {
        byte[] ints = IdxTest.idx(0x0C, new int[] {2, 2}, new byte[16]);
        byte[] doubles = IdxTest.idx(0x0E, new int[] {1}, new byte[8]);
        List<Mutator.Seed> seeds = List.of(
                new Mutator.Seed(IdxTest.IMAGES, 0, 2, 3, 4, 8, 12),
                new Mutator.Seed(IdxTest.LABELS, 0, 2, 3, 4),
                new Mutator.Seed(ints, 0, 2, 3, 4, 8),
                new Mutator.Seed(doubles, 0, 2, 3, 4),
                new Mutator.Seed(gzip(IdxTest.IMAGES), 4, 8),
                new Mutator.Seed(gzip(IdxTest.LABELS), 4, 8));
        UnaryOperator<byte[]> sometimesGzip = new UnaryOperator<>() {
            private int n;

            @Override
            public byte[] apply(byte[] mutant) {
                boolean plain = mutant.length < 2 || mutant[0] != 0x1F;
                return plain && n++ % 4 == 0 ? gzip(mutant) : mutant;
            }
        };
        Tally t = fuzz(seeds, 4, DEFLATE_RATIO, sometimesGzip, bytes -> {
            Tensor tensor = Idx.read(bytes, NAME);
            boolean plain = bytes.length < 2 || bytes[0] != 0x1F;
            if (plain) assertEquals(bytes.length, 4 + 4 * tensor.rank() + (long) tensor.size() * tensor.dtype().byteSize());
            return tensor;
        }, tensor -> assertEquals(tensor.size(), IntStream.of(tensor.shape()).asLongStream().reduce(1, (a, b) -> a * b)));
        assertExercisedBothWays(t);
    }

    /**
     * Reads every truncation of every seed, then {@link #MUTANTS} mutants of random seeds.
     *
     * @param allocationPerByte how many bytes a read may allocate per byte of input, beyond a fixed allowance
     * @param transform applied to each mutant before it is read (to wrap or compress it)
     * @param check what a mutant that reads must satisfy
     */
    private static <T> Tally fuzz(List<Mutator.Seed> seeds, long seed, int allocationPerByte, UnaryOperator<byte[]> transform,
                                  Function<byte[], T> read, Consumer<T> check) {
        return assertTimeoutPreemptively(TIME_LIMIT, () -> {
            Mutator mutator = new Mutator(seed);
            int[] outcomes = new int[2];
            int truncations = 0;
            for (Mutator.Seed s : seeds) {
                for (int length = 0; length < s.bytes().length; length++, truncations++) {
                    readOne(Arrays.copyOf(s.bytes(), length), allocationPerByte, read, check, outcomes);
                }
            }
            for (int i = 0; i < MUTANTS; i++) {
                byte[] mutant = transform.apply(mutator.mutate(seeds.get(mutator.nextInt(seeds.size()))));
                readOne(mutant, allocationPerByte, read, check, outcomes);
            }
            return new Tally(truncations, MUTANTS, outcomes[0], outcomes[1]);
        });
    }

    private static <T> void readOne(byte[] bytes, int allocationPerByte, Function<byte[], T> read, Consumer<T> check, int[] outcomes) {
        long before = allocatedBytes();
        T result;
        try {
            result = read.apply(bytes);
        } catch (MalformedFileException e) {
            assertTrue(e.getMessage().startsWith(NAME + ": ") && !e.getMessage().contains("\n"), e.getMessage());
            outcomes[1]++;
            return;
        } catch (Throwable e) {
            throw new AssertionError("not a MalformedFileException on " + describe(bytes) + ": " + e, e);
        } finally {
            long allocated = allocatedBytes() - before;
            if (allocated > FIXED_ALLOCATION + (long) allocationPerByte * bytes.length) {
                fail("reading allocated " + allocated + " bytes for " + describe(bytes));
            }
        }
        try {
            check.accept(result);
        } catch (Throwable e) {
            throw new AssertionError("read but inconsistent: " + describe(bytes) + ": " + e, e);
        }
        outcomes[0]++;
    }

    private static String describe(byte[] bytes) {
        return "the " + bytes.length + " bytes (base64) " + Base64.getEncoder().encodeToString(bytes);
    }

    private static void assertExercisedBothWays(Tally t) {
        assertTrue(t.read > t.mutants / 100 && t.refused > t.mutants / 2, "the mutants did not exercise both outcomes: " + t);
    }

    /** Bytes allocated by this thread so far; 0 where the JVM cannot say, which turns the check off. */
    private static long allocatedBytes() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads
                && threads.isThreadAllocatedMemorySupported()) {
            return threads.getCurrentThreadAllocatedBytes();
        }
        return 0;
    }

    /** Offsets of the integer fields of a zip's central directory entries and end record. */
    private static int[] zipFields(byte[] zip) {
        List<Integer> fields = new ArrayList<>();
        for (int i = 0; i + 4 <= zip.length; i++) {
            if (zip[i] != 'P' || zip[i + 1] != 'K') continue;
            if (zip[i + 2] == 1 && zip[i + 3] == 2) for (int f : new int[] {8, 10, 16, 20, 24, 28, 30, 42}) fields.add(i + f);
            if (zip[i + 2] == 3 && zip[i + 3] == 4) for (int f : new int[] {18, 22, 26, 28}) fields.add(i + f);
            if (zip[i + 2] == 5 && zip[i + 3] == 6) for (int f : new int[] {8, 10, 12, 16, 20}) fields.add(i + f);
        }
        return fields.stream().mapToInt(Integer::intValue).toArray();
    }

    private static byte[] zipOf(byte[] npy, boolean deflated) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.setMethod(deflated ? ZipEntry.DEFLATED : ZipEntry.STORED);
            ZipEntry entry = new ZipEntry("x.npy");
            if (!deflated) {
                CRC32 crc = new CRC32();
                crc.update(npy);
                entry.setSize(npy.length);
                entry.setCrc(crc.getValue());
            }
            zip.putNextEntry(entry);
            zip.write(npy);
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Test
    void theFuzzerFindsAReaderThatThrowsSomethingElse() {
        List<Mutator.Seed> seeds = List.of(new Mutator.Seed(new byte[] {1, 2, 3}));
        AssertionError e = assertThrows(AssertionError.class,
                () -> fuzz(seeds, 5, 64, UnaryOperator.identity(), bytes -> bytes[2], b -> {}));
        assertTrue(e.getMessage().contains("not a MalformedFileException"), e.getMessage());
        assertArrayEquals(new byte[0], Base64.getDecoder().decode(e.getMessage().replaceAll(".*\\(base64\\) (\\S*):.*", "$1")));
    }
}
