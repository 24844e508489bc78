package rnnlab.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Lays out one {@link Report} as an HTML page: static HTML for the text and tables, an empty
 * element per chart, and the JSON, library and script that draw into those elements.
 */
final class HtmlPage {
    /** Nothing may be fetched: no script, style, image, font or connection from anywhere. */
    private static final String CONTENT_SECURITY_POLICY =
            "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:";
    private static final String RESOURCES = "rnnlab/report/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Report report;
    private final StringBuilder html = new StringBuilder(1 << 21);
    private final List<ChartSpec> charts = new ArrayList<>();

    HtmlPage(Report report) {
        this.report = report;
    }

    String render() {
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"")
                .append(CONTENT_SECURITY_POLICY).append("\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(Html.escape(report.title())).append("</title>\n")
                .append("<style>\n").append(Resources.text(RESOURCES + "report.css")).append("</style>\n")
                // First of all scripts, so that it also sees errors of the library and the data.
                .append("<script>\n").append(Resources.text(RESOURCES + "status.js")).append("</script>\n")
                .append("</head>\n<body>\n<main>\n");
        header();
        List<Section> sections = report.sections();
        for (int i = 0; i < sections.size(); i++) {
            section(i + 1, sections.get(i));
        }
        footer();
        html.append("</main>\n");
        scripts();
        html.append("</body>\n</html>\n");
        return html.toString();
    }

    private void header() {
        html.append("<header>\n<h1>").append(Html.escape(report.title())).append("</h1>\n");
        if (!report.subtitle().isEmpty()) {
            html.append("<p class=\"subtitle\">").append(Html.escape(report.subtitle())).append("</p>\n");
        }
        if (!report.metadata().isEmpty()) {
            html.append("<table class=\"metadata\">\n");
            for (Map.Entry<String, String> line : report.metadata().entrySet()) {
                html.append("<tr><th scope=\"row\">").append(Html.escape(line.getKey()))
                        .append("</th><td>").append(Html.escape(line.getValue())).append("</td></tr>\n");
            }
            html.append("</table>\n");
        }
        html.append("</header>\n");
    }

    private void section(int number, Section section) {
        html.append("<section id=\"section-").append(number).append("\">\n<h2>")
                .append(Html.escape(section.heading())).append("</h2>\n");
        if (!section.text().isEmpty()) {
            html.append("<p class=\"lede\">").append(Html.escape(section.text())).append("</p>\n");
        }
        switch (section.figure()) {
            case LineChart chart -> lineCharts(List.of("chart-" + number), List.of(chart), false);
            case ChartRow row -> lineCharts(rowIds(number, row.charts().size()), row.charts(), row.yShared());
            case Heatmap heatmap -> heatmap("chart-" + number, heatmap);
            case Table table -> table("table-" + number, table);
        }
        html.append("</section>\n");
    }

    /** One chart, or several side by side, each drawn from its own spec. */
    private void lineCharts(List<String> ids, List<LineChart> row, boolean sharedY) {
        YRange shared = sharedY ? YRange.covering(row, row.getFirst().yLogarithmic()) : null;
        html.append("<div class=\"row\" style=\"grid-template-columns: repeat(").append(row.size())
                .append(", minmax(0, 1fr))\">\n");
        for (int c = 0; c < row.size(); c++) {
            LineChart chart = row.get(c);
            chartBox(ids.get(c), "line", chart.title());
            charts.add(ChartSpecs.line(ids.get(c), chart, shared != null ? shared : ownRange(chart)));
        }
        html.append("</div>\n");
    }

    /** Whole decades on a log axis (the library's own choice may end mid-decade), else the library's. */
    private static YRange ownRange(LineChart chart) {
        return chart.yLogarithmic() ? YRange.covering(List.of(chart), true) : YRange.AUTOMATIC;
    }

    private static List<String> rowIds(int section, int count) {
        return IntStream.rangeClosed(1, count).mapToObj(c -> "chart-" + section + "-" + c).toList();
    }

    private void heatmap(String id, Heatmap heatmap) {
        html.append("<div class=\"row\" style=\"grid-template-columns: minmax(0, 1fr)\">\n");
        chartBox(id, "heatmap", heatmap.title());
        html.append("</div>\n");
        charts.add(ChartSpecs.heatmap(id, heatmap));
    }

    /** A titled box the script draws into; the title is HTML so it stays sharp and selectable. */
    private void chartBox(String id, String kind, String title) {
        html.append("<figure class=\"chart-box\">\n");
        if (!title.isEmpty()) {
            html.append("<figcaption>").append(Html.escape(title)).append("</figcaption>\n");
        }
        html.append("<div class=\"chart ").append(kind).append("\" id=\"").append(id)
                .append("\" role=\"img\" aria-label=\"").append(Html.escape(title)).append("\"></div>\n")
                .append("</figure>\n");
    }

    private void table(String id, Table table) {
        html.append("<table class=\"data\" id=\"").append(id).append("\">\n<thead><tr>");
        for (String name : table.header()) {
            html.append("<th>").append(Html.escape(name)).append("</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        for (List<String> row : table.rows()) {
            html.append("<tr>");
            for (String cell : row) {
                html.append("<td>").append(Html.escape(cell)).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</tbody>\n</table>\n");
    }

    private void footer() {
        html.append("<footer>\n<p>Written by rnnlab-report. Charts drawn by Apache ECharts ")
                .append(Html.escape(EChartsLibrary.version()))
                .append(" (Apache License 2.0), which this file carries inline: it opens offline.</p>\n")
                .append("<noscript><p>The charts need JavaScript; the tables above do not.</p></noscript>\n")
                .append("<pre id=\"render-status\">not rendered</pre>\n</footer>\n");
    }

    private void scripts() {
        html.append("<script type=\"application/json\" id=\"report-data\">")
                .append(chartsJson()).append("</script>\n")
                .append("<script>\n").append(EChartsLibrary.script()).append("\n</script>\n")
                .append("<script>\n").append(Resources.text(RESOURCES + "render.js")).append("</script>\n");
    }

    /**
     * The chart specs as JSON that is safe inside a script element: '<', '>' and '&' can only
     * occur inside JSON strings, where their \\u escapes mean the same.
     */
    private String chartsJson() {
        try {
            return JSON.writeValueAsString(Map.of("charts", charts))
                    .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the chart data", e);
        }
    }
}
