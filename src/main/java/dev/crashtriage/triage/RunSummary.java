package dev.crashtriage.triage;

import java.util.List;

/**
 * What a run over many inputs found, across them: how many inputs were analysed and had incidents,
 * each distinct crash with how often and where it occurred, and each cause likewise, most frequent
 * first. Built by {@link RunSummaryBuilder} as results stream past.
 *
 * @param inputs              inputs analysed (read, whether or not they held incidents)
 * @param inputsWithIncidents inputs with at least one incident
 * @param inputsWithCauses    inputs with at least one ranked cause
 * @param inputErrors         inputs that could not be read or held no kernel log
 * @param skipped             files inside directories left out (not logs, or by --include/--exclude)
 * @param results             (input, host) results
 * @param incidents           incidents, over all results
 * @param causeCount          causes, over all results
 * @param crashes             distinct crashes, most frequent first
 * @param causes              distinct causes (by signature), most frequent first
 */
public record RunSummary(int inputs, int inputsWithIncidents, int inputsWithCauses, int inputErrors, int skipped,
                         int results, int incidents, int causeCount, List<Crash> crashes, List<CauseCount> causes) {

    /** Input names kept per group: the count is exact, the list is for reading. */
    public static final int INPUTS_LISTED = 50;

    /**
     * One distinct crash: the incidents of one fingerprint, and of every fingerprint with the same title
     * (syzbot's identity for a bug is its title, so a crash whose stack differs below the title is still
     * the same bug); corrupted reports are merged by fingerprint only, never into a clean title.
     *
     * @param title        the title most of its incidents carry
     * @param kind         incident kind id
     * @param titles       every title seen for it, most frequent first
     * @param fingerprints every fingerprint merged into it
     * @param count        incidents
     * @param inputCount   distinct inputs it occurs in
     * @param inputs       the first {@link #INPUTS_LISTED} of those inputs, in run order
     * @param corrupted    its reports were corrupted (cut, interleaved)
     * @param known        every fingerprint of it is in the baseline
     */
    public record Crash(String title, String kind, List<String> titles, List<String> fingerprints, int count,
                        int inputCount, List<String> inputs, boolean corrupted, boolean known) {
    }

    /**
     * One cause across inputs.
     *
     * @param signature  signature id
     * @param title      the cause in words
     * @param severity   its severity
     * @param count      results it was ranked in
     * @param inputCount distinct inputs
     * @param inputs     the first {@link #INPUTS_LISTED} of those inputs
     * @param known      in the baseline
     */
    public record CauseCount(String signature, String title, String severity, int count, int inputCount,
                             List<String> inputs, boolean known) {
    }
}
