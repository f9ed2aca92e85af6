package dev.crashtriage.triage;

import dev.crashtriage.input.InputProblem;
import dev.crashtriage.input.LogFormat;
import dev.crashtriage.kernel.Incident;
import dev.crashtriage.kernel.KernelFacts;

import java.util.List;
import java.util.Map;

/**
 * The analysis of one (input, host) stream.
 *
 * @param source    input name ("-" for stdin)
 * @param host      host name, or null when the format carries none
 * @param format    detected format
 * @param lines     records read for this host
 * @param kernel    kernel and machine facts
 * @param incidents incidents in order
 * @param causes    ranked causes, most likely first
 * @param context   counts of context lines (segfaults, oom-reaper...)
 * @param problems  problems met while reading this input
 */
public record HostResult(String source, String host, LogFormat format, long lines, KernelFacts kernel,
                         List<Incident> incidents, List<Cause> causes, Map<String, Integer> context,
                         List<InputProblem> problems) {
}
