package rnnlab.report;

import java.util.Objects;

/**
 * One part of a {@link Report}: a heading, a short paragraph in plain language saying what the
 * reader should see, and the figure that shows it.
 *
 * @param heading the section's heading
 * @param text    a paragraph of plain text (not HTML)
 * @param figure  the chart, row of charts or table
 */
public record Section(String heading, String text, Figure figure) {
    public Section {
        Objects.requireNonNull(heading, "heading");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(figure, "figure");
    }
}
