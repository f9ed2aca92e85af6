package dev.crashtriage.triage;

import dev.crashtriage.input.InputProblem;
import dev.crashtriage.input.InputTarget;
import dev.crashtriage.kernel.Incident;
import dev.crashtriage.signature.SignatureCatalog;
import dev.crashtriage.signature.SignatureEngine;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A central syslog server's file: two hosts crash in the same minute, their lines interleaved. */
class MultiHostSyslogTest {
    private static final String LOG = ""
            + "Mar 14 02:31:50 web1 systemd[1]: Started Session 41 of user deploy.\n"
            + "Mar 14 02:31:52 web1 kernel: [ 8812.114230] BUG: kernel NULL pointer dereference, address: 0000000000000008\n"
            + "Mar 14 02:31:52 db2 kernel: [77231.004512] BUG: soft lockup - CPU#3 stuck for 22s! [kworker/3:1:191]\n"
            + "Mar 14 02:31:52 web1 kernel: [ 8812.114241] #PF: supervisor read access in kernel mode\n"
            + "Mar 14 02:31:52 db2 kernel: [77231.004530] Modules linked in: nfsd auth_rpcgss nfs_acl lockd grace sunrpc\n"
            + "Mar 14 02:31:52 web1 kernel: [ 8812.114250] CPU: 2 PID: 0 Comm: swapper/2 Not tainted 5.15.0-91-generic #101-Ubuntu\n"
            + "Mar 14 02:31:53 db2 kernel: [77231.004561] CPU: 3 PID: 191 Comm: kworker/3:1 Not tainted 5.15.0-91-generic #101-Ubuntu\n"
            + "Mar 14 02:31:58 db2 CRON[4410]: (root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)\n";

    @Test
    void twoHostsCrashingInTheSameMinuteGiveTwoResults() {
        Pipeline pipeline = new Pipeline(new SignatureEngine(SignatureCatalog.builtIn()), AnalysisOptions.defaults());
        List<InputProblem> problems = new ArrayList<>();
        InputTarget target = new InputTarget("central-syslog.log",
                () -> new ByteArrayInputStream(LOG.getBytes(StandardCharsets.UTF_8)));
        AnalysisReport report = pipeline.analyze(List.of(target), problems);
        assertTrue(report.problems().isEmpty(), report.problems().toString());
        assertEquals(List.of("web1", "db2"), report.results().stream().map(HostResult::host).toList());
        HostResult web1 = report.results().get(0);
        HostResult db2 = report.results().get(1);
        assertEquals(4, web1.lines());
        assertEquals(4, db2.lines());
        assertEquals(1, web1.incidents().size());
        assertEquals(1, db2.incidents().size());
        Incident webBug = web1.incidents().get(0);
        Incident dbBug = db2.incidents().get(0);
        assertEquals(2, webBug.line());
        assertTrue(webBug.title().startsWith("BUG: unable to handle kernel NULL pointer dereference"), webBug.title());
        assertEquals(3, dbBug.line());
        assertTrue(dbBug.title().startsWith("BUG: soft lockup"), dbBug.title());
    }
}
