package dev.crashtriage.fleet;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The fleet report as one self-contained HTML file: inline CSS and server-drawn SVG charts, no script, no
 * network. A Content-Security-Policy that allows no script at all backs up the escaping: every string that
 * came from a log (host names, titles, fingerprints, driver versions) is HTML-escaped, so a hostile host
 * name cannot become markup, and even markup could not run.
 */
public final class FleetHtmlRenderer {
    private static final String[] PALETTE = {"#d62728", "#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
        "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"};
    private static final int MAX_CHARTS = 40;
    private static final int MAX_TIMELINE_HOSTS = 300;

    private FleetHtmlRenderer() {
    }

    public static void render(FleetReport r, String toolVersion, Writer w) throws IOException {
        StringBuilder o = new StringBuilder(1 << 16);
        o.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                        + "style-src 'unsafe-inline'; img-src data:\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>crashtriage fleet report</title>\n<style>\n")
                .append("body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0 auto;"
                        + "max-width:1100px;padding:12px;color:#222;line-height:1.4}\n")
                .append("h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #ddd}\n")
                .append(".scroll{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:.9em}\n")
                .append("th,td{border:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}"
                        + "th{background:#f4f4f4}\n")
                .append(".finding{background:#fff6e5;border-left:4px solid #f0a000;padding:6px 10px;margin:6px 0}\n")
                .append(".muted{color:#666;font-size:.9em}code{font-size:.9em;word-break:break-all}\n")
                .append("svg{width:100%;height:auto;display:block}.charts{display:grid;"
                        + "grid-template-columns:repeat(auto-fill,minmax(280px,1fr));gap:12px}\n")
                .append(".chart{border:1px solid #eee;padding:6px}.chart h3{font-size:.9em;margin:0 0 4px 0;"
                        + "word-break:break-word}\n")
                .append("</style>\n</head>\n<body>\n");
        o.append("<h1>Fleet report</h1>\n<p>").append(r.hosts()).append(" hosts, ").append(r.events())
                .append(" crash events (").append(r.occurrences()).append(" incidents) in <code>").append(h(r.store()))
                .append("</code>").append(r.since() == null ? "" : ", since " + h(FleetWording.utc(r.since())))
                .append(". <span class=\"muted\">crashtriage ").append(h(toolVersion)).append("</span></p>\n");
        for (String n : r.timeNotes()) {
            o.append("<p class=\"muted\">Times: ").append(h(n)).append("</p>\n");
        }
        FleetReport.Thresholds t = r.thresholds();

        o.append("<h2 id=\"time-of-day\">Time of day</h2>\n<p class=\"muted\">Rayleigh test over the hours of each "
                + "crash's events; reported when p &lt; ").append(t.todMaxP()).append(" with at least ")
                .append(t.todMinEvents()).append(" events.</p>\n");
        if (r.timeOfDay().isEmpty()) {
            o.append("<p>No crash clusters in an hour of the day.</p>\n");
        }
        for (FleetReport.TimeOfDay d : r.timeOfDay()) {
            o.append("<div class=\"finding tod\"><b>").append(h(d.title())).append("</b>: ")
                    .append(h(FleetWording.timeOfDay(d))).append("; p = ").append(FleetWording.p(d.pValue()))
                    .append("</div>\n");
        }

        o.append("<h2 id=\"simultaneous\">Simultaneous crashes</h2>\n<p class=\"muted\">Distinct hosts within ")
                .append(t.windowS()).append(" s, at least ").append(t.simMinOccurrences()).append(" times; chance from "
                        + "a Poisson model of each host's own crash rate, Bonferroni over all pairs, p &lt; ")
                .append(t.simMaxP()).append(".</p>\n");
        if (r.simultaneous().isEmpty()) {
            o.append("<p>No hosts crashed together more often than chance.</p>\n");
        }
        for (FleetReport.Simultaneous s : r.simultaneous()) {
            o.append("<div class=\"finding sim\">").append(h(FleetWording.simultaneous(s))).append(". <span class=\"muted\">"
                    + "p = ").append(FleetWording.p(s.pValue())).append("; at ");
            for (int i = 0; i < s.times().size(); i++) {
                o.append(i == 0 ? "" : ", ").append(h(FleetWording.utc(s.times().get(i))));
            }
            o.append("</span></div>\n");
        }

