package rnnlab.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Selection of the {@link Blas} implementation. */
class BlasProviderTest {
    /** Where Debian's libopenblas0-pthread installs; present here and on CI. */
    private static final Path DEBIAN_PTHREAD =
            Path.of("/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0");

    @Test
    void javaIsAlwaysAvailable() {
        Blas java = BlasProvider.create("java");
        assertInstanceOf(JavaBlas.class, java);
        assertEquals("java", java.name());
        assertEquals(1, java.threads());
    }

    @Test
    void systemOpenBlasLoadsWhereDebianInstalledIt() {
        assumeTrue(Files.exists(DEBIAN_PTHREAD),
                "libopenblas0-pthread is not installed");
        Blas system = BlasProvider.create("system");
        assertInstanceOf(OpenBlas.class, system);
        assertTrue(system.name().startsWith("openblas 0."), system.name());
        assertTrue(system.name().contains(" system ("), system.name());
        assertEquals(1, system.threads(), "one thread by default");
        assertSame(system, BlasProvider.create("system"), "loaded once per process");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void bundledOpenBlasLoadsOnLinuxX86() {
        assumeTrue(
                System.getProperty("os.arch").equals("amd64"), "bundle is for x86_64");
        Blas bundled = BlasProvider.create("bundled");
        assertTrue(bundled.name().startsWith("openblas 0.3.30 bundled ("), bundled.name());
        assertTrue(bundled.name().contains("openblas-0.3.30"), bundled.name());
        assertEquals(1, bundled.threads());
        assertSame(bundled, BlasProvider.create("bundled"));
    }

    @Test
    void autoAndOpenblasPreferSystemThenBundled() {
        Blas auto = BlasProvider.create("auto");
        Blas openblas;
        try {
            openblas = BlasProvider.create("openblas");
        } catch (IllegalStateException e) {
            assertInstanceOf(JavaBlas.class, auto, "auto must fall back to Java");
            return;
        }
        assertSame(openblas, auto);
        if (Files.exists(DEBIAN_PTHREAD)) {
            assertSame(BlasProvider.create("system"), auto);
        }
    }

    @Test
    void valuesAreCaseAndSpaceInsensitive() {
        assertInstanceOf(JavaBlas.class, BlasProvider.create(" JAVA "));
    }

    @Test
    void unknownValueNamesTheAcceptedOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BlasProvider.create("mkl"));
        for (String v : List.of("'mkl'", "auto", "system", "bundled", "openblas", "java")) {
            assertTrue(e.getMessage().contains(v), e.getMessage());
        }
    }

    @Test
    void processWideChoiceIsAutoByDefault() {
        // Surefire sets neither the property nor the variable.
        assumeTrue(System.getProperty(BlasProvider.PROPERTY) == null
                && System.getenv(BlasProvider.ENV) == null);
        assertSame(BlasProvider.create("auto"), Blas.get());
        assertSame(Blas.get(), Blas.get());
        assertTrue(BlasProvider.selectionReport().startsWith("rnnlab.blas=auto; "),
                BlasProvider.selectionReport());
        assertTrue(BlasProvider.selectionReport().endsWith("chose " + Blas.get().name()),
                BlasProvider.selectionReport());
    }

    // The property is read once per process, so these run a fresh JVM.

    @Test
    void propertySelectsInAFreshJvm() throws Exception {
        assertEquals("java", runSelection(List.of("-Drnnlab.blas=java"), Map.of()));
        String bad = runSelection(List.of("-Drnnlab.blas=fast"), Map.of());
        assertTrue(bad.startsWith("IllegalArgumentException: unknown rnnlab.blas value 'fast'"),
                bad);
    }

    @Test
    void environmentSelectsWhenThePropertyIsAbsent() throws Exception {
        assertEquals("java", runSelection(List.of(), Map.of("RNNLAB_BLAS", "java")));
        assertEquals("java",
                runSelection(List.of("-Drnnlab.blas=java"), Map.of("RNNLAB_BLAS", "bundled")));
    }

    @Test
    void threadCountComesFromTheProperty() throws Exception {
        assumeTrue(Files.exists(DEBIAN_PTHREAD));
        String name = runSelection(List.of("-Drnnlab.blas=system", "-Drnnlab.blas.threads=2"),
                Map.of());
        assertTrue(name.endsWith("; 2 threads)"), name);
        String bad = runSelection(List.of("-Drnnlab.blas.threads=0"), Map.of());
        assertTrue(bad.startsWith("IllegalArgumentException: rnnlab.blas.threads"), bad);
    }

    @Test
    void concurrentCallSectionsRunOpenBlasOnOneThreadAndRestoreItsCount() throws Exception {
        assumeTrue(Files.exists(DEBIAN_PTHREAD));
        assertEquals("2 1 1 2", runSelection(List.of("-Drnnlab.blas=system", "-Drnnlab.blas.threads=2"), Map.of(), "sections"));
        assertEquals("1 1 1 1", runSelection(List.of("-Drnnlab.blas=system"), Map.of(), "sections"));
        assertEquals("1 1 1 1", runSelection(List.of("-Drnnlab.blas=java"), Map.of(), "sections"));
    }

    @Test
    void aLibraryThatIsNotOpenBlasIsSkipped(@TempDir Path dir) throws Exception {
        assumeTrue(Files.exists(DEBIAN_PTHREAD));
        Path libm = Path.of("/usr/lib/x86_64-linux-gnu/libm.so.6");
        assumeTrue(Files.exists(libm));
        Files.copy(libm, dir.resolve("libopenblas.so.0")); // loads, but has no OpenBLAS
        String name = runSelection(List.of("-Drnnlab.blas=system"),
                Map.of("LD_LIBRARY_PATH", dir.toString()));
        assertTrue(name.startsWith("openblas 0.") && name.contains(DEBIAN_PTHREAD.toString()),
                name);
    }

    /** Runs {@link SelectionMain} and returns its one line of output. */
    private static String runSelection(List<String> jvmArgs, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(SelectionMain.class.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove(BlasProvider.ENV);
        pb.environment().putAll(env);
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "selection JVM hung");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        String[] lines = out.split("\n");
        return lines[lines.length - 1];
    }
}
