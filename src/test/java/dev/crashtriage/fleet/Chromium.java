package dev.crashtriage.fleet;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Debian's chromium, headless, for the HTML report's browser test. Installed with apt-get where missing (as
 * .ci/run does on a fresh machine); absent after that, the test fails in CI and is skipped loudly elsewhere.
 */
final class Chromium {
    private static final List<String> CANDIDATES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser");
    private static String binary;

    private Chromium() {
    }

    static synchronized String binary() {
        if (binary != null) {
            return binary;
        }
        binary = find();
        if (binary == null && "root".equals(System.getProperty("user.name"))) {
            System.err.println("chromium not found: installing Debian's chromium with apt-get for the HTML report test");
            run(List.of("apt-get", "install", "-y", "-qq", "chromium"), 900);
            binary = find();
        }
        if (binary == null) {
            String why = "chromium is not installed (apt-get install chromium) and could not be installed";
            System.err.println("!!!!!!!! " + why + ": the browser test of the HTML fleet report is SKIPPED");
            if (System.getenv().getOrDefault("CI", "").toLowerCase(Locale.ROOT).equals("true")) {
                throw new AssertionError(why + " and CI=true");
            }
            Assumptions.abort(why);
        }
        return binary;
    }

    private static String find() {
        for (String c : CANDIDATES) {
            if (Files.isExecutable(Path.of(c))) {
                return c;
            }
        }
        return null;
    }

    /** Headless chromium with the flags a root test run needs, and its own profile directory. */
    static List<String> command(Path profile, String... args) {
        List<String> cmd = new ArrayList<>(List.of(binary(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--no-first-run", "--disable-extensions", "--mute-audio",
                "--user-data-dir=" + profile));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Runs a command, bounded in time; returns its stdout. */
    static String run(List<String> cmd, int seconds) {
        try {
            Path out = Files.createTempFile("chromium", ".out");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(false).redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", cmd) + " did not finish in " + seconds + " s");
            }
            String s = Files.readString(out, StandardCharsets.UTF_8);
            Files.deleteIfExists(out);
            return s;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + cmd.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
