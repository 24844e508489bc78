package rnnlab.math;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds and loads OpenBLAS shared libraries: a system one from the usual Linux locations, or
 * the one bundled in the {@code org.bytedeco:openblas:linux-x86_64} jar (only its native
 * files are used, none of its Java classes). Libraries are loaded into the global arena and
 * stay loaded for the life of the process.
 */
final class NativeOpenBlas {
    private NativeOpenBlas() {}

    /** Where the bytedeco jar keeps its natives. */
    private static final String BUNDLE = "/org/bytedeco/openblas/linux-x86_64/";
    /** What the bundled libopenblas needs besides glibc, in loading order. */
    private static final List<String> BUNDLED_DEPENDENCIES =
            List.of("libgcc_s.so.1", "libquadmath.so.0", "libgfortran.so.5");
    private static final String LIBRARY = "libopenblas.so.0";

    /**
     * Binds the first system OpenBLAS that loads: each directory on LD_LIBRARY_PATH (the
     * dynamic linker's own order), then Debian's pthread, default, OpenMP and serial builds,
     * then a few other distributions' locations.
     *
     * @throws IllegalStateException naming every file tried and why it failed
     */
    static OpenBlas loadSystem(int threads) {
        List<String> failures = new ArrayList<>();
        Set<Path> seen = new LinkedHashSet<>();
        for (Path candidate : systemCandidates()) {
            if (!Files.isRegularFile(candidate)) {
                continue;
            }
            Path real;
            try {
                real = candidate.toRealPath();
            } catch (IOException e) {
                continue;
            }
            if (!seen.add(real)) {
                continue; // a symlink to a file already tried
            }
            try {
                SymbolLookup lib = SymbolLookup.libraryLookup(candidate, Arena.global());
                return OpenBlas.bind(lib, "system", candidate.toString(), threads);
            } catch (RuntimeException | LinkageError e) {
                failures.add(candidate + ": " + e.getMessage());
            }
        }
        throw new IllegalStateException(failures.isEmpty()
                ? "no libopenblas.so.0 found (on Debian: apt-get install libopenblas0-pthread)"
                : String.join("; ", failures));
    }

    /** Candidate files, most specific first; missing ones are skipped by the caller. */
    static List<Path> systemCandidates() {
        List<Path> paths = new ArrayList<>();
        String ldPath = System.getenv("LD_LIBRARY_PATH");
        if (ldPath != null) {
            for (String dir : ldPath.split(":")) {
                if (!dir.isBlank()) {
                    paths.add(Path.of(dir, LIBRARY));
                    paths.add(Path.of(dir, "libopenblas.so"));
                }
            }
        }
        Path multiarch = Path.of("/usr/lib", multiarchTriplet());
        for (String sub : List.of("openblas-pthread", ".", "openblas-openmp", "openblas-serial")) {
            paths.add(multiarch.resolve(sub).resolve(LIBRARY).normalize());
        }
        paths.add(Path.of("/usr/lib64", LIBRARY)); // Fedora, openSUSE
        paths.add(Path.of("/usr/lib", LIBRARY)); // Arch
        paths.add(Path.of("/usr/local/lib", LIBRARY)); // built from source
        return paths;
    }

    /** Debian's multiarch directory name for this JVM's architecture. */
    private static String multiarchTriplet() {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "aarch64", "arm64" -> "aarch64-linux-gnu";
            case "ppc64le" -> "powerpc64le-linux-gnu";
            case "riscv64" -> "riscv64-linux-gnu";
            default -> "x86_64-linux-gnu";
        };
    }

    /**
     * Extracts the bundled OpenBLAS and its libraries into a private temporary directory
     * (deleted when the JVM exits), loads the dependencies by path, then OpenBLAS, and binds it.
     * Loading the dependencies first matters: the bundled libgfortran has no RUNPATH, so the
     * dynamic linker would otherwise look for libquadmath in the system directories only.
     *
     * @throws IllegalStateException if this is not linux-x86_64, the jar is not on the class
     *     path, or a library does not load
     */
    static OpenBlas loadBundled(int threads) {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            throw new IllegalStateException("the bundled OpenBLAS is for linux-x86_64, this is "
                    + os + "-" + arch);
        }
        URL url = NativeOpenBlas.class.getResource(BUNDLE + LIBRARY);
        if (url == null) {
            throw new IllegalStateException("org.bytedeco:openblas:linux-x86_64 is not on the "
                    + "class path (no " + BUNDLE + LIBRARY + ")");
        }
        try {
            Path dir = Files.createTempDirectory("rnnlab-openblas-"); // rwx------ on POSIX
            dir.toFile().deleteOnExit(); // registered first, so deleted after its files
            for (String dep : BUNDLED_DEPENDENCIES) {
                SymbolLookup.libraryLookup(extract(dep, dir), Arena.global());
            }
            SymbolLookup lib = SymbolLookup.libraryLookup(extract(LIBRARY, dir), Arena.global());
            return OpenBlas.bind(lib, "bundled", jarName(url), threads);
        } catch (IOException e) {
            throw new IllegalStateException("cannot extract the bundled OpenBLAS: " + e, e);
        }
    }

    /** Copies one resource of the bundle into dir and returns its path. */
    private static Path extract(String file, Path dir) throws IOException {
        Path target = dir.resolve(file);
        try (InputStream in = NativeOpenBlas.class.getResourceAsStream(BUNDLE + file)) {
            if (in == null) {
                throw new IOException(BUNDLE + file + " is missing from the class path");
            }
            Files.copy(in, target);
        }
        target.toFile().deleteOnExit();
        return target;
    }

    /** "jar:file:/…/openblas-0.3.30-1.5.12-linux-x86_64.jar!/org/…" gives the jar's file name. */
    private static String jarName(URL url) {
        String s = url.toString();
        int bang = s.indexOf("!/");
        String head = bang >= 0 ? s.substring(0, bang) : s;
        return head.substring(head.lastIndexOf('/') + 1);
    }
}
