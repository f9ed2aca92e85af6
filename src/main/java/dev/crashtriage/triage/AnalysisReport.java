package dev.crashtriage.triage;

import dev.crashtriage.input.InputProblem;

import java.util.List;

/**
 * Everything one run found.
 *
 * @param results  one per (input, host), in input order
 * @param problems inputs that could not be read (fully), in the order met
 */
public record AnalysisReport(List<HostResult> results, List<InputProblem> problems) {

    public int incidentCount() {
        return results.stream().mapToInt(r -> r.incidents().size()).sum();
    }

    public int causeCount() {
        return results.stream().mapToInt(r -> r.causes().size()).sum();
    }

    public boolean hasFatalProblem() {
        return problems.stream().anyMatch(InputProblem::fatal);
    }
}
