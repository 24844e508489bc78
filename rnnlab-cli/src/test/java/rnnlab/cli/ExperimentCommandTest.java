package rnnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rnnlab.report.HeadlessChromium;
import rnnlab.report.RenderStatus;

class ExperimentCommandTest {
    private static List<String> grid(Path dir, String... more) {
        List<String> args = new ArrayList<>(List.of("experiment", "vanishing", "--cells", "rnn,lstm,lstm-chrono",
                "--lengths", "4,8", "--seeds", "2", "--steps", "30", "--hidden", "6", "--batch", "8",
                "--eval-every", "10", "--eval-size", "32", "--out", dir.toString()));
        args.addAll(List.of(more));
        return args;
    }

    @Test
    void quickGridWritesEveryRunResultsAndReport(@TempDir Path dir) throws Exception {
        MainTest.Outcome o = MainTest.run(grid(dir).toArray(String[]::new));
        assertEquals(0, o.code(), o.err());
        List<String> rows = Files.readAllLines(dir.resolve("results.csv"));
        assertEquals(ExperimentRunner.RESULTS_HEADER, rows.getFirst());
        assertEquals(1 + 3 * 2 * 2, rows.size());
        for (String cell : List.of("rnn", "lstm", "lstm-chrono"))
            for (String f : List.of("metrics.csv", "gradflow.csv", "run.json"))
                assertTrue(Files.exists(dir.resolve(cell).resolve("T8").resolve("seed2").resolve(f)), cell + " " + f);
        assertTrue(o.out().contains("solved (of 2)") && o.out().contains("report:"), o.out());

        Assumptions.assumeTrue(HeadlessChromium.installed(), "chromium is not installed (scripts/install-deps.sh installs it)");
        RenderStatus status = RenderStatus.parse(HeadlessChromium.dumpDom(dir.resolve("report.html")));
        assertTrue(status.done(), "the page finished drawing");
        assertEquals(List.of(), status.errors());
        assertEquals(0, status.resources(), "no resource fetched");
        // 3 solved-against-T charts, the final-error chart, 2 learning-curve and 2 gradient charts
        assertEquals(8, status.points().size(), status.points().toString());
        status.points().forEach((chart, n) -> assertTrue(n > 0, chart + " drew nothing"));
        Path png = Path.of("target", "report-screenshots", "experiment.png");
        Files.createDirectories(png.getParent());
        HeadlessChromium.screenshot(dir.resolve("report.html"), png, 1400, 3000);
    }

    @Test
    void aSingleLengthReportTabulatesInsteadOfChartingAgainstT(@TempDir Path dir) throws Exception {
        MainTest.Outcome o = MainTest.run("experiment", "vanishing", "--cells", "rnn,lstm", "--lengths", "5", "--seeds", "1",
                "--steps", "10", "--hidden", "4", "--batch", "4", "--eval-every", "10", "--eval-size", "8", "--out", dir.toString());
        assertEquals(0, o.code(), o.err());
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("runs at T = 5"), "the results table");
        assertFalse(html.contains("Solved against sequence length") || html.contains("Final error against sequence length"));
        assertTrue(html.contains("Learning curves"));
    }

    @Test
    void resumeRedoesOnlyTheRunsThatDidNotFinish(@TempDir Path dir) throws Exception {
        assertEquals(0, MainTest.run(grid(dir).toArray(String[]::new)).code());
        String before = Files.readString(dir.resolve("results.csv"));
        // An interruption: one run never finished (no run.json), another left only a partial metrics file.
        Path unfinished = dir.resolve("lstm").resolve("T8").resolve("seed2");
        Files.delete(unfinished.resolve("run.json"));
        Path kept = dir.resolve("rnn").resolve("T4").resolve("seed1").resolve("metrics.csv");
        FileTime keptTime = FileTime.fromMillis(1_000_000_000L);
        Files.setLastModifiedTime(kept, keptTime);

        MainTest.Outcome again = MainTest.run(grid(dir).toArray(String[]::new));
        assertEquals(2, again.code());
        assertTrue(again.err().contains("--resume"), again.err());

        MainTest.Outcome resumed = MainTest.run(grid(dir, "--resume").toArray(String[]::new));
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.out().contains("11 of 12 runs finished before, 1 to go"), resumed.out());
        assertEquals(keptTime, Files.getLastModifiedTime(kept), "a finished run was not redone");
        assertTrue(Files.exists(unfinished.resolve("run.json")));
        assertEquals(withoutSeconds(before), withoutSeconds(Files.readString(dir.resolve("results.csv"))),
                "the redone run reproduces its result");
    }

    @Test
    void badGridsAreOneLineUsageErrors(@TempDir Path dir) throws Exception {
        for (String[] bad : List.of(new String[] {"--cells", "transformer"}, new String[] {"--lengths", "1"},
                new String[] {"--seeds", "0"}, new String[] {"--task", "nonsense"}, new String[] {"--jobs", "0"})) {
            List<String> args = new ArrayList<>(grid(dir.resolve("x")));
            args.addAll(List.of(bad));
            MainTest.Outcome o = MainTest.run(args.toArray(String[]::new));
            assertEquals(2, o.code(), String.join(" ", bad));
            assertEquals(1, o.err().strip().lines().count(), o.err());
        }
        MainTest.Outcome list = MainTest.run("experiment", "--list-presets");
        assertEquals(0, list.code());
        for (Preset p : Preset.ALL) {
            assertTrue(list.out().contains(p.name()), list.out());
            p.plan(); // every preset's plan is valid: its task, cells and lengths exist
            boolean data = p.plan().taskName().startsWith("fmnist"); // needs Debian's dataset-fashion-mnist
            if (!data || Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")))
                TaskOptions.create(p.plan().taskName(), p.plan().lengths().getFirst());
        }
        MainTest.Outcome preset = MainTest.run("experiment", "--preset", "nope");
        assertEquals(2, preset.code());
        assertTrue(preset.err().contains("adding-400"), preset.err());
    }

    @Test
    void the1997PresetsTrainOnlineWithRmsPropAndTheOthersWithAdam() {
        for (String name : List.of("hs97-lag-100", "hs97-temporal-order")) {
            ExperimentPlan plan = Preset.named(name).plan();
            assertEquals("lstm-no-forget", plan.variants().getFirst().name(), name); // the 1997 cell
            var settings = plan.recipe().settings(plan.variants().getFirst(), 100, 1);
            assertEquals("rmsprop", settings.optimizer(), name);
            assertEquals(1, settings.batchSize(), name);
        }
        ExperimentPlan adding = Preset.named("adding-400").plan();
        assertEquals("adam", adding.recipe().settings(adding.variants().getFirst(), 100, 1).optimizer());
        assertTrue(ExperimentCommand.describe(Preset.named("hs97-lag-100").plan().recipe()).contains("RMSprop 1e-03"));
    }

    /** results.csv with the seconds column blanked: the rest must repeat exactly. */
    private static String withoutSeconds(String csv) {
        return csv.replaceAll(",[0-9.]+,(steps|solved|time)\n", ",,$1\n");
    }
}
