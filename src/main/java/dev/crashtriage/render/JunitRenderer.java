package dev.crashtriage.render;

import dev.crashtriage.input.InputProblem;
import dev.crashtriage.kernel.Incident;
import dev.crashtriage.signature.Evidence;
import dev.crashtriage.signature.Signature;
import dev.crashtriage.triage.Cause;
import dev.crashtriage.triage.HostResult;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * JUnit XML, the test-report format Jenkins and GitLab read (the Apache Ant layout, valid against the
 * Ant JUnit schema): one {@code <testsuite>} per (input, host); in it one {@code <testcase>} per
 * signature evaluated, a match being a {@code <failure>} whose body holds the evidence and what to do,
 * plus one "no unexplained kernel incident" that fails when an incident has no specific cause. Inputs
 * that could not be read or held no kernel log are a last suite of {@code <error>} test cases, so the
 * job's test view shows them too.
 */
public final class JunitRenderer extends DeclaredRenderer {
    static final String UNEXPLAINED = "no unexplained kernel incident";
    private static final int MAX = ControlCharEscaper.DEFAULT_MAX_CHARS;

    public JunitRenderer() {
        super("junit", "xml", false);
    }

    @Override
    public ReportWriter open(RenderOptions options, Writer out) throws IOException {
        try {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            x.writeStartElement("testsuites");
            x.writeCharacters("\n");
            x.flush();
            return new JunitWriter(options, x, out);
        } catch (XMLStreamException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static final class JunitWriter implements ReportWriter {
        private final RenderOptions options;
        private final XMLStreamWriter x;
        private final Writer out;
        private final Set<String> specific = new HashSet<>();
        private int suites;

        JunitWriter(RenderOptions options, XMLStreamWriter x, Writer out) {
            this.options = options;
            this.x = x;
            this.out = out;
            for (Signature s : options.signatures()) {
                if (!s.generic()) {
                    specific.add(s.id());
                }
            }
        }

        @Override
        public void result(HostResult r) throws IOException {
            try {
                writeSuite(r);
                x.flush();
            } catch (XMLStreamException e) {
                throw new IOException(e.getMessage(), e);
            }
        }

        private void writeSuite(HostResult r) throws XMLStreamException {
            String name = r.source() + (r.host() == null ? "" : " (host " + r.host() + ")");
            Map<String, List<Cause>> bySignature = new LinkedHashMap<>();
            for (Cause c : r.causes()) {
                bySignature.computeIfAbsent(c.signature(), k -> new ArrayList<>()).add(c);
            }
            // every signature evaluated, then the generic causes that are not in the catalogue
            List<String> cases = new ArrayList<>();
            Map<String, String> titles = new LinkedHashMap<>();
            for (Signature s : options.signatures()) {
                cases.add(s.id());
                titles.put(s.id(), s.title());
            }
            for (Cause c : r.causes()) {
                if (!titles.containsKey(c.signature())) {
                    cases.add(c.signature());
                    titles.put(c.signature(), c.title());
                }
            }
            List<Incident> unexplained = unexplained(r);
            int failures = bySignature.size() + (unexplained.isEmpty() ? 0 : 1);
            x.writeCharacters("  ");
            x.writeStartElement("testsuite");
            x.writeAttribute("name", XmlText.clean(name, MAX));
            x.writeAttribute("package", "crashtriage");
            x.writeAttribute("id", Integer.toString(suites++));
            x.writeAttribute("timestamp", options.timestamp());
            x.writeAttribute("hostname", r.host() == null || r.host().isBlank() ? "localhost" : XmlText.clean(r.host(), 255));
            x.writeAttribute("tests", Integer.toString(cases.size() + 1));
            x.writeAttribute("failures", Integer.toString(failures));
            x.writeAttribute("errors", "0");
            x.writeAttribute("time", "0");
            x.writeCharacters("\n    ");
            x.writeStartElement("properties");
            property("format", r.format() == null ? "" : r.format().id());
            property("lines", Long.toString(r.lines()));
            if (r.kernel().version() != null) {
                property("kernel", r.kernel().version());
            }
            x.writeEndElement();
            x.writeCharacters("\n");
            for (String id : cases) {
                List<Cause> matched = bySignature.get(id);
                testcase(name, id + ": " + titles.get(id));
                if (matched != null) {
                    Cause c = matched.get(0);
                    x.writeStartElement("failure");
                    x.writeAttribute("type", ReportFacts.severity(c.severity()));
                    x.writeAttribute("message", XmlText.clean(c.title() + String.format(java.util.Locale.ROOT,
                            " (confidence %.2f)", c.confidence()), MAX));
                    x.writeCharacters(XmlText.lines(body(matched, r), MAX));
                    x.writeEndElement();
                }
                x.writeEndElement();
                x.writeCharacters("\n");
            }
            testcase(name, UNEXPLAINED);
            if (!unexplained.isEmpty()) {
                x.writeStartElement("failure");
                x.writeAttribute("type", "unexplained");
                x.writeAttribute("message", unexplained.size() + " incident" + (unexplained.size() == 1 ? "" : "s")
                        + " with no specific cause");
                List<String> lines = new ArrayList<>();
                for (Incident i : unexplained) {
                    lines.add(i.id() + " " + i.kind().id() + " " + i.source() + ":" + i.line() + ": " + i.title()
                            + "  [fingerprint " + i.fingerprint() + "]");
                }
                x.writeCharacters(XmlText.lines(lines, MAX));
                x.writeEndElement();
            }
            x.writeEndElement();
            x.writeCharacters("\n    ");
            x.writeStartElement("system-out");
            x.writeEndElement();
            x.writeCharacters("\n    ");
            x.writeStartElement("system-err");
            x.writeEndElement();
            x.writeCharacters("\n  ");
            x.writeEndElement();
            x.writeCharacters("\n");
        }

        private List<Incident> unexplained(HostResult r) {
            Set<String> explained = new HashSet<>();
            for (Cause c : r.causes()) {
                if (specific.contains(c.signature())) {
                    explained.addAll(c.incidents());
                }
            }
            List<Incident> out = new ArrayList<>();
            for (Incident i : r.incidents()) {
                if (!explained.contains(i.id())) {
                    out.add(i);
                }
            }
            return out;
        }

        /** Evidence with file and line, then what to do: what a CI engineer opens the failure for (lines cleaned later). */
        private static List<String> body(List<Cause> causes, HostResult r) {
            List<String> b = new ArrayList<>();
            for (Cause c : causes) {
                b.add(c.title());
                for (Incident i : ReportFacts.explained(c, r)) {
                    b.add("explains " + i.id() + " " + i.title() + " (" + i.source() + ":" + i.line() + ")");
                }
                b.add("Evidence:");
                for (Evidence e : c.evidence()) {
                    b.add("  " + e.source() + ":" + e.line() + ": " + e.text());
                }
                if (!c.remediation().steps().isEmpty()) {
                    b.add("What to do:");
                    c.remediation().steps().forEach(s -> b.add("  - " + s));
                }
                if (!c.remediation().confirm().isEmpty()) {
                    b.add("To confirm:");
                    c.remediation().confirm().forEach(s -> b.add("  - " + s));
                }
            }
            return b;
        }

        private void testcase(String suite, String name) throws XMLStreamException {
            x.writeCharacters("    ");
            x.writeStartElement("testcase");
            x.writeAttribute("name", XmlText.clean(name, MAX));
            x.writeAttribute("classname", XmlText.clean(suite, MAX));
            x.writeAttribute("time", "0");
        }

        private void property(String name, String value) throws XMLStreamException {
            x.writeCharacters("\n      ");
            x.writeEmptyElement("property");
            x.writeAttribute("name", name);
            x.writeAttribute("value", XmlText.clean(value, MAX));
        }

        @Override
        public void end(List<InputProblem> problems, boolean interrupted) throws IOException {
            try {
                List<InputProblem> failed = problems.stream().filter(InputProblem::fatal).toList();
                if (!failed.isEmpty() || interrupted) {
                    x.writeCharacters("  ");
                    x.writeStartElement("testsuite");
                    x.writeAttribute("name", "crashtriage inputs");
                    x.writeAttribute("package", "crashtriage");
                    x.writeAttribute("id", Integer.toString(suites++));
                    x.writeAttribute("timestamp", options.timestamp());
                    x.writeAttribute("hostname", "localhost");
                    x.writeAttribute("tests", Integer.toString(failed.size() + (interrupted ? 1 : 0)));
                    x.writeAttribute("failures", "0");
                    x.writeAttribute("errors", Integer.toString(failed.size() + (interrupted ? 1 : 0)));
                    x.writeAttribute("time", "0");
                    x.writeCharacters("\n    ");
                    x.writeEmptyElement("properties");
                    x.writeCharacters("\n");
                    for (InputProblem p : failed) {
                        testcase("crashtriage inputs", "input " + p.source() + " is a readable kernel log");
                        x.writeStartElement("error");
                        x.writeAttribute("type", p.kind().id());
                        x.writeAttribute("message", XmlText.clean(p.message(), MAX));
                        x.writeCharacters(XmlText.clean(p.source() + ": " + p.message(), MAX));
                        x.writeEndElement();
                        x.writeEndElement();
                        x.writeCharacters("\n");
                    }
                    if (interrupted) {
                        testcase("crashtriage inputs", "run completed");
                        x.writeStartElement("error");
                        x.writeAttribute("type", "interrupted");
                        x.writeAttribute("message", "interrupted: the report is partial");
                        x.writeEndElement();
                        x.writeEndElement();
                        x.writeCharacters("\n");
                    }
                    x.writeCharacters("    ");
                    x.writeEmptyElement("system-out");
                    x.writeCharacters("\n    ");
                    x.writeEmptyElement("system-err");
                    x.writeCharacters("\n  ");
                    x.writeEndElement();
                    x.writeCharacters("\n");
                }
                x.writeEndElement();
                x.writeEndDocument();
                x.flush();
                out.write('\n');
                out.flush();
            } catch (XMLStreamException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
    }
}
