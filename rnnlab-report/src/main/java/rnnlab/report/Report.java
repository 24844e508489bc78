package rnnlab.report;

import rnnlab.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.SequencedMap;
import rnnlab.io.AtomicFiles;

/**
 * A report written as one self-contained HTML file: a title, a subtitle, a table of metadata
 * (versions, settings) and sections in order. Built by {@link #titled} and the methods that
 * return a changed copy:
 *
 * <pre>{@code
 * Report.titled("Gradient flow")
 *         .subtitle("Adding problem, T = 100")
 *         .metadata("seed", "1")
 *         .section("Per-lag gradient norm", "The RNN's norm falls by ten orders of magnitude.",
 *                 ChartRow.of(rnn, lstm, gru).sharedY())
 *         .writeTo(Path.of("out/report.html"));
 * }</pre>
 *
 * <p>Charts get ids from their position: the figure of section {@code s} (counted from 1) is
 * {@code chart-s} or {@code table-s}, and chart {@code c} of a {@link ChartRow} is
 * {@code chart-s-c}.
 *
 * @param title    the page's title and top heading
 * @param subtitle one line under the title, or empty
 * @param metadata key/value lines shown under the subtitle, in insertion order
 * @param sections the sections, in order
 */
public record Report(String title, String subtitle, SequencedMap<String, String> metadata,
                     List<Section> sections) {
    public Report {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(subtitle, "subtitle");
        metadata = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(metadata));
        sections = List.copyOf(sections);
    }

    /** An empty report with the given title. */
    public static Report titled(String title) {
        return new Report(title, "", new LinkedHashMap<>(), List.of());
    }

    /** This report with the given subtitle. */
    public Report subtitle(String subtitle) {
        return new Report(title, subtitle, metadata, sections);
    }

    /** This report with one more metadata line (or {@code key}'s value replaced). */
    public Report metadata(String key, String value) {
        SequencedMap<String, String> all = new LinkedHashMap<>(metadata);
        all.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return new Report(title, subtitle, all, sections);
    }

    /** This report with one more section at the end. */
    public Report section(Section section) {
        List<Section> all = new ArrayList<>(sections);
        all.add(section);
        return new Report(title, subtitle, metadata, all);
    }

    /** This report with one more section at the end. */
    public Report section(String heading, String text, Figure figure) {
        return section(new Section(heading, text, figure));
    }

    /** The whole page: HTML with its styles, data, charting library and script inline. */
    public String toHtml() {
        return new HtmlPage(this).render();
    }

    /**
     * Writes the page to {@code file} atomically: a reader sees the old file or the new one,
     * never part of one. Creates missing parent directories.
     */
    public void writeTo(Path file) throws IOException {
        AtomicFiles.write(file, toHtml());
    }
}
