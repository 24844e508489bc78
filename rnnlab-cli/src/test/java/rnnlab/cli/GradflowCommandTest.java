package rnnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rnnlab.report.HeadlessChromium;
import rnnlab.report.RenderStatus;

class GradflowCommandTest {

    @Test
    void atInitialisationWritesDataReportAndTable(@TempDir Path dir) throws Exception {
        MainTest.Outcome o = MainTest.run("gradflow", "-T", "12", "--hidden", "6", "--batch", "4", "--out", dir.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("half-life") && o.out().contains("report: "), o.out());
        for (String cell : List.of("rnn", "lstm", "gru")) {
            List<String> rows = Files.readAllLines(dir.resolve(cell).resolve("gradflow_init.csv"));
            assertEquals(14, rows.size(), cell); // header + lags 0..12
            assertTrue(rows.get(0).startsWith("lag,dh_last_mean"), rows.get(0));
        }
        assertTrue(Files.size(dir.resolve("report.html")) > 100_000);
    }

    @Test
    void trainingReportRendersEveryChartInChromium(@TempDir Path dir) throws Exception {
        MainTest.Outcome o = MainTest.run("gradflow", "-T", "10", "--hidden", "6", "--batch", "4", "--train-steps", "6",
                "--probe-every", "2", "--out", dir.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(Files.exists(dir.resolve("lstm").resolve("lag_step_grid.csv")));
        assertTrue(Files.exists(dir.resolve("gru").resolve("metrics.csv")));
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("Measured here, the gradient from 10 steps back relative to lag 0: rnn "), "per-lag reading");
        assertTrue(html.contains("Measured here, final validation MSE: rnn "), "learning-curve reading");
        Assumptions.assumeTrue(HeadlessChromium.installed(), "chromium is not installed (scripts/install-deps.sh installs it)");
        Path report = dir.resolve("report.html");
        RenderStatus status = RenderStatus.parse(HeadlessChromium.dumpDom(report));
        assertTrue(status.done(), "the page finished drawing");
        assertEquals(List.of(), status.errors());
        assertEquals(0, status.resources(), "no resource fetched");
        // 3 per-lag + 3 Jacobian charts, 2 LSTM charts, 3 heatmaps, the learning curves
        assertEquals(12, status.points().size(), status.points().toString());
        status.points().forEach((chart, n) -> assertTrue(n > 0, chart + " drew nothing"));
        Path png = Path.of("target", "report-screenshots", "gradflow.png");
        Files.createDirectories(png.getParent());
        HeadlessChromium.screenshot(report, png, 1400, 4200);
        assertTrue(Files.size(png) > 10_000);
    }
}
