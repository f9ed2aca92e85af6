package dev.crashtriage.kernel;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Measures the crash-report detector against syzkaller's annotated console logs and prints four
 * numbers: detection, class agreement, exact title agreement and clean negatives.
 *
 * <p>Usage: {@code SyzkallerEval [folder] [-v] [--crash-detector-only]}; the folder defaults to
 * {@code ../shared/corpus/syzkaller/report}. A title agrees when it equals the TITLE line or one of
 * the ALT lines (syzkaller's own alternative titles for the same crash).
 */
public final class SyzkallerEval {

    /** The numbers, as counts: the four of the issue, then agreement on CORRUPTED, TYPE and FRAME where the files carry them. */
    record Score(int crashFiles, int detected, int classAgree, int exactAgree, int cleanFiles, int cleanNegatives,
                 int corruptedFiles, int corruptedAgree, int typedFiles, int typeAgree, int framedFiles, int frameAgree) {
        double pct(int n, int d) {
            return d == 0 ? 100.0 : 100.0 * n / d;
        }

        String summary() {
            return String.format("detection       %5.1f%% (%d/%d)%n"
                            + "class agreement %5.1f%% (%d/%d)%n"
                            + "exact title     %5.1f%% (%d/%d)%n"
                            + "clean negatives %5.1f%% (%d/%d)%n"
                            + "corrupted flag  %5.1f%% (%d/%d)%n"
                            + "crash type      %5.1f%% (%d/%d)%n"
                            + "guilty frame    %5.1f%% (%d/%d)%n",
                    pct(detected, crashFiles), detected, crashFiles, pct(classAgree, crashFiles), classAgree, crashFiles,
                    pct(exactAgree, crashFiles), exactAgree, crashFiles, pct(cleanNegatives, cleanFiles), cleanNegatives, cleanFiles,
                    pct(corruptedAgree, corruptedFiles), corruptedAgree, corruptedFiles, pct(typeAgree, typedFiles), typeAgree,
                    typedFiles, pct(frameAgree, framedFiles), frameAgree, framedFiles);
        }
    }

    /** What the tool said about the first incident of a log. */
    record Found(String title, boolean corrupted, String frame, String reason) {
    }

    /**
     * By default, what a user gets: the real input layer over the console log and every detector, first incident
     * of any kind. {@code --crash-detector-only}: the crash-report detector alone on a test-side line splitter.
     */
    private static boolean pipeline = true;

    private SyzkallerEval() {
    }

    private static List<Found> titles(SyzkallerLog log, Path file) throws IOException {
        if (!pipeline) {
            return log.crashReports().stream().map(b -> new Found(b.title, b.corrupted, b.guiltyFrame, b.corruptedReason)).toList();
        }
        String all = Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1);
        int start = all.indexOf("\n\n");
        String body = start < 0 ? "" : all.substring(start + 2);
        int report = body.indexOf("\n\nREPORT:\n");
        if (report >= 0) {
            body = body.substring(0, report + 1);
        }
        IncidentExtractor x = new IncidentExtractor();
        new dev.crashtriage.input.LogReader().read(
                new java.io.ByteArrayInputStream(body.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)),
                log.name(), null, x::accept);
        return x.finish().incidents().stream().map(i -> new Found(i.title(), i.corrupted(), i.guiltyFrame(), i.corruptedReason())).toList();
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of("../shared/corpus/syzkaller/report");
        boolean verbose = false;
        for (String a : args) {
            if (a.equals("-v")) {
                verbose = true;
            } else if (a.equals("--crash-detector-only")) {
                pipeline = false;
            } else {
                dir = Path.of(a);
            }
        }
        if (Files.isDirectory(dir.resolve("report"))) {
            dir = dir.resolve("report");
        }
        long t0 = System.nanoTime();
        Score s = evaluate(dir, verbose ? System.out : null);
        System.out.print(s.summary());
        System.out.printf("(%d files in %d ms)%n", s.crashFiles() + s.cleanFiles(), (System.nanoTime() - t0) / 1_000_000);
    }

    static Score evaluate(Path dir, PrintStream misses) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(Files::isRegularFile).sorted().forEach(files::add);
        }
        int crash = 0, detected = 0, cls = 0, exact = 0, clean = 0, cleanNeg = 0;
        int corruptedFiles = 0, corruptedAgree = 0, typed = 0, typeAgree = 0, framed = 0, frameAgree = 0;
        for (Path f : files) {
            SyzkallerLog log = SyzkallerLog.read(f);
            List<Found> incidents = titles(log, f);
            List<String> found = incidents.stream().map(Found::title).toList();
            if (log.title() == null) {
                clean++;
                if (found.isEmpty()) {
                    cleanNeg++;
                } else if (misses != null) {
                    misses.printf("FALSE %s: %s%n", log.name(), found.get(0));
                }
                continue;
            }
            crash++;
            if (found.isEmpty()) {
                if (misses != null) {
                    misses.printf("MISS  %s: want %s%n", log.name(), log.title());
                }
                continue;
            }
            detected++;
            String got = found.get(0);
            Found first = incidents.get(0);
            corruptedFiles++;
            if (first.corrupted() == log.corrupted()) {
                corruptedAgree++;
            } else if (misses != null) {
                misses.printf("CORR  %s: want corrupted=%s | got %s (%s) %s%n", log.name(), log.corrupted(), first.corrupted(),
                        first.reason(), got);
            }
            if (log.type() != null) {
                typed++;
                if (SyzkallerTypes.agrees(log.type(), got)) {
                    typeAgree++;
                } else if (misses != null) {
                    misses.printf("TYPE  %s: want %s | got %s for %s%n", log.name(), log.type(), SyzkallerTypes.of(got), got);
                }
            }
            if (log.frame() != null) {
                framed++;
                String frame = first.frame() == null ? "corrupted" : first.frame();
                if (frame.equals(log.frame())) {
                    frameAgree++;
                } else if (misses != null) {
                    misses.printf("FRAME %s: want %s | got %s%n", log.name(), log.frame(), frame);
                }
            }
            List<String> want = new ArrayList<>();
            want.add(log.title());
            want.addAll(log.alts());
            if (want.contains(got)) {
                exact++;
                cls++;
                continue;
            }
            boolean classOk = want.stream().anyMatch(w -> titleClass(w).equals(titleClass(got)));
            if (classOk) {
                cls++;
            }
            if (misses != null) {
                misses.printf("%s %s: want %s | got %s%n", classOk ? "TITLE" : "CLASS", log.name(), log.title(), got);
            }
        }
        return new Score(crash, detected, cls, exact, clean, cleanNeg, corruptedFiles, corruptedAgree, typed, typeAgree, framed,
                frameAgree);
    }

    /** The part of a title before " in ": the crash class. */
    static String titleClass(String title) {
        if (title == null) {
            return "";
        }
        int i = title.indexOf(" in ");
        return i < 0 ? title : title.substring(0, i);
    }
}
