package rnnlab.cli.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A reading of the machine's CPU time counters (the "cpu" line of Linux's /proc/stat), for the
 * share of the time its CPUs had work that the hypervisor gave to other guests in between:
 * "steal". On a shared virtual machine a step's time grows with the steal, whatever the code
 * does, so a row measured under it is slower than the code. Idle time is left out, so one busy
 * thread on a machine of many CPUs sees the same share as many.
 *
 * @param busy ticks, all CPUs, the CPUs had work: user, nice, system, irq, softirq and steal
 * @param steal the part of them the hypervisor ran something else
 */
public record HostSteal(long busy, long steal) {
    /** Above this share of stolen CPU time a row's times say more about the host than the code. */
    public static final double NOISY_PERCENT = 5;

    private static final Path STAT = Path.of("/proc/stat");

    /** The counters now; empty where /proc/stat is not there or has no steal column. */
    public static Optional<HostSteal> now() {
        try {
            return Files.readAllLines(STAT).stream().findFirst().flatMap(HostSteal::parse);
        } catch (IOException | UncheckedIOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /**
     * The first line of /proc/stat, "cpu user nice system idle iowait irq softirq steal ...":
     * the sum of the first eight figures but idle and iowait (guest time is already in user),
     * and the eighth.
     */
    static Optional<HostSteal> parse(String line) {
        String[] f = line.trim().split("\\s+");
        if (f.length < 9 || !f[0].equals("cpu")) return Optional.empty();
        long busy = 0;
        try {
            for (int i = 1; i <= 8; i++) if (i != 4 && i != 5) busy += Long.parseLong(f[i]);
            return Optional.of(new HostSteal(busy, Long.parseLong(f[8])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Percent of the busy time from this reading to {@code later} that was stolen; NaN when none passed. */
    public double percentUntil(HostSteal later) {
        long dt = later.busy - busy;
        return dt <= 0 ? Double.NaN : 100.0 * (later.steal - steal) / dt;
    }

    /** {@link #percentUntil} between two readings that may be missing: NaN then. */
    static double percent(Optional<HostSteal> before, Optional<HostSteal> after) {
        return before.isPresent() && after.isPresent() ? before.get().percentUntil(after.get()) : Double.NaN;
    }
}
