package rnnlab.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * The entries of a zip archive held in memory, found as Python's zipfile (which numpy uses)
 * finds them: through the end record and the central directory, each checked against the local
 * header it points to. Entries are stored or deflated; each must lie inside the file, apart from
 * every other (overlapping entries are how small zip bombs expand), and match its CRC-32.
 */
final class ZipEntries {
    private static final int END_SIGNATURE = 0x06054b50;
    private static final int CENTRAL_SIGNATURE = 0x02014b50;
    private static final int LOCAL_SIGNATURE = 0x04034b50;
    private static final int END_RECORD_BYTES = 22;
    private static final long UNKNOWN_32 = 0xFFFFFFFFL;
    private static final int ZIP64_EXTRA = 0x0001;
    private static final int STORED = 0, DEFLATED = 8;

    private ZipEntries() {}

    /** One entry's name and uncompressed bytes. */
    record Entry(String name, byte[] data) {}

    private record Central(String name, byte[] rawName, int flags, int method, long crc,
                           long compressedSize, long size, long localOffset) {}

    private record Span(Central entry, long begin, long end) {}

    static List<Entry> read(Input in) {
        int end = findEndRecord(in);
        in.seek(end + 4, "the end record");
        int disk = in.u16le("the end record");
        int directoryDisk = in.u16le("the end record");
        int entriesHere = in.u16le("the end record");
        int entries = in.u16le("the end record");
        long directorySize = in.u32le("the end record");
        long directoryOffset = in.u32le("the end record");
        if (entries == 0xFFFF || directorySize == UNKNOWN_32 || directoryOffset == UNKNOWN_32) {
            throw in.fail("it is a zip64 archive (over 4 GiB or 65535 entries), which rnnlab does not read",
                    "split the arrays over several files");
        }
        if (disk != 0 || directoryDisk != 0 || entriesHere != entries) {
            throw in.fail("it is one part of a multi-part zip archive", "join the parts into one archive");
        }
        if (directoryOffset + directorySize > end) {
            throw in.fail("the central directory (bytes " + directoryOffset + " to " + (directoryOffset + directorySize)
                    + ") runs past the end record at byte " + end);
        }
        in.seek(directoryOffset, "the central directory");
        List<Central> centrals = new ArrayList<>();
        for (int k = 0; k < entries; k++) centrals.add(central(in, k));
        if (in.position() != directoryOffset + directorySize) {
            throw in.fail("the central directory's " + entries + " entries take " + (in.position() - directoryOffset)
                    + " bytes, not the " + directorySize + " its end record says");
        }
        List<Span> spans = new ArrayList<>();
        for (Central c : centrals) spans.add(locate(in, c, directoryOffset));
        checkApart(in, spans);
        List<Entry> result = new ArrayList<>();
        for (Span s : spans) result.add(new Entry(s.entry.name, extract(in, s)));
        return result;
    }

    /** The end record is the last 22 bytes, or sits before a comment that reaches the end. */
    private static int findEndRecord(Input in) {
        int length = in.position() + in.remaining();
        for (int at = length - END_RECORD_BYTES; at >= 0 && at >= length - END_RECORD_BYTES - 0xFFFF; at--) {
            in.seek(at, "the end record");
            if (in.u32le("the end record") != END_SIGNATURE) continue;
            in.seek(at + 20, "the end record");
            if (at + END_RECORD_BYTES + in.u16le("the end record") == length) return at;
        }
        throw in.fail("not a zip archive, or one cut short: it has no end of central directory record");
    }

    private static Central central(Input in, int k) {
        String what = "central directory entry " + k;
        if (in.u32le(what) != CENTRAL_SIGNATURE) throw in.fail(what + " does not begin with its signature");
        in.skip(4, what);
        int flags = in.u16le(what);
        int method = in.u16le(what);
        in.skip(4, what);
        long crc = in.u32le(what);
        long compressedSize = in.u32le(what);
        long size = in.u32le(what);
        int nameLength = in.u16le(what);
        int extraLength = in.u16le(what);
        int commentLength = in.u16le(what);
        in.skip(8, what);
        long localOffset = in.u32le(what);
        byte[] rawName = in.take(nameLength, what + "'s name");
        byte[] extra = in.take(extraLength, what + "'s extra field");
        in.skip(commentLength, what + "'s comment");
        String name = name(in, rawName, flags);
        // A zip64 extra field holds, in this order, those of the three values set to 0xFFFFFFFF.
        long[] values = {size, compressedSize, localOffset};
        if (Arrays.stream(values).anyMatch(v -> v == UNKNOWN_32)) zip64(in, name, extra, values);
        return new Central(name, rawName, flags, method, crc, values[1], values[0], values[2]);
    }

