package rnnlab.cli.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The machine a benchmark ran on, read from /proc on Linux ("unknown" elsewhere), and the
 * process's resident memory.
 *
 * @param cpu the CPU's model name and its widest vector extension
 * @param cores processors available to the JVM
 * @param memory total memory
 * @param os operating system and kernel
 * @param java the JDK's version and vendor
 * @param date when the benchmark started, ISO 8601 with the zone offset
 * @param load the load averages over 1, 5 and 15 minutes when it started (a shared machine is noisy)
 */
public record Machine(String cpu, int cores, String memory, String os, String java, String date, String load) {
    private static final Path CPUINFO = Path.of("/proc/cpuinfo");
    private static final Path MEMINFO = Path.of("/proc/meminfo");
    private static final Path STATUS = Path.of("/proc/self/status");

    /** This machine, now. */
    public static Machine describe() {
        return new Machine(cpuModel(), Runtime.getRuntime().availableProcessors(), field(MEMINFO, "MemTotal").orElse("unknown"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                Runtime.version() + " (" + System.getProperty("java.vendor") + ", " + System.getProperty("java.vm.name") + ")",
                ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME).replaceFirst("\\.\\d+", ""),
                read(Path.of("/proc/loadavg")).map(s -> String.join(" ", List.of(s.trim().split("\\s+")).subList(0, 3))).orElse("unknown"));
    }

    /** The process's peak resident set (VmHWM) in bytes, or -1 where /proc is not there. */
    public static long peakRssBytes() {
        return field(STATUS, "VmHWM").map(Machine::kilobytes).orElse(-1L);
    }

    /**
     * Resets the peak resident set to the current one (Linux: "5" to /proc/self/clear_refs), so
     * that the next {@link #peakRssBytes} is the peak since now. Returns false where it cannot.
     */
    public static boolean resetPeakRss() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    private static String cpuModel() {
        String model = field(CPUINFO, "model name").orElse(System.getProperty("os.arch"));
        String flags = " " + field(CPUINFO, "flags").orElse("") + " ";
        String vector = flags.contains(" avx512f ") ? "AVX-512" : flags.contains(" avx2 ") ? "AVX2" : flags.contains(" neon ") ? "NEON" : "";
        return vector.isEmpty() ? model : model + ", " + vector;
    }

    /** The value of the first "name: value" line of a /proc file. */
    private static Optional<String> field(Path file, String name) {
        return read(file).flatMap(text -> text.lines()
                .filter(l -> l.startsWith(name) && l.substring(name.length()).trim().startsWith(":"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim())
                .findFirst());
    }

    private static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file));
        } catch (IOException | UncheckedIOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** "123456 kB" in bytes. */
    private static long kilobytes(String value) {
        String[] parts = value.trim().split("\\s+");
        return Long.parseLong(parts[0]) * (parts.length > 1 && parts[1].equalsIgnoreCase("kB") ? 1024 : 1);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s; %d cores; %s; %s; java %s; load %s; %s", cpu, cores, memory, os, java, load, date);
    }
}
