package rnnlab.cli;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import rnnlab.math.Blas;
import rnnlab.model.ModelFile;

/**
 * Files named by flags: a missing or unreadable input, or an output that cannot be written, is a
 * usage error (exit code 2) naming the flag, not a stack trace.
 */
final class CliFiles {
    private CliFiles() {}

    /** A write that may fail with an IOException. */
    interface Write {
        void run() throws IOException;
    }

    /** {@code file}, checked to be a readable regular file; a UsageException naming {@code flag} otherwise. */
    static Path readable(String flag, Path file) {
        if (!Files.exists(file)) throw new Main.UsageException(flag + " " + file + ": no such file; check the path");
        if (Files.isDirectory(file)) throw new Main.UsageException(flag + " " + file + ": is a directory; give a file");
        if (!Files.isReadable(file))
            throw new Main.UsageException(flag + " " + file + ": cannot be read (permission denied); check its permissions");
        return file;
    }

    /** Loads a model file (rnnlab's or a bare PyTorch state dict) given by {@code flag}. */
    static ModelFile.Loaded loadModel(String flag, Path file, boolean rnnRelu, Blas blas) throws IOException {
        return ModelFile.load(readable(flag, file), blas, rnnRelu);
    }

    /**
     * Runs {@code write}, turning a failure to write {@code file} into a usage error naming
     * {@code flag}. A directory given as the file, or a file where a directory should be, is
     * named before anything is written.
     */
    static void write(String flag, Path file, Write write) {
        Path absolute = file.toAbsolutePath();
        if (Files.isDirectory(absolute)) throw new Main.UsageException(flag + " " + file + ": is a directory; give a file name");
        for (Path dir = absolute.getParent(); dir != null; dir = dir.getParent())
            if (Files.exists(dir)) {
                if (!Files.isDirectory(dir))
                    throw new Main.UsageException("cannot write " + flag + " " + file + ": " + dir + " is a file, not a directory; choose another path");
                break;
            }
        try {
            write.run();
        } catch (IOException e) {
            throw new Main.UsageException("cannot write " + flag + " " + file + ": cannot create a file in " + absolute.getParent()
                    + " (" + reason(e) + "); choose another path");
        }
    }

    /** An IOException in a few words; a file-system one's message is only a (temporary) path, so its type and reason. */
    private static String reason(IOException e) {
        if (!(e instanceof FileSystemException f)) return e.getMessage();
        String type = f.getClass().getSimpleName().replace("Exception", "");
        return f.getReason() == null ? type : type + ": " + f.getReason();
    }
}
