package rnnlab.cli;

import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows how far a long job has come: a progress bar with rate and loss on a terminal, plain
 * periodic lines otherwise (a log file or CI must not fill with carriage returns).
 */
final class Progress implements AutoCloseable {
    private final ProgressBar bar;
    private final PrintWriter plain;
    private final String task;
    private final long total;
    private final long every;
    private final String unit;
    private final long started = System.nanoTime();

    private Progress(ProgressBar bar, PrintWriter plain, String task, long total, long every, String unit) {
        this.bar = bar;
        this.plain = plain;
        this.task = task;
        this.total = total;
        this.every = every;
        this.unit = unit;
    }

    /** A bar on an interactive terminal; otherwise about {@code lines} plain lines to {@code err}. */
    static Progress start(String task, long total, PrintWriter err, int lines) {
        return start(task, total, err, lines, "steps");
    }

    /** The same, counting {@code unit} (plural, e.g. "rows") instead of steps. */
    static Progress start(String task, long total, PrintWriter err, int lines, String unit) {
        long every = Math.max(1, total / Math.max(1, lines));
        if (System.console() != null && System.console().isTerminal() && System.getenv("CI") == null) {
            ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                    .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUnit(" " + unit, 1)
                    .showSpeed().setUpdateIntervalMillis(250).build();
            return new Progress(bar, null, task, total, every, unit);
        }
        return new Progress(null, err, task, total, every, unit);
    }

    /** Reports that {@code done} steps are finished, with a short status such as the loss. */
    void update(long done, String status) {
        if (bar != null) {
            bar.stepTo(done);
            bar.setExtraMessage(" " + status);
        } else if (done % every == 0 || done == total) {
            double seconds = (System.nanoTime() - started) / 1e9;
            plain.println(String.format(Locale.ROOT, "%s %d/%d (%.0f%%) %.1f %s/s %s",
                    task, done, total, 100.0 * done / total, done / Math.max(seconds, 1e-9), unit, status));
            plain.flush();
        }
    }

    @Override
    public void close() {
        if (bar != null) bar.close();
    }
}
