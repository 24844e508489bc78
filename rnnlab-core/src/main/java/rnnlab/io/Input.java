package rnnlab.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A reader's position in the bytes of one file, and how to say what is wrong with them. Every
 * read is checked against the bytes that remain, so a length read from the file is compared
 * with the real size before anything is allocated from it.
 */
final class Input {
    private final byte[] bytes;
    private final String name;
    private final String fix;
    private final String part;
    private int pos;

    /**
     * @param name the file's name in messages
     * @param fix what the user can do when the file is bad, ending every message
     */
    Input(byte[] bytes, String name, String fix) {
        this(bytes, name, fix, "");
    }

    /** The bytes of one part of a file, such as an archive's entry: {@code part} begins every problem. */
    Input(byte[] bytes, String name, String fix, String part) {
        this.bytes = bytes;
        this.name = name;
        this.fix = fix;
        this.part = part;
    }

    /** Reads a whole file, refusing one too large for a Java array before reading it. */
    static byte[] readFile(Path path, String fix) throws IOException {
        long size = Files.size(path);
        if (size > Tensor.MAX_BYTES) {
            throw new MalformedFileException(path.toString(), "file is " + size + " bytes, more than the "
                    + Tensor.MAX_BYTES + " rnnlab reads", "split it into smaller files");
        }
        return Files.readAllBytes(path);
    }

    /** The exception for this file: {@code problem} is what is wrong, one line. */
    MalformedFileException fail(String problem) {
        return new MalformedFileException(name, part + problem, fix);
    }

    /** As {@link #fail(String)} with a fix particular to this problem. */
    MalformedFileException fail(String problem, String particularFix) {
        return new MalformedFileException(name, part + problem, particularFix);
    }

    String name() {
        return name;
    }

    String fix() {
        return fix;
    }

    int position() {
        return pos;
    }

    int remaining() {
        return bytes.length - pos;
    }

    /** Moves to {@code position}, which must lie within the file, for {@code what}. */
    void seek(long position, String what) {
        if (position < 0 || position > bytes.length) {
            throw fail(what + " is at byte " + position + ", beyond the file's " + bytes.length);
        }
        pos = (int) position;
    }

    void skip(long n, String what) {
        require(n, what);
        pos += (int) n;
    }

    /** Fails unless {@code n} more bytes remain for {@code what}. */
    void require(long n, String what) {
        if (n > remaining()) {
            throw fail("file is truncated: " + what + " needs " + n + " bytes, " + remaining() + " remain");
        }
    }

    /** Fails if any byte remains after {@code what}, the last thing the format holds. */
    void requireEnd(String what) {
        if (remaining() > 0) throw fail(remaining() + " unexpected bytes follow " + what);
    }

    int u8(String what) {
        require(1, what);
        return bytes[pos++] & 0xFF;
    }

    int u16le(String what) {
        require(2, what);
        int v = (bytes[pos] & 0xFF) | (bytes[pos + 1] & 0xFF) << 8;
        pos += 2;
        return v;
    }

    long u32le(String what) {
        require(4, what);
        long v = 0;
        for (int i = 3; i >= 0; i--) v = v << 8 | (bytes[pos + i] & 0xFF);
        pos += 4;
        return v;
    }

    /** An unsigned 64-bit value; one above {@code Long.MAX_VALUE} comes back negative. */
    long u64le(String what) {
        require(8, what);
        long v = 0;
        for (int i = 7; i >= 0; i--) v = v << 8 | (bytes[pos + i] & 0xFF);
        pos += 8;
        return v;
    }

    int i32be(String what) {
        require(4, what);
        int v = 0;
        for (int i = 0; i < 4; i++) v = v << 8 | (bytes[pos + i] & 0xFF);
        pos += 4;
        return v;
    }

    /** A copy of the next {@code n} bytes. */
    byte[] take(long n, String what) {
        require(n, what);
        byte[] out = Arrays.copyOfRange(bytes, pos, pos + (int) n);
        pos += (int) n;
        return out;
    }

    /** A name or text from the file, quoted and shortened to fit a one-line message. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder("'");
        s.codePoints().limit(80).forEach(c -> {
            if (Character.isISOControl(c) || c == '\'' || c == '\\') {
                out.append(String.format("\\x%02x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        if (s.codePointCount(0, s.length()) > 80) out.append("...");
        return out.append('\'').toString();
    }
}
