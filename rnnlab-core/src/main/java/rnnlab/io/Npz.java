package rnnlab.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Reads and writes numpy's .npz files: a zip archive with one {@link Npy .npy} entry per array,
 * {@code NAME.npy}, stored ({@code numpy.savez}) or deflated ({@code numpy.savez_compressed}).
 *
 * <p>The reader finds entries through the zip's central directory, refuses encrypted entries,
 * other compression methods, overlapping entries and CRC mismatches, and inflates an entry only
 * as far as the size the directory gives it; each entry must then be a whole .npy array (the
 * dtypes {@link Npy} reads).
 */
public final class Npz {
    private static final String FIX = "save it again with numpy.savez";
    private static final String SUFFIX = ".npy";
    /** A fixed entry time, so the same arrays always make the same bytes. */
    private static final LocalDateTime EPOCH = LocalDateTime.of(1980, 1, 1, 0, 0);

    private Npz() {}

    /** Reads a .npz file: each array by its name (the entry's name without .npy), in the archive's order. */
    public static SequencedMap<String, Tensor> read(Path file) throws IOException {
        return read(Input.readFile(file, FIX), file.toString());
    }

    /**
     * Reads .npz bytes held in memory.
     *
     * @param name the file's name for messages
     * @return an unmodifiable map of the arrays by name, in the archive's order
     * @throws MalformedFileException on bytes that break the zip or .npy format, or an unsupported dtype
     */
    public static SequencedMap<String, Tensor> read(byte[] bytes, String name) {
        Input in = new Input(bytes, name, FIX);
        SequencedMap<String, Tensor> arrays = new LinkedHashMap<>();
        for (ZipEntries.Entry entry : ZipEntries.read(in)) {
            if (!entry.name().endsWith(SUFFIX)) {
                throw in.fail("entry " + Input.quote(entry.name()) + " is not a .npy array");
            }
            String key = entry.name().substring(0, entry.name().length() - SUFFIX.length());
            Tensor array = Npy.read(new Input(entry.data(), name, FIX, "in entry " + Input.quote(entry.name()) + ": "));
            if (arrays.put(key, array) != null) throw in.fail("two entries are called " + Input.quote(entry.name()));
        }
        return Collections.unmodifiableSequencedMap(arrays);
    }

    /** Writes the arrays uncompressed, as {@code numpy.savez} does, atomically. */
    public static void write(Path file, Map<String, Tensor> arrays) throws IOException {
        AtomicFiles.write(file, toBytes(arrays, false));
    }

    /** Writes the arrays deflated, as {@code numpy.savez_compressed} does, atomically. */
    public static void writeCompressed(Path file, Map<String, Tensor> arrays) throws IOException {
        AtomicFiles.write(file, toBytes(arrays, true));
    }

    /**
     * The bytes of a .npz archive of {@code arrays}, in the map's iteration order.
     *
     * @param compressed deflate the entries, or store them
     */
    public static byte[] toBytes(Map<String, Tensor> arrays, boolean compressed) {
        long total = 0;
        for (Tensor t : arrays.values()) total += t.littleEndianBytes().length + 1024L;
        if (total > Tensor.MAX_BYTES) {
            throw new IllegalArgumentException("the arrays need about " + total + " bytes, more than the "
                    + Tensor.MAX_BYTES + " of a file rnnlab writes; write them to several files");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (var named : arrays.entrySet()) {
                byte[] npy = Npy.toBytes(named.getValue());
                zip.putNextEntry(entry(named.getKey() + SUFFIX, npy, compressed));
                zip.write(npy);
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory", e);
        }
        return bytes.toByteArray();
    }

    private static ZipEntry entry(String name, byte[] data, boolean compressed) {
        ZipEntry entry = new ZipEntry(name);
        entry.setTimeLocal(EPOCH);
        if (compressed) {
            entry.setMethod(ZipEntry.DEFLATED);
        } else {
            // A stored entry's sizes and CRC go in its local header, before the data.
            CRC32 crc = new CRC32();
            crc.update(data);
            entry.setMethod(ZipEntry.STORED);
            entry.setSize(data.length);
            entry.setCompressedSize(data.length);
            entry.setCrc(crc.getValue());
        }
        return entry;
    }
}
