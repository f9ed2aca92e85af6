package dev.crashtriage.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code .crashtriage.yml} is found in the working directory: only a real process has one of its own. */
@EnabledOnOs({OS.LINUX, OS.MAC})
class ProjectConfigDiscoveryTest {
    private static final String LOG = Paths.get("src/test/resources/logs/G-3.log").toAbsolutePath().toString();

    private static Process run(Path workingDir, Path out, Path err) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "analyze", LOG));
        Process p = new ProcessBuilder(cmd).directory(workingDir.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        p.getOutputStream().close();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return p;
    }

    @Test
    void theWorkingDirectorysConfigIsReadAndAnUnknownKeyIsExit3(@TempDir Path tmp) throws Exception {
        Path project = Files.createDirectories(tmp.resolve("project"));
        Files.writeString(project.resolve(".crashtriage.yml"), "format: json\nfail-on: never\n");
        Process p = run(project, tmp.resolve("out"), tmp.resolve("err"));
        assertEquals(ExitCodes.OK, p.exitValue(), Files.readString(tmp.resolve("err")));
        assertEquals(1, new ObjectMapper().readTree(tmp.resolve("out").toFile()).get("results").size());

        Files.writeString(project.resolve(".crashtriage.yml"), "failon: never\n");
        Process bad = run(project, tmp.resolve("out2"), tmp.resolve("err2"));
        assertEquals(ExitCodes.SIGNATURE_ERROR, bad.exitValue());
        assertTrue(Files.readString(tmp.resolve("err2")).startsWith("crashtriage: .crashtriage.yml: unknown key 'failon'"),
                Files.readString(tmp.resolve("err2")));
    }
}
