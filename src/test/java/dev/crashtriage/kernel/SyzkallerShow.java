package dev.crashtriage.kernel;

import java.nio.file.Path;

/** Debugging aid: prints the crash reports found in syzkaller logs, with their lines. */
public final class SyzkallerShow {
    private SyzkallerShow() {
    }

    public static void main(String[] args) throws Exception {
        for (String a : args) {
            SyzkallerLog log = SyzkallerLog.read(Path.of(a));
            System.out.println("== " + a + " want: " + log.title());
            for (IncidentBuilder b : log.crashReports()) {
                System.out.printf("%s [%s] line %d-%d guilty=%s corrupted=%s facts=%s frames=%d%n", b.title, b.kind.id(), b.line,
                        b.endLine, b.guiltyFrame, b.corruptedReason, b.facts, b.frames.size());
            }
        }
    }
}
