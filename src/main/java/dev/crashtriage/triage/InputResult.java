package dev.crashtriage.triage;

import dev.crashtriage.input.InputProblem;
import dev.crashtriage.input.ReadSummary;

import java.util.List;

/**
 * What reading one input found, besides its hosts' results.
 *
 * @param source   input name ("-" for stdin)
 * @param summary  format, line and byte counts, or null when the input could not be read to its end
 * @param problems everything that went wrong with this input, in the order met (a fatal one means "cannot read")
 */
public record InputResult(String source, ReadSummary summary, List<InputProblem> problems) {
}
