package rnnlab.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.Set;

/**
 * Reads and writes <a href="https://github.com/huggingface/safetensors">safetensors</a> files:
 * an unsigned 64-bit little-endian header length N, N bytes of UTF-8 JSON header mapping each
 * tensor's name to its {@code dtype}, {@code shape} and {@code data_offsets} [begin, end) (plus
 * an optional {@code __metadata__} object of strings), then the data: every tensor's elements,
 * little-endian, C order, together covering the data section without gaps or overlaps.
 *
 * <p>Reads F32, F64, I32, I64 and U8 tensors and refuses every other dtype by name. The reader
 * checks the header length against the reference implementation's 100 MB limit and the file's
 * size, every offset against the data section, every byte count against its shape, and the
 * layout for gaps and overlaps, before it allocates anything sized by the file.
 */
public final class SafeTensors {
    /** The reference implementation's limit on the header length. */
    static final long MAX_HEADER_BYTES = 100_000_000;
    private static final String METADATA = "__metadata__";
    private static final String FIX = "export it again with safetensors' save_file";
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();

    private SafeTensors() {}

    /**
     * A file's tensors, in the header's order, and its {@code __metadata__} (empty if absent).
     * Both maps are unmodifiable.
     */
    public record Contents(SequencedMap<String, Tensor> tensors, SequencedMap<String, String> metadata) {
        public Contents {
            tensors = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(tensors));
            metadata = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(metadata));
        }

        /**
         * The tensor called {@code name}.
         *
         * @throws IllegalArgumentException if there is none, naming those there are
         */
        public Tensor tensor(String name) {
            Tensor t = tensors.get(name);
            if (t == null) {
                throw new IllegalArgumentException("no tensor named " + Input.quote(name) + "; the file has "
                        + String.join(", ", tensors.keySet().stream().map(Input::quote).toList()));
            }
            return t;
        }
    }

    private record Entry(String name, DType dtype, int[] shape, long begin, long end) {}

    /** Reads a safetensors file; see the class comment for what is checked. */
    public static Contents read(Path file) throws IOException {
        return read(Input.readFile(file, FIX), file.toString());
    }

    /**
     * Reads safetensors bytes held in memory.
     *
     * @param name the file's name for messages
     * @throws MalformedFileException on bytes that break the format or an unsupported dtype
     */
    public static Contents read(byte[] bytes, String name) {
        Input in = new Input(bytes, name, FIX);
        long headerLength = in.u64le("the header length");
        if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
            throw in.fail("the header length " + Long.toUnsignedString(headerLength)
                    + " is more than the " + MAX_HEADER_BYTES + " bytes safetensors allows");
        }
        if (headerLength > in.remaining()) {
            throw in.fail("file is truncated: the header length says " + headerLength + " bytes, "
                    + in.remaining() + " follow");
        }
        byte[] header = in.take(headerLength, "the header");
        SequencedMap<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = parseHeader(in, header, metadata);
        long dataStart = in.position();
        checkLayout(in, entries, in.remaining());
        SequencedMap<String, Tensor> tensors = new LinkedHashMap<>();
        for (Entry e : entries) {
            byte[] data = Arrays.copyOfRange(bytes, (int) (dataStart + e.begin), (int) (dataStart + e.end));
            tensors.put(e.name, Tensor.wrap(e.dtype, e.shape, data));
        }
        return new Contents(tensors, metadata);
    }

    private static List<Entry> parseHeader(Input in, byte[] header, Map<String, String> metadata) {
        if (header.length == 0 || header[0] != '{') throw in.fail("the header does not begin with '{'");
        String json;
        try {
            json = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(header)).toString();
        } catch (CharacterCodingException e) {
            throw in.fail("the header is not valid UTF-8");
        }
        List<Entry> entries = new ArrayList<>();
        try (JsonParser p = JSON.createParser(json)) {
            p.nextToken();
            Set<String> seen = new HashSet<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                JsonNode value = p.readValueAsTree();
                if (!seen.add(name)) throw in.fail(Input.quote(name) + " appears twice in the header");
                if (name.equals(METADATA)) metadata.putAll(parseMetadata(in, value));
                else entries.add(parseEntry(in, name, value));
            }
            if (p.nextToken() != null) throw in.fail("the header has more after its JSON object");
        } catch (JsonProcessingException e) {
            throw in.fail("the header is not valid JSON (" + Input.quote(e.getOriginalMessage()) + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("reading JSON from a string", e);
        }
        return entries;
    }

    private static Map<String, String> parseMetadata(Input in, JsonNode value) {
        Map<String, String> metadata = new LinkedHashMap<>();
        for (var field : value.properties()) {
            if (!field.getValue().isTextual()) break;
            metadata.put(field.getKey(), field.getValue().textValue());
        }
        // An object whose every value is a string, as the format says; properties() of a non-object is empty.
        if (!value.isObject() || metadata.size() != value.size()) {
            throw in.fail("__metadata__ is not an object of strings, as safetensors requires");
        }
        return metadata;
    }

    private static Entry parseEntry(Input in, String name, JsonNode value) {
        String tensor = "tensor " + Input.quote(name);
        JsonNode dtypeNode = value.path("dtype");
        long[] dims = naturals(value.path("shape"));
        long[] offsets = naturals(value.path("data_offsets"));
        if (!dtypeNode.isTextual() || dims == null || offsets == null || offsets.length != 2) {
            throw in.fail(tensor + " does not have a dtype string, a shape of natural numbers and data_offsets [begin, end]");
        }
        DType dtype = dtype(in, tensor, dtypeNode.textValue());
        long count = Tensor.elementCount(dims);
        if (count < 0 || count * dtype.byteSize() > Tensor.MAX_BYTES) {
            throw in.fail(tensor + " has shape " + Arrays.toString(dims) + ", more than a tensor can hold");
        }
        long begin = offsets[0], end = offsets[1];
        if (end < begin) throw in.fail(tensor + " has data_offsets [" + begin + ", " + end + "] that end before they begin");
        if (end - begin != count * dtype.byteSize()) {
            throw in.fail(tensor + " has data_offsets [" + begin + ", " + end + "] holding " + (end - begin)
                    + " bytes, but its shape " + Arrays.toString(dims) + " of " + dtype + " needs " + count * dtype.byteSize());
        }
        int[] shape = new int[dims.length];
        for (int i = 0; i < dims.length; i++) shape[i] = (int) dims[i];
        return new Entry(name, dtype, shape, begin, end);
    }

    /** The array's elements if every one is an integer in [0, Long.MAX_VALUE], else null. */
    private static long[] naturals(JsonNode array) {
        if (!array.isArray()) return null;
        long[] values = new long[array.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode n = array.get(i);
            if (!n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < 0) return null;
            values[i] = n.longValue();
        }
        return values;
    }

    private static DType dtype(Input in, String tensor, String code) {
        for (DType d : DType.values()) {
            if (d.name().equals(code)) return d;
        }
        throw in.fail(tensor + " has dtype " + Input.quote(code) + ", which rnnlab does not read (it reads F32, F64, I32, I64 and U8)",
                "convert it before saving, e.g. to float32 with model.float() in PyTorch");
    }

    /** The tensors must tile the data section: sorted by offset, each begins where the last ended. */
    private static void checkLayout(Input in, List<Entry> entries, long dataLength) {
        for (Entry e : entries) {
            if (e.end > dataLength) {
                throw in.fail("file is truncated: tensor " + Input.quote(e.name) + " ends at byte " + e.end
                        + " of the data, which has " + dataLength);
            }
        }
        List<Entry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long covered = 0;
        Entry previous = null;
        for (Entry e : byOffset) {
            if (e.begin < covered) {
                throw in.fail("tensors " + Input.quote(previous.name) + " and " + Input.quote(e.name) + " overlap in the data");
            }
            if (e.begin > covered) throw in.fail("bytes " + covered + " to " + e.begin + " of the data belong to no tensor");
            covered = e.end;
            previous = e;
        }
        if (covered < dataLength) throw in.fail("the last " + (dataLength - covered) + " bytes of the data belong to no tensor");
    }

    /** Writes {@code tensors} without metadata; see {@link #write(Path, Map, Map)}. */
    public static void write(Path file, Map<String, Tensor> tensors) throws IOException {
        write(file, tensors, Map.of());
    }

    /**
     * Writes a safetensors file atomically, the tensors in the map's iteration order.
     *
     * @param metadata stored as {@code __metadata__}, omitted if empty
     * @throws IllegalArgumentException if a tensor is named {@code __metadata__} or the file would exceed 2 GiB
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        AtomicFiles.write(file, toBytes(tensors, metadata));
    }

    /**
     * The bytes of a safetensors file, laid out as the reference implementation does: compact
     * JSON header padded with spaces so the data begins at a multiple of 8 bytes.
     */
    public static byte[] toBytes(Map<String, Tensor> tensors, Map<String, String> metadata) {
        ObjectNode header = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode m = header.putObject(METADATA);
            metadata.forEach(m::put);
        }
        long offset = 0;
        for (var named : tensors.entrySet()) {
            if (named.getKey().equals(METADATA)) {
                throw new IllegalArgumentException("a tensor cannot be called __metadata__, safetensors reserves the name; rename it");
            }
            Tensor t = named.getValue();
            ObjectNode entry = header.putObject(named.getKey());
            entry.put("dtype", t.dtype().name());
            ArrayNode shape = entry.putArray("shape");
            for (int d : t.shape()) shape.add(d);
            long length = t.littleEndianBytes().length;
            entry.putArray("data_offsets").add(offset).add(offset + length);
            offset += length;
        }
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(header);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("writing JSON of strings and numbers", e);
        }
        int padded = (json.length + 7) / 8 * 8;
        long total = 8L + padded + offset;
        if (total > Tensor.MAX_BYTES) {
            throw new IllegalArgumentException("the tensors need " + total + " bytes, more than the "
                    + Tensor.MAX_BYTES + " of a file rnnlab writes; write them to several files");
        }
        ByteBuffer out = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded).put(json);
        while (out.position() < 8 + padded) out.put((byte) ' ');
        for (Tensor t : tensors.values()) out.put(t.littleEndianBytes());
        return out.array();
    }
}
