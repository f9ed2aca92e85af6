package dev.crashtriage.listen;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.crashtriage.kernel.Incident;
import dev.crashtriage.render.ControlCharEscaper;
import dev.crashtriage.triage.Cause;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * How {@code crashtriage listen} reports one triaged incident on stdout: a line of text (receive time, host,
 * title, top cause), or with {@code --format jsonl} one JSON object per line. Log text is escaped either way:
 * control characters from the wire never reach the terminal.
 */
public final class IncidentLines {
    private static final JsonFactory JSON = new JsonFactory();

    private final boolean jsonl;
    private final PrintWriter out;

    public IncidentLines(String format, PrintWriter out) {
        this.jsonl = format.equals("jsonl");
        this.out = out;
    }

    /** Writes one incident and flushes (a reader tailing stdout sees it now). */
    void write(Instant received, String host, Incident incident, Cause top, int otherCauses) {
        String line = jsonl ? json(received, host, incident, top, otherCauses) : text(received, host, incident, top);
        out.println(line);
        out.flush();
    }

    private static String text(Instant received, String host, Incident incident, Cause top) {
        StringBuilder b = new StringBuilder(160);
        b.append(received.truncatedTo(ChronoUnit.SECONDS)).append(' ').append(ControlCharEscaper.escape(host, 200))
                .append("  ").append(ControlCharEscaper.escape(incident.title(), 300));
        if (incident.corrupted()) {
            b.append(" (report cut or interleaved)");
        }
        if (top == null) {
            b.append("  => no known cause matched");
        } else {
            b.append("  => ").append(ControlCharEscaper.escape(top.title(), 200)).append(" (")
                    .append(top.signature()).append(", ")
                    .append(String.format(Locale.ROOT, "%.0f%%", top.confidence() * 100)).append(')');
        }
        return b.toString();
    }

    private static String json(Instant received, String host, Incident incident, Cause top, int otherCauses) {
        StringWriter w = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("received", received.toString());
            g.writeStringField("host", host);
            g.writeStringField("source", incident.source());
            g.writeStringField("kind", incident.kind().id());
            g.writeStringField("title", incident.title());
            g.writeNumberField("line", incident.line());
            g.writeNumberField("end_line", incident.endLine());
            if (incident.time() != null) {
                g.writeNumberField("time", incident.time());
            }
            if (incident.guiltyFrame() != null) {
                g.writeStringField("guilty_frame", incident.guiltyFrame());
            }
            g.writeBooleanField("corrupted", incident.corrupted());
            g.writeStringField("fingerprint", incident.fingerprint());
            if (top == null) {
                g.writeNullField("cause");
            } else {
                g.writeObjectFieldStart("cause");
                g.writeStringField("signature", top.signature());
                g.writeStringField("title", top.title());
                g.writeStringField("severity", top.severity().id());
                g.writeNumberField("confidence", Math.round(top.confidence() * 1000) / 1000.0);
                if (!top.remediation().steps().isEmpty()) {
                    g.writeStringField("first_step", top.remediation().steps().get(0));
                }
                g.writeEndObject();
            }
            g.writeNumberField("other_causes", otherCauses);
            g.writeEndObject();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return w.toString();
    }
}
