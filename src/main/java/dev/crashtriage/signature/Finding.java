package dev.crashtriage.signature;

import java.util.List;

/**
 * One signature that matched one scope unit (the stream, a boot or an incident) of an (input, host) stream.
 *
 * @param signatureId the signature's id
 * @param confidence  in [0, 1]: base, plus raises present, minus lowers present
 * @param evidence    the lines that matched, in input order (bounded)
 * @param incidentIds incidents this cause explains
 * @param firstLine   first line of evidence (for time ordering)
 * @param present     names ({@code when} texts) of raises whose evidence was found
 * @param missing     names of raises whose evidence was not found
 * @param lowered     names of lowers whose evidence was found (they explain a lower score)
 * @param causedBy    causal links its {@code preceded_by} found: explained incident id to the id of the earlier
 *                    incident that caused it
 * @param severity    the severity a {@code severity_when} rule set for this match, or null for the signature's
 */
public record Finding(String signatureId, double confidence, List<Evidence> evidence, List<String> incidentIds,
                      long firstLine, List<String> present, List<String> missing, List<String> lowered,
                      java.util.Map<String, String> causedBy, Severity severity) {

    /** A finding whose severity is its signature's. */
    public Finding(String signatureId, double confidence, List<Evidence> evidence, List<String> incidentIds,
                   long firstLine, List<String> present, List<String> missing, List<String> lowered,
                   java.util.Map<String, String> causedBy) {
        this(signatureId, confidence, evidence, incidentIds, firstLine, present, missing, lowered, causedBy, null);
    }

    public Finding(String signatureId, double confidence, List<Evidence> evidence, List<String> incidentIds,
                   long firstLine, List<String> present, List<String> missing, List<String> lowered) {
        this(signatureId, confidence, evidence, incidentIds, firstLine, present, missing, lowered, java.util.Map.of());
    }

    /** The original shape, for callers that do not track lowers. */
    public Finding(String signatureId, double confidence, List<Evidence> evidence, List<String> incidentIds,
                   long firstLine, List<String> present, List<String> missing) {
        this(signatureId, confidence, evidence, incidentIds, firstLine, present, missing, List.of());
    }
}
