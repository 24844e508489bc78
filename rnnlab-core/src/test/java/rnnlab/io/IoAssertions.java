package rnnlab.io;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.function.Executable;

/** What the readers' tests share: the shape of an error, the reference files, small builders. */
final class IoAssertions {
    private IoAssertions() {}

    /** Asserts a MalformedFileException with a one-line message naming the file and containing each fragment. */
    static MalformedFileException assertMalformed(String file, Executable read, String... fragments) {
        MalformedFileException e = assertThrows(MalformedFileException.class, read);
        String message = e.getMessage();
        assertTrue(message.startsWith(file + ": "), message);
        assertFalse(message.contains("\n") || message.contains("\r"), message);
        assertTrue(message.contains("; "), "no fix in: " + message);
        for (String f : fragments) assertTrue(message.contains(f), "'" + f + "' not in: " + message);
        return e;
    }

    /** A reference file written by make_reference_files.py. */
    static byte[] resource(String name) {
        try (InputStream in = IoAssertions.class.getResourceAsStream("/rnnlab/io/" + name)) {
            if (in == null) throw new IllegalStateException("no test resource " + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** One tensor of every dtype, including a scalar and an empty one. */
    static Map<String, Tensor> everyDtype() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("weight", Tensor.of(new float[] {1.5f, -2, Float.NaN, Float.MIN_VALUE, Float.MAX_VALUE, -0f}, 2, 3));
        tensors.put("scale", Tensor.of(new double[] {Math.PI}));
        tensors.put("index", Tensor.of(new int[] {Integer.MIN_VALUE, -1, 0, Integer.MAX_VALUE}, 2, 1, 2));
        tensors.put("step", Tensor.of(new long[] {Long.MIN_VALUE, 1L << 40, Long.MAX_VALUE}, 3));
        tensors.put("pixels", Tensor.ofUnsignedBytes(new byte[] {0, 127, (byte) 128, (byte) 255}, 2, 2));
        tensors.put("none", Tensor.of(new float[0], 0, 4));
        tensors.put("nothing", Tensor.of(new long[0], 2, 0));
        return tensors;
    }
}
