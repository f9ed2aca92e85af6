package dev.crashtriage.kernel;

import dev.crashtriage.input.LiteralExtractor;
import dev.crashtriage.input.LogRecord;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds hardware error reports: machine checks (2.4/2.5 "CPU n: Machine Check Exception", "Bank N: status at
 * addr", "Kernel panic: CPU context corrupt"; modern "mce: [Hardware Error]: CPU n: Machine Check: .. Bank N:
 * status"), APEI GHES records ("{n}[Hardware Error]: ..") and EDAC corrected/uncorrected memory errors.
 * Lines printed together form one episode (an EDAC storm is one incident with a count, not thousands).
 *
 * <p>Kind: edac when an EDAC CE/UE line is in the episode, else machine-check, else hardware-error (GHES).
 * Titles: {@code machine check: bank <n>[, uncorrected]}, {@code EDAC MC<n>: <k> corrected memory error(s) on
 * <location>}, {@code hardware error (APEI GHES, <severity>[, <section>])}.
 */
public final class HardwareErrorDetector extends EpisodeDetector<HardwareErrorDetector.Episode> {
    /** Lines of one report come within a second; an EDAC storm repeats every few seconds. */
    private static final double EPISODE_GAP_SECONDS = 10;
    private static final int EPISODE_GAP_LINES = 20;

    private static final Pattern MODERN_MCE = Pattern.compile(
            "Machine Check(?: Exception| Event)?: ?(\\S+)? Bank (\\d+): ([0-9a-fA-F]+)");
    private static final Pattern OLD_BANK = Pattern.compile("^\\s*Bank (\\d+): ([0-9a-fA-F]+)(?: at ([0-9a-fA-F]+))?");
    private static final Pattern ADDR = Pattern.compile("\\bADDR ([0-9a-fA-Fx]+)");
    private static final Pattern EDAC = Pattern.compile("EDAC (?:\\S+ )?MC(\\d+): (?:(\\d+) )?(CE|UE)\\b(.*)");
    private static final Pattern EDAC_LOCATION = Pattern.compile(" on (\\S+)(?: \\(|$)");
    private static final Pattern EDAC_LABEL = Pattern.compile("label \"([^\"]*)\"");
    private static final Pattern EDAC_ROW = Pattern.compile("row (\\d+), channel (\\d+)");
    private static final Pattern GHES_ADDR = Pattern.compile("physical_address: (0x[0-9a-fA-F]+)");


    @Override
    protected void acceptKernelLine(LogRecord r, String t, Consumer<IncidentBuilder> emit) {
        boolean hw = isHardwareLine(t);
        if (open != null) {
            boolean near = RecordClock.near(open.last, r, EPISODE_GAP_SECONDS, EPISODE_GAP_LINES);
            if (near && (hw || (open.kind == IncidentKind.MACHINE_CHECK && isPanicTail(t)))) {
                open.add(r, t);
                return;
            }
            // Unrelated lines may interleave with a report; only a pause or a new report ends it.
            if (!near || hw) {
                close(emit);
            }
        }
        if (hw && opensEpisode(t)) {
            open = new Episode(r);
            open.add(r, t);
        }
    }


    /**
     * The panic that ends a machine-check report: mce_panic()'s own messages ("Fatal machine check", 2.5's "CPU
     * context corrupt", "Machine check from unknown source"). Another panic soon after (a root mount failing) is
     * not the machine check's.
     */
    private static boolean isPanicTail(String t) {
        return t.indexOf("CPU context corrupt") >= 0
                || t.indexOf("Kernel panic") >= 0 && (t.indexOf("achine check") >= 0 || t.indexOf("context corrupt") >= 0);
    }

    /**
     * mce_panic()'s messages in arch/x86/kernel/cpu/mce/core.c: "Fatal local machine check", "Fatal machine check",
     * "Fatal machine check on current CPU" (and "Machine check from unknown source", caught by "Machine check").
     */
    private static final String FATAL_CHECK = "achine check";

    static boolean isFatalMachineCheck(String t) {
        int i = t.indexOf(FATAL_CHECK);
        return i > 0 && t.lastIndexOf("Fatal ", i) >= 0;
    }

    /** Cheap test for lines that belong to a hardware error report. */
    static boolean isHardwareLine(String t) {
        int s = TextScan.skipBlanks(t);
        if (t.startsWith("mce:", s) || t.startsWith("mce ", s) || t.startsWith("EDAC", s) || t.startsWith("Bank ", s) || t.startsWith("MCE", s)
                || t.startsWith("Northbridge Error", s) || t.startsWith("ECC/ChipKill", s)) {
            return true;
        }
        if (t.indexOf("Machine ") >= 0 && (t.indexOf("Machine Check") >= 0 || t.indexOf("Machine check") >= 0)) {
            return true;
        }
        return t.indexOf("Error]") >= 0 ? t.indexOf("[Hardware Error]") >= 0
                : t.indexOf("CPU context corrupt") >= 0 || isFatalMachineCheck(t);
    }

    /** Informational lines ("mce: CPU supports 7 MCE banks", "EDAC MC: Ver: 3.0.0") must not open an episode. */
    private static boolean opensEpisode(String t) {
        for (String m : OPENING_MARKERS) {
            if (t.indexOf(m) >= 0) {
                return true;
            }
        }
        return EDAC.matcher(t).find() || isFatalMachineCheck(t)
                || (t.startsWith(EDAC_PREFIX) && (t.indexOf(" error") >= 0 || t.indexOf("Error") >= 0));
    }

    private static final String[] OPENING_MARKERS = {"[Hardware Error]", "Machine Check", "Machine check events logged",
        "MEMORY ERROR", "CPU context corrupt", "Northbridge Error"};
    private static final String EDAC_PREFIX = "EDAC";

    /**
     * Only a line {@link #opensEpisode} accepts opens one: each of its checks needs one of its markers, the EDAC
     * pattern's own literals, the EDAC prefix or the fatal machine check's "achine check".
     */
    private static final List<String> WAKE_LITERALS = wakeLiterals(OPENING_MARKERS,
            LiteralExtractor.requiredLiterals(EDAC.pattern()), List.of(EDAC_PREFIX, FATAL_CHECK));

    /** Null (read every line) if the EDAC pattern ever loses a literal every match holds. */
    private static List<String> wakeLiterals(String[] markers, List<String> edac, List<String> more) {
        if (edac == null) {
            return null;
        }
        List<String> out = new ArrayList<>(List.of(markers));
        out.addAll(edac);
        out.addAll(more);
        return List.copyOf(new LinkedHashSet<>(out));
    }

    @Override
    public List<String> wakeLiterals() {
        return WAKE_LITERALS;
    }

    /** Idle, a line changes nothing unless it opens an episode. */
    @Override
    public boolean holdsOpenState() {
        return open != null;
    }

    /** One burst of hardware error lines. */
    static final class Episode implements EpisodeDetector.Episode {
        IncidentBuilder builder;
        LogRecord last;
        IncidentKind kind = IncidentKind.HARDWARE_ERROR;
        Integer bank;
        String status;
        String address;
        Integer corrected;
        Integer statusValid;
        Integer errorEnabled;
        Integer pcc;
        boolean fatal;
        Integer mc;
        long count;
        boolean uncorrected;
        String location;
        String ghesSeverity;
        String ghesSection;
        final Set<String> edacLocations = new LinkedHashSet<>();

        Episode(LogRecord first) {
            builder = new IncidentBuilder(IncidentKind.HARDWARE_ERROR, first);
            last = first;
        }

        void add(LogRecord r, String t) {
            if (r != last) {
                builder.add(r);
            }
            last = r;
            Matcher m;
            if (isFatalMachineCheck(t) || t.indexOf("CPU context corrupt") >= 0
                    || (t.indexOf("Kernel panic") >= 0 && kind == IncidentKind.MACHINE_CHECK)) {
                fatal = true;
                if (kind == IncidentKind.HARDWARE_ERROR) {
                    kind = IncidentKind.MACHINE_CHECK;
                }
            }
            if (t.indexOf("Machine Check") >= 0 || t.indexOf("Machine check") >= 0) {
                if (kind == IncidentKind.HARDWARE_ERROR) {
                    kind = IncidentKind.MACHINE_CHECK;
                }
                m = MODERN_MCE.matcher(t);
                if (m.find() && bank == null) {
                    bank = Integer.parseInt(m.group(2));
                    setStatus(m.group(3));
                }
            } else if ((m = OLD_BANK.matcher(t)).find()) {
                if (kind == IncidentKind.HARDWARE_ERROR) {
                    kind = IncidentKind.MACHINE_CHECK;
                }
                if (bank == null) {
                    bank = Integer.parseInt(m.group(1));
                    setStatus(m.group(2));
                    if (m.group(3) != null) {
                        address = m.group(3);
                    }
                }
            }
            if (address == null && t.indexOf("ADDR ") >= 0) {
                m = ADDR.matcher(t);
                if (m.find()) {
                    address = m.group(1);
                }
            }
            if (t.indexOf("EDAC") >= 0 && (m = EDAC.matcher(t)).find()) {
                kind = IncidentKind.EDAC;
                if (mc == null) {
                    mc = Integer.parseInt(m.group(1));
                }
                String rest = m.group(4);
                if (m.group(2) != null) {
                    count += Long.parseLong(m.group(2));
                } else if (rest.startsWith(" ERROR_ADDRESS")) {
                    // amd64_edac announces the address, then reports the same error as "EDAC MC0: CE page .."
                    if (address == null) {
                        address = TextScan.tokenAfter(rest, "ERROR_ADDRESS= ", ",");
                    }
                } else {
                    count++;
                }
                if ("UE".equals(m.group(3))) {
                    uncorrected = true;
                }
                String loc = edacLocation(m.group(4));
                if (loc != null && edacLocations.size() < 16) {
                    edacLocations.add(loc);
                }
            }
            if (t.indexOf("[Hardware Error]") >= 0) {
                int i = t.indexOf("event severity: ");
                if (i >= 0 && ghesSeverity == null) {
                    ghesSeverity = t.substring(i + "event severity: ".length()).trim();
                    corrected = "corrected".equals(ghesSeverity) ? 1 : 0;
                }
                i = t.indexOf("section_type: ");
                if (i >= 0 && ghesSection == null) {
                    ghesSection = t.substring(i + "section_type: ".length()).trim();
                }
                if (address == null && (m = GHES_ADDR.matcher(t)).find()) {
                    address = m.group(1);
                }
                i = t.indexOf("DIMM location: ");
                if (i >= 0 && location == null) {
                    location = t.substring(i + "DIMM location: ".length()).trim();
                }
            }
        }

        private static String edacLocation(String rest) {
            Matcher m = EDAC_LOCATION.matcher(rest);
            if (m.find()) {
                return m.group(1);
            }
            m = EDAC_LABEL.matcher(rest);
            if (m.find() && !m.group(1).isEmpty()) {
                return m.group(1);
            }
            m = EDAC_ROW.matcher(rest);
            if (m.find()) {
                return "row " + m.group(1) + " channel " + m.group(2);
            }
            return null;
        }

        /**
         * Keeps the MCi_STATUS text as printed; reads VAL, UC, EN and PCC (bits 63, 61, 60, 57) only from a full 16-digit value, since
         * hand-copied statuses (as in pasted 2.5-era reports) may have lost digits.
         */
        private void setStatus(String hex) {
            status = hex;
            if (hex.length() == 16) {
                long v = Long.parseUnsignedLong(hex, 16);
                corrected = (v & (1L << 61)) == 0 ? 1 : 0;
                statusValid = (v & (1L << 63)) != 0 ? 1 : 0;
                errorEnabled = (v & (1L << 60)) != 0 ? 1 : 0;
                pcc = (v & (1L << 57)) != 0 ? 1 : 0;
            }
        }

        @Override
        public IncidentBuilder finish() {
            builder.kind = kind;
            var f = builder.facts;
            if (kind == IncidentKind.EDAC) {
                f.put(Facts.MC, mc);
                f.put(Facts.COUNT, count);
                f.flag(Facts.UNCORRECTED, uncorrected);
                if (!edacLocations.isEmpty()) {
                    location = String.join(",", edacLocations);
                }
            }
            f.put(Facts.LOCATION, location);
            // Records polled at CPU bring-up are the ones the banks kept across the last reset; the kernel time
            // is what tells them from errors of this boot (signature mce-logged-at-boot).
            LogRecord first = builder.lines.get(0);
            if (first.hasMonoTime()) {
                f.put(Facts.SECONDS_SINCE_BOOT, (long) Math.floor(first.monoTime()));
            }
            f.put(Facts.BANK, bank);
            f.put(Facts.STATUS, status);
            f.put(Facts.ADDRESS, address);
            f.put(Facts.CORRECTED, corrected);
            f.put(Facts.STATUS_VALID, statusValid);
            f.put(Facts.ERROR_ENABLED, errorEnabled);
            f.put(Facts.PCC, pcc);
            if (kind == IncidentKind.MACHINE_CHECK) {
                f.flag(Facts.FATAL, fatal);
            }
            builder.title = title();
            return builder;
        }

        private String title() {
            if (kind == IncidentKind.EDAC) {
                StringBuilder s = new StringBuilder("EDAC");
                if (mc != null) {
                    s.append(" MC").append(mc);
                }
                s.append(": ").append(uncorrected ? "uncorrected" : "corrected").append(" memory error");
                if (!edacLocations.isEmpty()) {
                    s.append(" on ").append(edacLocations.iterator().next());
                }
                return s.toString();
            }
            if (kind == IncidentKind.MACHINE_CHECK) {
                StringBuilder s = new StringBuilder("machine check");
                if (bank != null) {
                    s.append(": bank ").append(bank);
                }
                if (corrected != null) {
                    s.append(corrected == 1 ? ", corrected" : ", uncorrected");
                }
                if (fatal && bank == null) {
                    s.append(": fatal");
                }
                for (LogRecord r : builder.lines) {
                    if (r.text().indexOf("CPU context corrupt") >= 0) {
                        s.append(", CPU context corrupt");
                        break;
                    }
                }
                return s.toString();
            }
            StringBuilder s = new StringBuilder("hardware error (APEI GHES");
            if (ghesSeverity != null) {
                s.append(", ").append(ghesSeverity);
            }
            if (ghesSection != null) {
                s.append(", ").append(ghesSection);
            }
            return s.append(')').toString();
        }
    }
}
