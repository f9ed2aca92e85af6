package dev.crashtriage.render;

/**
 * Text from a log made inert in GitHub- and GitLab-flavoured markdown: control characters made
 * visible, and every character that could start markup (emphasis, links, images, HTML, tables,
 * headings, mentions) backslash-escaped, so a hostile log line cannot render as a link, an image
 * that calls home, or a forged table row.
 */
final class Markdown {
    private static final String SPECIAL = "\\`*_{}[]()<>#+-.!|~@&=:\"'$%^";

    private Markdown() {
    }

    static String text(String s) {
        return text(s, Integer.MAX_VALUE);
    }

    static String text(String s, int maxChars) {
        String visible = ControlCharEscaper.escape(s, maxChars);
        StringBuilder b = new StringBuilder(visible.length() + 16);
        for (int i = 0; i < visible.length(); i++) {
            char c = visible.charAt(i);
            if (SPECIAL.indexOf(c) >= 0) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }

    /** Text inside a code span: backticks cannot close it, since it is fenced with more of them than it holds. */
    static String code(String s, int maxChars) {
        String visible = ControlCharEscaper.escape(s, maxChars);
        int run = 0;
        int longest = 0;
        for (int i = 0; i < visible.length(); i++) {
            run = visible.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(longest + 1);
        return fence + " " + visible + " " + fence;
    }
}
