package dev.crashtriage.render;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fitting the human report to a terminal: prose wrapped at word boundaries with a hanging indent,
 * log lines shortened in the middle (both ends say the most), and the forms a person reads
 * instead of machine ones ({@code stdin} for "-", "Mar 9 16:17:38" for a year-less syslog time).
 */
final class TextLayout {
    /** Width when the report does not go to a terminal, or the terminal does not say. */
    static final int DEFAULT_WIDTH = 80;
    /** Narrower than this, wrapping only makes a column of single words. */
    private static final int MIN_WIDTH = 40;
    private static final String ELLIPSIS = " ... ";

    private TextLayout() {
    }

    static int usableWidth(int width) {
        return width <= 0 ? DEFAULT_WIDTH : Math.max(MIN_WIDTH, width);
    }

    /**
     * Lines of {@code text} no wider than {@code width}: the first starts with {@code first}, the
     * others with {@code rest}. A word longer than a line (a URL, a command) stands on its own line
     * unbroken, since breaking it would make it unusable.
     */
    static List<String> wrap(String text, int width, String first, String rest) {
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder(first);
        int lineStart = first.length();
        for (String word : text.trim().split("\\s+")) {
            if (word.isEmpty()) {
                continue;
            }
            boolean empty = line.length() == lineStart;
            if (!empty && line.length() + 1 + word.length() > width) {
                out.add(line.toString());
                line = new StringBuilder(rest);
                lineStart = rest.length();
                empty = true;
            }
            if (!empty) {
                line.append(' ');
            }
            line.append(word);
        }
        out.add(line.toString());
        return out;
    }

    /** {@code text} cut to {@code max} characters by taking out its middle. */
    static String shortenMiddle(String text, int max) {
        if (text.length() <= max || max < ELLIPSIS.length() + 8) {
            return text;
        }
        int keep = max - ELLIPSIS.length();
        int head = (keep + 1) / 2;
        int tail = keep - head;
        return text.substring(0, head) + ELLIPSIS + text.substring(text.length() - tail);
    }

    /** How an input is named to a person: stdin for "-". */
    static String source(String source) {
        return "-".equals(source) ? "stdin" : source;
    }

    private static final Pattern YEARLESS = Pattern.compile("--(\\d\\d)-(\\d\\d)T(\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?)(.*)");

    /**
     * A wall-clock time for a person. Syslog's BSD timestamps carry no year, kept internally in the
     * ISO form for a date without a year ({@code --03-09T16:17:38}); a person reads them the way the
     * log wrote them, {@code Mar 9 16:17:38}.
     */
    static String wallTime(String time) {
        Matcher m = YEARLESS.matcher(time);
        if (!m.matches()) {
            return time;
        }
        int month = Integer.parseInt(m.group(1));
        if (month < 1 || month > 12) {
            return time;
        }
        // syslog's own month abbreviations are the English ones
        return java.time.Month.of(month).getDisplayName(java.time.format.TextStyle.SHORT, java.util.Locale.ENGLISH)
                + " " + Integer.parseInt(m.group(2)) + " " + m.group(3) + m.group(4);
    }
}