    private static String name(Input in, byte[] raw, int flags) {
        // Bit 11 marks a UTF-8 name; Python writes ASCII names without it, so Latin-1 reads the rest.
        if ((flags & 0x800) == 0) return new String(raw, StandardCharsets.ISO_8859_1);
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            throw in.fail("an entry's name is marked UTF-8 but is not");
        }
    }

    private static void zip64(Input in, String name, byte[] extra, long[] values) {
        Input fields = new Input(extra, in.name(), in.fix());
        String what = "the extra field of entry " + Input.quote(name);
        while (fields.remaining() > 0) {
            int id = fields.u16le(what);
            int length = fields.u16le(what);
            if (id != ZIP64_EXTRA) {
                fields.skip(length, what);
                continue;
            }
            Input field = new Input(fields.take(length, what), in.name(), in.fix());
            for (int i = 0; i < values.length; i++) {
                if (values[i] != UNKNOWN_32) continue;
                values[i] = field.u64le("the zip64 " + what);
                if (values[i] < 0 || values[i] > Tensor.MAX_BYTES) {
                    throw in.fail("entry " + Input.quote(name) + " has a zip64 size or offset beyond the file");
                }
            }
            return;
        }
        throw in.fail("entry " + Input.quote(name) + " has a size or offset of 0xFFFFFFFF but no zip64 field to give it");
    }

    /** Finds an entry's data after its local header, which must agree with the central one on the name. */
    private static Span locate(Input in, Central c, long directoryOffset) {
        String what = "the local header of entry " + Input.quote(c.name);
        in.seek(c.localOffset, what);
        if (in.u32le(what) != LOCAL_SIGNATURE) throw in.fail(what + " does not begin with its signature");
        in.skip(22, what);
        int nameLength = in.u16le(what);
        int extraLength = in.u16le(what);
        if (!Arrays.equals(in.take(nameLength, what), c.rawName)) {
            throw in.fail(what + " names a different file than the central directory does");
        }
        in.skip(extraLength, what);
        long end = in.position() + c.compressedSize;
        if (end > directoryOffset) {
            throw in.fail("file is truncated or damaged: entry " + Input.quote(c.name) + " ends at byte " + end
                    + ", past the central directory at byte " + directoryOffset);
        }
        return new Span(c, c.localOffset, end);
    }

    private static void checkApart(Input in, List<Span> spans) {
        List<Span> sorted = new ArrayList<>(spans);
        sorted.sort(Comparator.comparingLong(Span::begin));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).begin < sorted.get(i - 1).end) {
                throw in.fail("entries " + Input.quote(sorted.get(i - 1).entry.name) + " and "
                        + Input.quote(sorted.get(i).entry.name) + " overlap");
            }
        }
    }

    private static byte[] extract(Input in, Span s) {
        Central c = s.entry;
        String entry = "entry " + Input.quote(c.name);
        if ((c.flags & 1) != 0) throw in.fail(entry + " is encrypted", "save the archive without a password");
        if (c.size > Tensor.MAX_BYTES) throw in.fail(entry + " is " + c.size + " bytes, more than rnnlab reads");
        in.seek(s.end - c.compressedSize, entry);
        byte[] compressed = in.take(c.compressedSize, entry);
        byte[] data = switch (c.method) {
            case STORED -> compressed;
            case DEFLATED -> inflate(in, entry, compressed, (int) c.size);
            default -> throw in.fail(entry + " uses compression method " + c.method + "; rnnlab reads stored and deflated entries",
                    "save the archive with numpy.savez or numpy.savez_compressed");
        };
        if (data.length != c.size) {
            throw in.fail(entry + " holds " + data.length + " bytes, not the " + c.size + " the central directory says");
        }
        CRC32 crc = new CRC32();
        crc.update(data);
        if (crc.getValue() != c.crc) throw in.fail(entry + " is damaged: its CRC-32 does not match");
        return data;
    }

    /**
     * Inflates at most {@code size} bytes plus one, growing the output only as data comes, so a
     * wrong size in the directory cannot make it allocate more than the stream really holds.
     */
    private static byte[] inflate(Input in, String entry, byte[] compressed, int size) {
        Inflater inflater = new Inflater(true);
        // Inflater's documentation asks for a dummy byte after raw deflate data.
        byte[] input = Arrays.copyOf(compressed, compressed.length + 1);
        try (InputStream stream = new InflaterInputStream(new ByteArrayInputStream(input), inflater)) {
            byte[] data = stream.readNBytes(size);
            if (stream.read() != -1) throw in.fail(entry + " inflates to more than the " + size + " bytes the central directory says");
            return data;
        } catch (IOException e) {
            throw in.fail(entry + " is damaged: it does not inflate (" + Input.quote(String.valueOf(e.getMessage())) + ")");
        } finally {
            inflater.end();
        }
    }
}
