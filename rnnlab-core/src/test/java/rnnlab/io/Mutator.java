package rnnlab.io;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Makes mutants of valid files, deterministically from a seed: bit flips, bytes set to values
 * that break parsers, truncation, insertion, deletion and duplication of bytes, numbers in text
 * headers changed or lengthened, and integer fields (length fields where the format has them,
 * anywhere otherwise) set to zero, one, the largest and the most negative values.
 */
public final class Mutator {
    /** A valid file, and the offsets of its integer fields (lengths, counts, offsets, magic numbers). */
    public record Seed(byte[] bytes, int... fields) {}

    private static final byte[] INTERESTING_BYTES = {
        0, 1, 0x7F, (byte) 0x80, (byte) 0xFF, ' ', '\n', '{', '}', '[', ']', '(', ')', '"', '\'', ',', ':', '-', '0', '9', '.', 'e'};
    private static final long[] INTERESTING_VALUES = {
        0, 1, -1, 0x7F, 0xFF, 0x7FFF, 0xFFFF, Integer.MAX_VALUE, Integer.MIN_VALUE, 0xFFFFFFFFL, 1L << 32,
        100_000_001, Long.MAX_VALUE, Long.MIN_VALUE};

    private final SplittableRandom random;

    public Mutator(long seed) {
        random = new SplittableRandom(seed);
    }

    /** One to three mutations stacked. */
    public byte[] mutate(Seed seed) {
        byte[] b = seed.bytes();
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) b = mutateOnce(b, seed.fields());
        return b;
    }

    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    private byte[] mutateOnce(byte[] b, int[] fields) {
        if (b.length == 0) return new byte[] {pick(INTERESTING_BYTES)};
        byte[] out = b.clone();
        int at = random.nextInt(b.length);
        switch (random.nextInt(9)) {
            case 0 -> out[at] ^= (byte) (1 << random.nextInt(8));
            case 1 -> out[at] = pick(INTERESTING_BYTES);
            case 2 -> out = Arrays.copyOf(b, at);
            case 3 -> out = insert(b, at, randomBytes(1 + random.nextInt(16)));
            case 4 -> out = delete(b, at, 1 + random.nextInt(Math.min(16, b.length - at)));
            case 5 -> out = writeValue(out, fields.length > 0 && random.nextBoolean() ? fields[random.nextInt(fields.length)] : at);
            case 6 -> out = changeNumber(b, at);
            case 7 -> out = insert(b, random.nextInt(b.length + 1), Arrays.copyOfRange(b, at, Math.min(b.length, at + 1 + random.nextInt(32))));
            default -> {
                int other = random.nextInt(b.length);
                out[at] = b[other];
                out[other] = b[at];
            }
        }
        return out;
    }

    private byte[] writeValue(byte[] b, int at) {
        long value = random.nextInt(4) == 0 ? random.nextLong() : INTERESTING_VALUES[random.nextInt(INTERESTING_VALUES.length)];
        int width = new int[] {1, 2, 4, 8}[random.nextInt(4)];
        boolean bigEndian = random.nextBoolean();
        for (int i = 0; i < width && at + i < b.length; i++) {
            int shift = 8 * (bigEndian ? width - 1 - i : i);
            b[at + i] = (byte) (value >>> shift);
        }
        return b;
    }

    /** Finds a digit at or after {@code at} and replaces it or adds digits after it: numbers in JSON and npy headers. */
    private byte[] changeNumber(byte[] b, int at) {
        for (int i = at; i < Math.min(b.length, at + 256); i++) {
            if (b[i] < '0' || b[i] > '9') continue;
            if (random.nextBoolean()) {
                byte[] out = b.clone();
                out[i] = (byte) ('0' + random.nextInt(10));
                return out;
            }
            byte[] digits = new byte[1 + random.nextInt(20)];
            for (int k = 0; k < digits.length; k++) digits[k] = (byte) ('0' + random.nextInt(10));
            return insert(b, i + 1, digits);
        }
        return b;
    }

    private byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) bytes[i] = random.nextBoolean() ? pick(INTERESTING_BYTES) : (byte) random.nextInt(256);
        return bytes;
    }

    private byte pick(byte[] choices) {
        return choices[random.nextInt(choices.length)];
    }

    private static byte[] insert(byte[] b, int at, byte[] inserted) {
        byte[] out = new byte[b.length + inserted.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(inserted, 0, out, at, inserted.length);
        System.arraycopy(b, at, out, at + inserted.length, b.length - at);
        return out;
    }

    private static byte[] delete(byte[] b, int at, int n) {
        byte[] out = new byte[b.length - n];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(b, at + n, out, at, b.length - at - n);
        return out;
    }
}