        o.append("<h2 id=\"shared\">What the crashing hosts share</h2>\n<p class=\"muted\">Fisher's exact test "
                + "against the other hosts whose logs tell the attribute; p &lt; ").append(t.attrMaxP())
                .append(", at least ").append(t.attrMinAffected()).append(" affected hosts.</p>\n");
        if (r.sharedSummaries().isEmpty()) {
            o.append("<p>Nothing sets the affected hosts apart.</p>\n");
        }
        for (FleetReport.SharedSummary s : r.sharedSummaries()) {
            o.append("<div class=\"finding shared\"><b>").append(h(s.title())).append("</b>: ")
                    .append(h(FleetWording.shared(s))).append("</div>\n");
        }
        if (!r.sharedAttributes().isEmpty()) {
            o.append("<div class=\"scroll\"><table id=\"shared-attributes\"><tr><th>crash</th><th>attribute</th>"
                    + "<th>value</th><th>affected</th><th>unaffected</th><th>p</th></tr>\n");
            for (FleetReport.SharedAttribute a : r.sharedAttributes()) {
                o.append("<tr><td><code>").append(h(a.fingerprint())).append("</code></td><td>").append(h(a.attribute()))
                        .append("</td><td>").append(h(a.value())).append("</td><td>").append(a.affected()).append(" of ")
                        .append(a.affectedTotal()).append("</td><td>").append(a.unaffected()).append(" of ")
                        .append(a.unaffectedTotal()).append("</td><td>").append(FleetWording.p(a.pValue()))
                        .append("</td></tr>\n");
            }
            o.append("</table></div>\n");
        }

        o.append("<h2 id=\"crashes\">Crashes</h2>\n<div class=\"scroll\"><table id=\"crash-table\"><tr><th>count</th>"
                + "<th>title</th><th>hosts</th><th>first / last seen (log's local time)</th><th>kernels</th>"
                + "<th>drivers</th><th>likely cause</th></tr>\n");
        for (FleetReport.Crash c : r.crashes()) {
            o.append("<tr><td>").append(c.count()).append("</td><td>").append(h(c.title())).append("<br><code>")
                    .append(h(c.fingerprint())).append("</code></td><td>").append(h(FleetWording.hostsList(c.hosts(), 12)))
                    .append("</td><td>").append(h(FleetWording.local(c.firstSeen()))).append("<br>")
                    .append(h(FleetWording.local(c.lastSeen()))).append("</td><td>").append(h(String.join(", ", c.kernels())))
                    .append("</td><td>").append(h(String.join(", ", c.drivers()))).append("</td><td>")
                    .append(h(String.join(", ", c.causes()))).append("</td></tr>\n");
        }
        o.append("</table></div>\n");

        o.append("<h2 id=\"hours\">Hour of day, per crash</h2>\n<div class=\"charts\">\n");
        int charts = 0;
        for (FleetReport.Crash c : r.crashes()) {
            if (charts++ >= MAX_CHARTS) {
                break;
            }
            hourChart(o, c, r.timeOfDay());
        }
        o.append("</div>\n");

