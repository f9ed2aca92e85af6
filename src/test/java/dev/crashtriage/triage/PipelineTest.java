package dev.crashtriage.triage;

import dev.crashtriage.input.InputProblem;
import dev.crashtriage.input.InputTarget;
import dev.crashtriage.input.LogRecord;
import dev.crashtriage.kernel.BootSession;
import dev.crashtriage.kernel.Incident;
import dev.crashtriage.signature.SignatureCatalog;
import dev.crashtriage.signature.SignatureEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pipeline's events on real logs: what is pushed while reading is what the host's result holds at the end. */
class PipelineTest {
    private static final Pipeline PIPELINE =
            new Pipeline(new SignatureEngine(SignatureCatalog.builtIn()), AnalysisOptions.defaults());

    /** Records every event as a line, in order. */
    private static final class Recording implements PipelineSink {
        final List<String> events = new ArrayList<>();
        final List<Incident> closed = new ArrayList<>();
        final List<BootSession> boots = new ArrayList<>();
        final List<HostResult> hosts = new ArrayList<>();
        final List<InputResult> inputs = new ArrayList<>();

        @Override
        public void incidentClosed(String source, String host, Incident incident) {
            events.add("incident " + source + " " + host + " " + incident.line());
            closed.add(incident);
        }

        @Override
        public void bootClosed(String source, String host, BootSession boot) {
            events.add("boot " + source + " " + host + " " + boot.index());
            boots.add(boot);
        }

        @Override
        public void hostFinished(HostResult result) {
            events.add("host " + result.source() + " " + result.host());
            hosts.add(result);
        }

        @Override
        public void inputFinished(InputResult result) {
            events.add("input " + result.source());
            inputs.add(result);
        }
    }

    private static InputTarget resource(String log) {
        return new InputTarget(log, () -> PipelineTest.class.getResourceAsStream("/realworld/" + log));
    }

    @ParameterizedTest
    @ValueSource(strings = {"A-2.log", "B-4.log", "C-1.log", "D-3.log", "E-3.log", "F-3.log", "G-3.log", "H-5.log",
        "I-3.log"})
    void incidentsAndBootsHeardWhileReadingAreTheResultsOwn(String log) {
        Recording sink = new Recording();
        PIPELINE.run(resource(log), sink);

        assertEquals(1, sink.hosts.size());
        HostResult r = sink.hosts.get(0);
        assertFalse(r.incidents().isEmpty(), "every real log here holds an incident");
        assertTrue(sink.closed.stream().allMatch(i -> i.id() == null), "ids are given at the end, by first line");
        List<Incident> heard = sink.closed.stream()
                .sorted(Comparator.comparingLong(Incident::line).thenComparingLong(Incident::endLine)).toList();
        List<Incident> numbered = new ArrayList<>();
        for (int k = 0; k < heard.size(); k++) {
            numbered.add(heard.get(k).withId("I" + (k + 1)));
        }
        assertEquals(r.incidents(), numbered);
        assertEquals(r.kernel().boots(), sink.boots);
        // events of the stream first, then the host, then the input
        List<String> ev = sink.events;
        assertEquals("input " + log, ev.get(ev.size() - 1));
        assertEquals("host " + log + " " + r.host(), ev.get(ev.size() - 2));
        assertEquals(1, sink.inputs.size());
        assertEquals(r.lines(), sink.inputs.get(0).summary().lines());
    }

    @Test
    void theSameRunAsTheCollectedReport() {
        InputTarget t = resource("A-2.log");
        AnalysisReport report = PIPELINE.analyze(List.of(t), List.of());
        Recording sink = new Recording();
        PIPELINE.run(t, sink);
        assertEquals(report.results(), sink.hosts);
    }

    @Test
    void aLiveSourceFinishesAHostWhenItGoesQuietAndStartsAgainLater() {
        // constructed: two hosts' netconsole-style syslog lines fed one by one, as a listener would
        String web1 = "Mar 14 02:31:52 web1 kernel: [ 8812.114230] BUG: kernel NULL pointer dereference, address: 0000000000000008\n"
                + "Mar 14 02:31:52 web1 kernel: [ 8812.114250] CPU: 2 PID: 0 Comm: swapper/2 Not tainted 5.15.0-91-generic #101-Ubuntu\n"
                + "Mar 14 02:31:52 web1 kernel: [ 8812.114260] Call Trace:\n"
                + "Mar 14 02:31:52 web1 kernel: [ 8812.114270]  <TASK>\n"
                + "Mar 14 02:31:52 web1 kernel: [ 8812.114280]  tg3_poll_work+0x2c/0x5e0 [tg3]\n"
                + "Mar 14 02:31:52 web1 kernel: [ 8812.114290]  </TASK>\n";
        String db2 = "Mar 14 02:31:52 db2 kernel: [77231.004512] BUG: soft lockup - CPU#3 stuck for 22s! [kworker/3:1:191]\n"
                + "Mar 14 02:31:53 db2 kernel: [77231.004561] CPU: 3 PID: 191 Comm: kworker/3:1 Not tainted 5.15.0-91-generic #101-Ubuntu\n";
        List<LogRecord> records = new ArrayList<>();
        List<InputProblem> problems = new ArrayList<>();
        try {
            new dev.crashtriage.input.LogReader().read(
                    new ByteArrayInputStream((web1 + db2).getBytes(StandardCharsets.UTF_8)), "udp", null, records::add);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        Recording sink = new Recording();
        Pipeline.Run run = PIPELINE.open("udp", sink);
        records.stream().filter(r -> "web1".equals(r.host())).forEach(run);
        run.finishHost("web1");
        assertEquals(1, sink.hosts.size(), "web1's result comes as soon as it is finished");
        assertEquals(1, sink.hosts.get(0).incidents().size());
        assertEquals(6, sink.hosts.get(0).lines());
        records.stream().filter(r -> "db2".equals(r.host())).forEach(run);
        records.stream().filter(r -> "web1".equals(r.host())).limit(1).forEach(run);
        run.finish(null, problems);
        assertEquals(List.of("web1", "db2", "web1"), sink.hosts.stream().map(HostResult::host).toList());
        assertEquals(1, sink.hosts.get(2).lines(), "a later record starts a new stream for the host");
        assertNull(sink.inputs.get(0).summary());
        assertEquals("input udp", sink.events.get(sink.events.size() - 1));
    }

    @Test
    void aStoppedSinkGetsNoFurtherInput() {
        List<String> seen = new ArrayList<>();
        PIPELINE.runAll(List.of(resource("A-2.log"), resource("B-4.log")), new PipelineSink() {
            @Override
            public void hostFinished(HostResult result) {
                seen.add(result.source());
            }

            @Override
            public boolean stopped() {
                return !seen.isEmpty();
            }
        });
        assertEquals(List.of("A-2.log"), seen);
    }

    @Test
    void anUnreadableInputIsAProblemAndNoResult() {
        Recording sink = new Recording();
        PIPELINE.run(new InputTarget("gone.log", () -> {
            throw new IOException("No such file or directory");
        }), sink);
        assertTrue(sink.hosts.isEmpty());
        assertEquals(1, sink.inputs.size());
        InputProblem p = sink.inputs.get(0).problems().get(0);
        assertTrue(p.fatal());
        assertEquals("cannot read: No such file or directory", p.message());
    }
}
