package dev.crashtriage.kernel;

import java.util.List;
import java.util.regex.Pattern;

/**
 * How one kind of crash report is recognised and titled: the header it starts with, the title
 * template, where its guilty frame is looked for and which frames are too generic to blame.
 *
 * <p>Templates use {@code $1..$9} for the header pattern's groups, {@code $r1..$r9} for the
 * report pattern's groups and {@code $F} for the guilty frame ("corrupted" when none is found,
 * as syzkaller does).
 *
 * @param kind         incident kind
 * @param literal      cheap literal that must occur in the header line before {@code header} is tried
 * @param header       pattern found in the header line
 * @param report       pattern found in the report text (lines joined by '\n' from the header on), or null
 * @param template     title template
 * @param stack        where to look for the guilty frame, or null when the title has no frame
 * @param stack2       fallback when {@code stack} finds nothing, or null
 * @param skip         extra frame-name fragments that are too generic to blame for this format
 * @param extractor    how the guilty frame is chosen among the candidate frames
 * @param noStackTrace true when this report legitimately comes without a stack trace
 * @param corrupted    true when matching this format means the report is garbled
 * @param directCaller true when the report is about the context of an operation ("using smp_processor_id() in
 *                     preemptible code"): only the reporting machinery is skipped, and the function that did the
 *                     operation is blamed even when it is library code
 */
record CrashFormat(IncidentKind kind, String literal, Pattern header, Pattern report, String template,
                   List<Pattern> stack, List<Pattern> stack2, List<String> skip, FrameChoice extractor,
                   boolean noStackTrace, boolean corrupted, boolean directCaller) {

    CrashFormat(IncidentKind kind, String literal, Pattern header, Pattern report, String template,
                List<Pattern> stack, List<Pattern> stack2, List<String> skip, FrameChoice extractor,
                boolean noStackTrace, boolean corrupted) {
        this(kind, literal, header, report, template, stack, stack2, skip, extractor, noStackTrace, corrupted, false);
    }

    /** How the guilty frame is chosen among candidates. */
    enum FrameChoice {
        /** The first frame that is not generic. */
        FIRST,
        /** Stalls and lockups: the frame just above the first dispatch anchor (syscall entry, workqueue...). */
        STALL,
        /** Hung tasks: bucket waits on RCU and rtnl, then skip scheduling and waiting frames. */
        HANG
    }
}