        o.append("<h2 id=\"timeline\">Timeline of crashes per host</h2>\n");
        timeline(o, r);
        o.append("<p class=\"muted\">Generated by crashtriage; self-contained (no scripts, no network).</p>\n")
                .append("</body>\n</html>\n");
        w.write(o.toString());
        w.flush();
    }

    private static void hourChart(StringBuilder o, FleetReport.Crash c, List<FleetReport.TimeOfDay> clusters) {
        int max = 1;
        for (int v : c.hourCounts()) {
            max = Math.max(max, v);
        }
        int clusterHour = -1;
        for (FleetReport.TimeOfDay d : clusters) {
            if (d.fingerprint().equals(c.fingerprint())) {
                clusterHour = d.hour();
            }
        }
        o.append("<div class=\"chart\"><h3>").append(h(c.title())).append(" <span class=\"muted\">(")
                .append(c.count()).append(")</span></h3>\n<svg class=\"hour-chart\" viewBox=\"0 0 250 80\" role=\"img\" "
                        + "aria-label=\"events per hour of day\" data-fingerprint=\"").append(h(c.fingerprint()))
                .append("\">\n");
        for (int hr = 0; hr < 24; hr++) {
            int v = c.hourCounts()[hr];
            double bh = 60.0 * v / max;
            o.append(String.format(Locale.ROOT,
                    "<rect class=\"bar\" x=\"%d\" y=\"%.1f\" width=\"8\" height=\"%.1f\" fill=\"%s\"><title>%02d:00 %d</title></rect>%n",
                    5 + hr * 10, 62 - bh, Math.max(bh, 0.5), hr == clusterHour ? "#d62728" : "#1f77b4", hr, v));
        }
        for (int hr = 0; hr < 24; hr += 6) {
            o.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"76\" font-size=\"9\" fill=\"#666\">%02d</text>%n",
                    5 + hr * 10, hr));
        }
        o.append("</svg></div>\n");
    }

    private static void timeline(StringBuilder o, FleetReport r) {
        List<FleetReport.HostTimeline> rows = r.timelines();
        if (rows.isEmpty()) {
            o.append("<p>No crashes with a wall-clock time.</p>\n");
            return;
        }
        Instant min = null;
        Instant max = null;
        for (FleetReport.HostTimeline row : rows) {
            for (Instant i : row.times()) {
                min = min == null || i.isBefore(min) ? i : min;
                max = max == null || i.isAfter(max) ? i : max;
            }
        }
        double span = Math.max(1, max.getEpochSecond() - min.getEpochSecond());
        Map<String, String> colours = new HashMap<>();
        for (FleetReport.Crash c : r.crashes()) {
            colours.put(c.fingerprint(), PALETTE[colours.size() % PALETTE.length]);
        }
        int n = Math.min(rows.size(), MAX_TIMELINE_HOSTS);
        int rowH = 18;
        int left = 110;
        int width = 1000;
        o.append(String.format(Locale.ROOT, "<div class=\"scroll\"><svg class=\"timeline\" viewBox=\"0 0 %d %d\" "
                + "role=\"img\" aria-label=\"crashes per host over time\">%n", width, n * rowH + 30));
        for (int i = 0; i < n; i++) {
            FleetReport.HostTimeline row = rows.get(i);
            int y = 10 + i * rowH;
            o.append(String.format(Locale.ROOT, "<text x=\"2\" y=\"%d\" font-size=\"11\">%s</text>%n", y + 4,
                    h(clip(row.host(), 16))));
            o.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#eee\"/>%n",
                    left, y, width - 10, y));
            for (int k = 0; k < row.times().size(); k++) {
                double x = left + (width - 10 - left) * (row.times().get(k).getEpochSecond() - min.getEpochSecond()) / span;
                String fp = row.fingerprints().get(k);
                o.append(String.format(Locale.ROOT, "<circle class=\"event\" cx=\"%.1f\" cy=\"%d\" r=\"4\" fill=\"%s\">"
                        + "<title>%s %s %s</title></circle>%n", x, y, colours.getOrDefault(fp, "#333"), h(row.host()),
                        h(FleetWording.utc(row.times().get(k))), h(fp)));
            }
        }
        o.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\" fill=\"#666\">%s</text>%n", left,
                n * rowH + 24, h(FleetWording.utc(min))));
        o.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\" fill=\"#666\" text-anchor=\"end\">"
                + "%s</text>%n", width - 10, n * rowH + 24, h(FleetWording.utc(max))));
        o.append("</svg></div>\n");
        if (rows.size() > n) {
            o.append("<p class=\"muted\">").append(rows.size() - n).append(" more hosts not drawn.</p>\n");
        }
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    /** HTML-escapes text (element content and quoted attributes alike); control characters become U+FFFD. */
    static String h(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c < 0x20 && c != '\t' || c == 0x7f ? '\uFFFD' : c);
            }
        }
        return b.toString();
    }
}
