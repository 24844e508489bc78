package rnnlab.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A table of text: a header row and body rows of as many cells. Drawn as plain HTML, so it
 * reads without script.
 *
 * @param header the column names
 * @param rows   the body rows, each as long as the header
 */
public record Table(List<String> header, List<List<String>> rows) implements Figure {
    public Table {
        header = List.copyOf(header);
        rows = rows.stream().map(List::copyOf).toList();
        for (List<String> row : rows) {
            if (row.size() != header.size()) {
                throw new IllegalArgumentException(
                        "table row " + row + " has " + row.size() + " cells for " + header.size() + " columns");
            }
        }
    }

    /** A table with the given column names and no rows yet. */
    public static Table of(String... header) {
        return new Table(List.of(header), List.of());
    }

    /** This table with one more row at the bottom. */
    public Table row(String... cells) {
        List<List<String>> all = new ArrayList<>(rows);
        all.add(List.of(cells));
        return new Table(header, all);
    }
}
