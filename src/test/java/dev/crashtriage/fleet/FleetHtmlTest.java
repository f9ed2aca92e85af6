package dev.crashtriage.fleet;

import dev.crashtriage.input.LogRecord;
import dev.crashtriage.kernel.Incident;
import dev.crashtriage.kernel.IncidentKind;
import dev.crashtriage.kernel.KernelFacts;
import dev.crashtriage.kernel.MachineFacts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTML fleet report in a real headless browser: it renders, the charts are there, it needs nothing from
 * the network, and nothing a log said (host names, titles) can run as script.
 */
class FleetHtmlTest {
    /** What a hostile log could carry into a host name and a crash title. */
    private static final String EVIL_HOST = "<img src=x onerror=\"document.title='PWNED-HOST'\">";
    private static final String EVIL_TITLE = "kernel BUG at </td><script>document.title='PWNED-TITLE'</script>"
            + "<svg onload=\"document.title='PWNED-SVG'\">.c:1!";

    @TempDir
    Path tmp;

    private static Incident incident(String id, String title, String fp, String wall) {
        return new Incident(id, IncidentKind.BUG, title, "console.log", 10, 20, 100.0, wall, 0, 1, "swapper", null,
                List.of("mptscsih"), List.of(), null, false, null, fp, Map.of(),
                List.of(LogRecord.plain("console.log", 10, title + " " + wall)), 0);
    }

    private Path report() throws Exception {
        StoreLocation at = StoreLocation.ofFile(tmp.resolve("fleet.db"));
        try (FleetStore s = FleetStore.open(at)) {
            List<HostBatch> batches = new ArrayList<>();
            String[] hosts = {"vm1", "vm2", "vm3", "vm4", EVIL_HOST};
            for (int i = 0; i < hosts.length; i++) {
                KernelFacts k = new KernelFacts("2.6.18-128.7.1.el5", null, null, null, null, List.of(), List.of(),
                        List.of(), Map.of(), null, new MachineFacts("VMware", 2, 2048L, Map.of("mptbase", "3.04.07rh")));
                String wall = "2009-10-" + String.format("%02d", 3 + 7 * i) + "T22:" + (10 + i) + ":00";
                batches.add(new HostBatch("console.log", hosts[i], "log", k,
                        List.of(incident("I1", EVIL_TITLE, "fp-evil", wall)), List.of(),
                        Instant.parse("2009-12-01T00:00:00Z")));
            }
            for (int i = 0; i < 6; i++) {
                KernelFacts k = new KernelFacts("3.2.0-29-generic", null, null, "Dell Inc. PowerEdge R610", null,
                        List.of(), List.of(), List.of(), Map.of(), null, new MachineFacts("none", 8, 16384L, Map.of("tg3", "3.123")));
                batches.add(new HostBatch("other.log", "app" + i, "log", k,
                        i % 2 == 0 ? List.of(incident("I1", "BUG: soft lockup in smp_call_function", "fp-soft",
                                "2009-10-" + String.format("%02d", 5 + i) + "T0" + i + ":30:00")) : List.of(),
                        List.of(), Instant.parse("2009-12-01T00:00:00Z")));
            }
            s.ingest(batches);
            FleetReport r = new FleetAnalysis(FleetReport.Thresholds.defaults(120))
                    .analyze(at.display(), null, s.occurrences(null), s.hosts());
            StringWriter w = new StringWriter();
            FleetHtmlRenderer.render(r, "test", w);
            Path html = tmp.resolve("fleet.html");
            Files.writeString(html, w.toString());
            return html;
        }
    }

    @Test
    void theFileIsSelfContainedAndEscapesWhatTheLogsSaid() throws Exception {
        String html = Files.readString(report());
        assertFalse(html.contains("<script"), "no script of ours, and none of the log's");
        assertFalse(Pattern.compile("(?i)<[a-z]+[^>]*\\son(error|load)=").matcher(html).find(), "no event handler attribute");
        assertFalse(Pattern.compile("(?i)(src|href)=\"?(https?:)?//").matcher(html).find(), "nothing from the network");
        assertTrue(html.contains("&lt;img src=x onerror=&quot;document.title=&#39;PWNED-HOST&#39;&quot;&gt;"), "shown as text");
        assertTrue(html.contains("Content-Security-Policy"));
        assertTrue(html.contains("name=\"viewport\""), "readable on a phone");
    }

    @Test
    void aRealBrowserRendersTheChartsAndRunsNothingFromTheLogs() throws Exception {
        Path html = report();
        String dom = Chromium.run(Chromium.command(tmp.resolve("profile"), "--dump-dom", html.toUri().toString()), 120);
        assertTrue(dom.contains("</html>"), "chromium rendered the page:\n" + dom);
        Matcher title = Pattern.compile("<title>([^<]*)</title>").matcher(dom);
        assertTrue(title.find());
        assertEquals("crashtriage fleet report", title.group(1), "no script from a log changed the page");
        assertFalse(dom.contains("PWNED-") && !dom.contains("&lt;"), dom);
        assertFalse(Pattern.compile("(?i)<script").matcher(dom).find(), "no script element in the rendered DOM");
        assertFalse(Pattern.compile("(?i)<[a-z]+[^>]*\\son(error|load)=").matcher(dom).find(),
                "no element got an event handler from a log");
        assertFalse(dom.contains("<img"), "the hostile host name did not become an image");
        assertEquals(2, count(dom, "<svg class=\"hour-chart\""), "an hour-of-day chart per crash");
        assertEquals(48, count(dom, "<rect class=\"bar\""), "24 bars each");
        assertEquals(1, count(dom, "<svg class=\"timeline\""), "the timeline");
        assertEquals(8, count(dom, "<circle class=\"event\""), "one dot per crash event");
        assertTrue(dom.contains("5 of 5 crashes between 22:00 and 23:00 (local time of the log)"), "the cluster is named");
        assertTrue(dom.contains("id=\"crash-table\""));

        Path shot = tmp.resolve("phone.png");
        Chromium.run(Chromium.command(tmp.resolve("profile2"), "--window-size=390,1600", "--hide-scrollbars",
                "--screenshot=" + shot, html.toUri().toString()), 120);
        assertTrue(Files.size(shot) > 10_000, "a phone-width screenshot with something on it: " + Files.size(shot));
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

}
