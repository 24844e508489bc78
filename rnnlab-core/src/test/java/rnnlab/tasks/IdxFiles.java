package rnnlab.tasks;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Small MNIST-format IDX files for the tests. Image n's pixels encode it: pixel 0 is n mod 256,
 * pixel 1 is n / 256, pixel p ≥ 2 is (n + p) mod 256, so a batch says which image it holds.
 */
final class IdxFiles {
    private IdxFiles() {}

    /** The four files of a set with {@code train} and {@code test} images, labels given, gzipped or not. */
    static Path write(Path dir, int[] trainLabels, int[] testLabels, boolean gzip) throws IOException {
        Files.createDirectories(dir);
        String gz = gzip ? ".gz" : "";
        writeImages(dir.resolve("train-images-idx3-ubyte" + gz), trainLabels.length, 28, 28, gzip);
        writeLabels(dir.resolve("train-labels-idx1-ubyte" + gz), trainLabels, gzip);
        writeImages(dir.resolve("t10k-images-idx3-ubyte" + gz), testLabels.length, 28, 28, gzip);
        writeLabels(dir.resolve("t10k-labels-idx1-ubyte" + gz), testLabels, gzip);
        return dir;
    }

    /** Labels 0, 1, …, 9, 0, 1, … */
    static int[] cycling(int n) {
        int[] l = new int[n];
        for (int i = 0; i < n; i++) l[i] = i % 10;
        return l;
    }

    /** Pixel p of image n, as {@link IdxFiles} encodes it. */
    static int pixel(int n, int p) {
        return switch (p) {
            case 0 -> n % 256;
            case 1 -> n / 256;
            default -> (n + p) % 256;
        };
    }

    /** The image whose pixel 0 is {@code p0} and pixel 1 is {@code p1}, values in [0, 1]. */
    static int image(float p0, float p1) {
        return Math.round(p0 * 255) + 256 * Math.round(p1 * 255);
    }

    static void writeImages(Path file, int n, int rows, int cols, boolean gzip) throws IOException {
        byte[] pixels = new byte[n * rows * cols];
        for (int i = 0; i < n; i++)
            for (int p = 0; p < rows * cols; p++) pixels[i * rows * cols + p] = (byte) pixel(i, p);
        write(file, 0x0803, new int[] {n, rows, cols}, pixels, gzip);
    }

    static void writeLabels(Path file, int[] labels, boolean gzip) throws IOException {
        byte[] b = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) b[i] = (byte) labels[i];
        write(file, 0x0801, new int[] {labels.length}, b, gzip);
    }

    /** An IDX file: magic, big-endian dimensions, data. */
    static void write(Path file, int magic, int[] dims, byte[] data, boolean gzip) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream sink = gzip ? new GZIPOutputStream(bytes) : bytes; DataOutputStream out = new DataOutputStream(sink)) {
            out.writeInt(magic);
            for (int d : dims) out.writeInt(d);
            out.write(data);
        }
        Files.write(file, bytes.toByteArray());
    }
}
