package dev.crashtriage.kernel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;

/** Debugging aid: prints what the crash and task-dump detectors find in plain log files. */
public final class ShowLog {
    private ShowLog() {
    }

    public static void main(String[] args) throws Exception {
        for (String a : args) {
            var recs = TestLogs.records(a, Files.readString(Path.of(a), StandardCharsets.ISO_8859_1));
            System.out.println("== " + a);
            for (Detector d : Detectors.standard()) {
                for (IncidentBuilder b : TestLogs.detect(d, recs)) {
                    System.out.printf("%s [%s] line %d-%d guilty=%s corrupted=%s cpu=%s pid=%s comm=%s taint=%s mods=%s%n  facts=%s frames=%d fp=%s%n",
                            b.title, b.kind.id(), b.line, b.endLine, b.guiltyFrame, b.corruptedReason, b.cpu, b.pid, b.comm, b.taint,
                            b.modules, b.facts.toString().substring(0, Math.min(300, b.facts.toString().length())), b.frames.size(),
                            Fingerprint.of(b));
                }
            }
        }
    }
}
