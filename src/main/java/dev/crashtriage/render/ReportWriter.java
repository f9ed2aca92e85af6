package dev.crashtriage.render;

import dev.crashtriage.input.InputProblem;
import dev.crashtriage.triage.HostResult;

import java.io.IOException;
import java.util.List;

/**
 * Writes one report incrementally: results go out as soon as they are analysed, so a report cut
 * short (Ctrl-C, a closed pipe) still holds everything finished before, in a well-formed document.
 */
public interface ReportWriter {

    /** Writes one (input, host) result. */
    void result(HostResult result) throws IOException;

    /**
     * Ends the document.
     *
     * @param problems    input problems met so far
     * @param interrupted true when the run was cut short and the report is partial
     */
    void end(List<InputProblem> problems, boolean interrupted) throws IOException;
}
