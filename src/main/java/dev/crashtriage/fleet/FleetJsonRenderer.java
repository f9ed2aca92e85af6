package dev.crashtriage.fleet;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

/** The fleet report as JSON, in the shape docs/schema/fleet.schema.json documents. */
public final class FleetJsonRenderer {
    /** Bumped on any incompatible change of the shape. */
    public static final int FORMAT_VERSION = 1;

    private FleetJsonRenderer() {
    }

    public static void render(FleetReport r, String toolVersion, Writer out) throws IOException {
        JsonGenerator g = new JsonFactory().createGenerator(out);
        g.useDefaultPrettyPrinter();
        g.writeStartObject();
        g.writeNumberField("format_version", FORMAT_VERSION);
        g.writeStringField("tool_version", toolVersion);
        g.writeStringField("store", r.store());
        str(g, "since", r.since());
        g.writeNumberField("hosts", r.hosts());
        g.writeNumberField("events", r.events());
        g.writeNumberField("incidents", r.occurrences());
        g.writeNumberField("untimed_events", r.untimed());
        strings(g, "time_notes", r.timeNotes());
        FleetReport.Thresholds t = r.thresholds();
        g.writeObjectFieldStart("thresholds");
        g.writeNumberField("merge_window_s", t.mergeWindowS());
        g.writeStringField("time_of_day_test", "rayleigh");
        g.writeNumberField("time_of_day_min_events", t.todMinEvents());
        g.writeNumberField("time_of_day_max_p", t.todMaxP());
        g.writeNumberField("window_s", t.windowS());
        g.writeStringField("simultaneous_model", "poisson, each host's own rate, bonferroni over pairs");
        g.writeNumberField("simultaneous_min_occurrences", t.simMinOccurrences());
        g.writeNumberField("simultaneous_max_p", t.simMaxP());
        g.writeStringField("shared_attribute_test", "fisher-exact-one-sided");
        g.writeNumberField("shared_attribute_min_affected", t.attrMinAffected());
        g.writeNumberField("shared_attribute_max_p", t.attrMaxP());
        g.writeEndObject();

        g.writeArrayFieldStart("crashes");
        for (FleetReport.Crash c : r.crashes()) {
            g.writeStartObject();
            g.writeStringField("fingerprint", c.fingerprint());
            g.writeStringField("title", c.title());
            g.writeStringField("kind", c.kind());
            g.writeNumberField("count", c.count());
            strings(g, "hosts", c.hosts());
            str(g, "first_seen", c.firstSeen());
            str(g, "last_seen", c.lastSeen());
            strings(g, "kernel_releases", c.kernels());
            g.writeStringField("first_release", c.firstRelease());
            strings(g, "driver_versions", c.drivers());
            strings(g, "causes", c.causes());
            g.writeObjectFieldStart("per_day");
            for (Map.Entry<java.time.LocalDate, Integer> d : c.perDay().entrySet()) {
                g.writeNumberField(d.getKey().toString(), d.getValue());
            }
            g.writeEndObject();
            g.writeArrayFieldStart("per_hour");
            for (int h : c.hourCounts()) {
                g.writeNumber(h);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();

        g.writeArrayFieldStart("time_of_day");
        for (FleetReport.TimeOfDay d : r.timeOfDay()) {
            g.writeStartObject();
            g.writeStringField("fingerprint", d.fingerprint());
            g.writeStringField("title", d.title());
            g.writeNumberField("hour", d.hour());
            g.writeNumberField("count", d.count());
            g.writeNumberField("total", d.total());
            g.writeNumberField("p_value", d.pValue());
            g.writeNumberField("mean_hour", Math.round(d.meanHour() * 100) / 100.0);
            g.writeStringField("clock", "local time of the log");
            g.writeStringField("summary", FleetWording.timeOfDay(d));
            g.writeEndObject();
        }
        g.writeEndArray();

        g.writeArrayFieldStart("simultaneous");
        for (FleetReport.Simultaneous s : r.simultaneous()) {
            g.writeStartObject();
            strings(g, "hosts", s.hosts());
            g.writeNumberField("occurrences", s.occurrences());
            g.writeNumberField("window_s", s.windowS());
            g.writeNumberField("p_value", s.pValue());
            g.writeNumberField("expected", s.expected());
            g.writeNumberField("max_gap_s", s.maxGapS());
            g.writeArrayFieldStart("times");
            for (Instant i : s.times()) {
                g.writeString(i.toString());
            }
            g.writeEndArray();
            strings(g, "fingerprints", s.fingerprints());
            g.writeStringField("summary", FleetWording.simultaneous(s));
            g.writeEndObject();
        }
        g.writeEndArray();

        g.writeArrayFieldStart("shared_attributes");
        for (FleetReport.SharedAttribute a : r.sharedAttributes()) {
            g.writeStartObject();
            g.writeStringField("fingerprint", a.fingerprint());
            g.writeStringField("attribute", a.attribute());
            g.writeStringField("value", a.value());
            g.writeNumberField("affected", a.affected());
            g.writeNumberField("affected_total", a.affectedTotal());
            g.writeNumberField("unaffected", a.unaffected());
            g.writeNumberField("unaffected_total", a.unaffectedTotal());
            g.writeNumberField("p_value", a.pValue());
            g.writeEndObject();
        }
        g.writeEndArray();

        g.writeArrayFieldStart("shared_summaries");
        for (FleetReport.SharedSummary s : r.sharedSummaries()) {
            g.writeStartObject();
            g.writeStringField("fingerprint", s.fingerprint());
            g.writeNumberField("affected", s.affected());
            g.writeNumberField("unaffected_with_all", s.unaffectedWithAll());
            g.writeNumberField("unaffected_known", s.unaffectedKnown());
            g.writeStringField("summary", FleetWording.shared(s));
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeRaw('\n');
        g.flush();
    }

    private static void str(JsonGenerator g, String name, Object v) throws IOException {
        if (v == null) {
            g.writeNullField(name);
        } else {
            g.writeStringField(name, v instanceof LocalDateTime l ? l.toString() : v.toString());
        }
    }

    private static void strings(JsonGenerator g, String name, List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String s : values) {
            g.writeString(s);
        }
        g.writeEndArray();
    }
}
