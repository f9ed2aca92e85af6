package dev.crashtriage.triage;

import java.util.List;

/**
 * What to do about a cause.
 *
 * @param steps   actions, most useful first
 * @param confirm how to confirm the diagnosis (commands to run, evidence to gather)
 */
public record Remediation(List<String> steps, List<String> confirm) {
}
