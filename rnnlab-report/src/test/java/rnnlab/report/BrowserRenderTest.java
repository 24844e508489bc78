package rnnlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens written reports in headless Chromium and reads what the page says it drew. The
 * screenshot of the example report is kept in target/report-screenshots/ for a person to look at.
 */
class BrowserRenderTest {
    private static final Path SCREENSHOTS = Path.of("target", "report-screenshots");
    private static final double NAN = Double.NaN;

    @TempDir
    Path dir;

    // Per test rather than per class, so that a run without Chromium counts them as skipped.
    @BeforeEach
    void needsChromium() {
        Assumptions.assumeTrue(HeadlessChromium.installed(),
                HeadlessChromium.BINARY + " is absent (Debian: apt-get install chromium); browser tests skipped");
    }

    @Test
    void exampleReportDrawsEveryChartWithoutErrorsOrFetches() throws Exception {
        Path page = dir.resolve("report.html");
        ExampleReport.build().writeTo(page);

        RenderStatus status = RenderStatus.parse(HeadlessChromium.dumpDom(page));

        assertEquals(List.of(), status.errors());
        assertTrue(status.done(), "the page finished drawing");
        assertEquals(0, status.resources(), "resources fetched by a self-contained page");
        int lags = ExampleReport.LAGS;
        int probes = ExampleReport.TRAINING_STEPS / ExampleReport.PROBE_EVERY + 1;
        assertEquals(Map.of(
                "chart-1-1", 2 * lags, "chart-1-2", 2 * lags, "chart-1-3", 2 * lags,
                "chart-2", lags * probes,
                "chart-3", 2 * (probes - 1) + 2), status.points());
    }

    @Test
    void exampleReportScreenshot() throws Exception {
        Path page = SCREENSHOTS.resolve("report.html");
        ExampleReport.build().writeTo(page);
        Path png = SCREENSHOTS.resolve("report.png");
        Files.deleteIfExists(png);

        HeadlessChromium.screenshot(page, png, 1400, 2400);

        assertTrue(Files.size(png) > 50_000, "a screenshot with charts in it, not a blank page: " + Files.size(png));
    }

    @Test
    void unplottableValuesLeaveGapsNotErrors() throws Exception {
        Path page = dir.resolve("edge.html");
        edgeCases().writeTo(page);

        String dom = HeadlessChromium.dumpDom(page);
        RenderStatus status = RenderStatus.parse(dom);

        assertEquals(List.of(), status.errors());
        assertTrue(status.done());
        assertEquals(Map.of(
                "chart-1", 6,
                "chart-2-1", 2, "chart-2-2", 2,
                "chart-3", 3,
                "chart-4", 3,
                "chart-5", 1,
                "chart-6", 0), status.points());
        assertTrue(dom.contains("&lt;/script&gt;&lt;b&gt;bold?&lt;/b&gt;"), "markup in a title stays text");
    }

    @Test
    void scriptErrorsAndMissingChartsAreReported() throws Exception {
        Path page = dir.resolve("broken.html");
        String html = ExampleReport.build().toHtml().replace("id=\"chart-3\"", "id=\"chart-3-renamed\"");
        // The page's own end: the inlined library has "</body>" in a string of its own.
        int end = html.lastIndexOf("</body>");
        html = html.substring(0, end) + "<script>null.crash();</script>\n" + html.substring(end);
        Files.writeString(page, html);

        RenderStatus status = RenderStatus.parse(HeadlessChromium.dumpDom(page));

        assertEquals(2, status.errors().size(), status.errors().toString());
        assertTrue(status.errors().get(0).startsWith("chart-3: Error: no element with id chart-3"),
                status.errors().toString());
        assertTrue(status.errors().get(1).startsWith("page: Uncaught TypeError"), status.errors().toString());
        assertEquals(4, status.points().size(), "the other charts still drawn: " + status.points());
    }

    /** Every kind of value a chart cannot draw, in every kind of chart. */
    private static Report edgeCases() {
        double[] ten = ExampleReport.range(0, 10, 1);
        double[] badOnLog = {1, 0.1, NAN, 1e-3, 0, -1, 1e-6, Double.POSITIVE_INFINITY, 1e-8, 1e-9};
        double[] allNan = {NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN};
        return Report.titled("Edge cases </script><b>bold?</b>")
                .section("Log axis with NaN, zero, negative and infinite values", "Six points, two gaps.",
                        LineChart.titled("gaps").logY().with(Series.of("mixed", ten, badOnLog),
                                Series.of("nothing plottable", ten, allNan)))
                .section("Shared linear range", "",
                        ChartRow.of(
                                LineChart.titled("a").with(Series.of("a", new double[] {0, 1, 2}, new double[] {NAN, 1, 2})),
                                LineChart.titled("b").with(Series.of("b", new double[] {0, NAN, 2}, new double[] {3, 9, -4})))
                                .sharedY())
                .section("Log heatmap with unplottable cells", "",
                        Heatmap.of("log", new double[] {0, 1, 2}, new double[] {0, 1},
                                new double[][] {{1, 0, NAN}, {1e-3, -5, 1e-9}}).logColour())
                .section("Linear heatmap with a NaN", "",
                        Heatmap.of("linear", new double[] {0.5, 1.5}, new double[] {10, 20},
                                new double[][] {{0, -1}, {2, NAN}}))
                .section("One point", "", LineChart.titled("one").logY()
                        .with(Series.of("p", new double[] {3}, new double[] {5})))
                .section("No series", "", LineChart.titled("</script><b>bold?</b>"))
                .section("Table", "", Table.of("a & b", "<c>").row("1 < 2", "\"quoted\""));
    }
}
