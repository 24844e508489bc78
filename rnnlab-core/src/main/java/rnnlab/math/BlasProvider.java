package rnnlab.math;

import java.util.Locale;
import java.util.function.Supplier;

/**
 * Chooses the {@link Blas} implementation, once per process, and builds specific ones.
 *
 * <p>The choice comes from the system property {@value #PROPERTY}, or the environment
 * variable {@value #ENV} when the property is absent:
 * <ul>
 *   <li>{@code auto} (default): the system OpenBLAS, else the bundled one, else {@link JavaBlas}.
 *       Never fails; {@link #selectionReport()} says why a candidate was passed over.</li>
 *   <li>{@code system}, {@code bundled}: that OpenBLAS or an {@link IllegalStateException}.</li>
 *   <li>{@code openblas}: the system OpenBLAS, else the bundled one, else an exception.</li>
 *   <li>{@code java}: {@link JavaBlas}.</li>
 * </ul>
 * OpenBLAS runs on one thread unless the system property {@value #THREADS_PROPERTY} says
 * otherwise: per-step products are small, and one thread keeps results deterministic.
 * Each OpenBLAS library is loaded at most once per process; the thread count is read then.
 */
public final class BlasProvider {
    private BlasProvider() {}

    /** System property choosing the implementation. */
    public static final String PROPERTY = "rnnlab.blas";
    /** Environment variable read when {@value #PROPERTY} is not set. */
    public static final String ENV = "RNNLAB_BLAS";
    /** System property with OpenBLAS's thread count (default 1). */
    public static final String THREADS_PROPERTY = "rnnlab.blas.threads";

    private static final String ACCEPTED = "auto, system, bundled, openblas, java";

    /** A loaded implementation, or why it could not be loaded. */
    private record Loaded(Blas blas, RuntimeException failure) {
        static Loaded of(Supplier<? extends Blas> loader) {
            try {
                return new Loaded(loader.get(), null);
            } catch (RuntimeException e) {
                return new Loaded(null, e);
            } catch (LinkageError e) { // e.g. a native library with missing symbols
                return new Loaded(null, new IllegalStateException(e.toString(), e));
            }
        }

        Blas orThrow() {
            if (failure != null) {
                throw failure instanceof IllegalArgumentException
                        ? new IllegalArgumentException(failure.getMessage(), failure)
                        : new IllegalStateException(failure.getMessage(), failure);
            }
            return blas;
        }

        String reason() {
            return failure == null ? "loaded" : failure.getMessage();
        }
    }

    // Lazy holders: class initialisation loads each library once, thread-safely, on first use.
    private static final class SystemLib {
        static final Loaded LOADED = Loaded.of(() -> NativeOpenBlas.loadSystem(threads()));
    }

    private static final class BundledLib {
        static final Loaded LOADED = Loaded.of(() -> NativeOpenBlas.loadBundled(threads()));
    }

    private static final class Selected {
        static final String SETTING = setting();
        static final StringBuilder REPORT = new StringBuilder();
        static final Loaded LOADED = Loaded.of(() -> choose(SETTING, REPORT));
    }

    /** The implementation for this process ({@link Blas#get()}), chosen on first call. */
    static Blas selected() {
        return Selected.LOADED.orThrow();
    }

    /**
     * How the process-wide implementation was chosen, for logs and benchmark output, e.g.
     * "rnnlab.blas=auto: system: loaded → openblas 0.3.21 system (…)".
     */
    public static String selectionReport() {
        Loaded l = Selected.LOADED;
        return PROPERTY + "=" + Selected.SETTING + "; " + Selected.REPORT
                + (l.failure == null ? "chose " + l.blas.name() : "failed: " + l.reason());
    }

    /**
     * A specific implementation, independent of {@value #PROPERTY}: "java", "system",
     * "bundled", "openblas" (system, else bundled) or "auto". OpenBLAS instances are shared:
     * each library is loaded once per process.
     *
     * @throws IllegalArgumentException for any other kind
     * @throws IllegalStateException if that implementation cannot be loaded here
     */
    public static Blas create(String kind) {
        return choose(kind, new StringBuilder());
    }

    /** Implements {@link #create}, noting in report each candidate tried. */
    private static Blas choose(String kind, StringBuilder report) {
        String k = kind.trim().toLowerCase(Locale.ROOT);
        if (!k.equals("java")) {
            threads(); // a malformed thread count is an error, not a reason to fall back
        }
        return switch (k) {
            case "java" -> new JavaBlas();
            case "system" -> SystemLib.LOADED.orThrow();
            case "bundled" -> BundledLib.LOADED.orThrow();
            case "openblas", "auto" -> firstAvailable(k.equals("auto"), report);
            default -> throw new IllegalArgumentException("unknown " + PROPERTY + " value '"
                    + kind + "'; accepted: " + ACCEPTED);
        };
    }

    /** System OpenBLAS, else bundled, else Java if allowed, else an exception with both reasons. */
    private static Blas firstAvailable(boolean javaAllowed, StringBuilder report) {
        Loaded system = SystemLib.LOADED;
        report.append("system: ").append(system.reason()).append("; ");
        if (system.failure == null) {
            return system.blas;
        }
        Loaded bundled = BundledLib.LOADED;
        report.append("bundled: ").append(bundled.reason()).append("; ");
        if (bundled.failure == null) {
            return bundled.blas;
        }
        if (!javaAllowed) {
            throw new IllegalStateException(
                    "no OpenBLAS could be loaded: " + report.toString().trim());
        }
        System.getLogger(BlasProvider.class.getName()).log(System.Logger.Level.WARNING,
                "no OpenBLAS could be loaded, using pure Java matrix products (slower): {0}",
                report.toString().trim());
        return new JavaBlas();
    }

    /** The configured choice: property, else environment, else "auto". */
    private static String setting() {
        String p = System.getProperty(PROPERTY);
        if (p == null || p.isBlank()) {
            p = System.getenv(ENV);
        }
        return p == null || p.isBlank() ? "auto" : p.trim();
    }

    /** OpenBLAS's thread count from {@value #THREADS_PROPERTY}, default 1. */
    static int threads() {
        String p = System.getProperty(THREADS_PROPERTY, "1").trim();
        try {
            int t = Integer.parseInt(p);
            if (t >= 1) {
                return t;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(THREADS_PROPERTY + " must be a positive integer, not '"
                + p + "'");
    }
}
