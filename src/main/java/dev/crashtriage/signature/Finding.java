package dev.crashtriage.signature;

import java.util.List;

/**
 * One signature that matched one (input, host) stream.
 *
 * @param signatureId the signature's id
 * @param confidence  in [0, 1], from the evidence found and the evidence missing
 * @param evidence    the lines that matched, in input order (bounded)
 * @param incidentIds incidents this cause explains
 * @param firstLine   first line of evidence (for time ordering)
 * @param present     names of optional evidence found (raised the confidence)
 * @param missing     names of expected evidence not found (lowered the confidence)
 */
public record Finding(String signatureId, double confidence, List<Evidence> evidence, List<String> incidentIds,
                      long firstLine, List<String> present, List<String> missing) {
}
