package rnnlab.io;

/**
 * A file that rnnlab cannot read: its bytes break the format, or use a part of it rnnlab does not
 * support. The message is one line naming the file, what is wrong and what to do about it, for
 * example {@code "w.npy: file is truncated: the data needs 24 bytes, 10 remain; save it again
 * with numpy.save"}. The readers of {@code rnnlab.io} throw nothing else on bad bytes.
 */
public final class MalformedFileException extends IllegalArgumentException {
    private final String file;

    /**
     * @param file the file's name as the user knows it
     * @param problem what is wrong, one line
     * @param fix what the user can do, one line
     */
    public MalformedFileException(String file, String problem, String fix) {
        super(file + ": " + problem + "; " + fix);
        this.file = file;
    }

    /** The file's name as given to the reader. */
    public String file() {
        return file;
    }
}
