package rnnlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriteTest {
    @TempDir
    Path dir;

    private final Report report = Report.titled("t").section("s", "", Table.of("a").row("1"));

    @Test
    void writesThePageIntoNewDirectoriesAndLeavesNoTemporaryFile() throws Exception {
        Path file = dir.resolve("a/b/report.html");

        report.writeTo(file);

        assertEquals(report.toHtml(), Files.readString(file));
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void replacesAnOlderReport() throws Exception {
        Path file = dir.resolve("report.html");
        Files.writeString(file, "old");

        report.writeTo(file);

        assertEquals(report.toHtml(), Files.readString(file));
    }

    @Test
    void getsTheSamePermissionsAsAnyNewFile() throws Exception {
        Path file = dir.resolve("report.html");
        Path ordinary = dir.resolve("ordinary.txt");
        Files.writeString(ordinary, "x");

        report.writeTo(file);

        assertEquals(Files.getPosixFilePermissions(ordinary), Files.getPosixFilePermissions(file),
                "a report others can read where the umask lets them");
    }
}
