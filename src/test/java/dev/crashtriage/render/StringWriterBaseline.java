package dev.crashtriage.render;

import dev.crashtriage.triage.AnalysisReport;
import dev.crashtriage.triage.Baseline;
import dev.crashtriage.triage.HostResult;

import java.io.BufferedReader;
import java.io.StringReader;
import java.io.StringWriter;

/** A baseline written from a report and read back, as --write-baseline then --baseline do. */
record StringWriterBaseline(String text, Baseline baseline) {
    static StringWriterBaseline of(AnalysisReport report) throws Exception {
        Baseline.Writer w = new Baseline.Writer();
        for (HostResult r : report.results()) {
            w.add(r);
        }
        StringWriter text = new StringWriter();
        w.write(text);
        return new StringWriterBaseline(text.toString(),
                Baseline.read(new BufferedReader(new StringReader(text.toString())), "baseline.txt"));
    }
}
