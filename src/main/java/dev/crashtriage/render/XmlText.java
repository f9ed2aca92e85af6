package dev.crashtriage.render;

/**
 * Log text that XML 1.0 can carry: control characters made visible (XML cannot hold most of them
 * even escaped), lone surrogates and the non-characters U+FFFE/U+FFFF replaced. Markup characters
 * are left to the XML writer, which escapes them.
 */
final class XmlText {
    private XmlText() {
    }

    static String clean(String s, int maxChars) {
        String visible = ControlCharEscaper.escape(s, maxChars);
        StringBuilder b = null;
        for (int i = 0; i < visible.length(); i++) {
            char c = visible.charAt(i);
            boolean bad;
            if (Character.isHighSurrogate(c)) {
                bad = i + 1 >= visible.length() || !Character.isLowSurrogate(visible.charAt(i + 1));
                if (!bad) {
                    if (b != null) {
                        b.append(c).append(visible.charAt(i + 1));
                    }
                    i++;
                    continue;
                }
            } else {
                bad = Character.isLowSurrogate(c) || c == '\ufffe' || c == '\uffff';
            }
            if (bad && b == null) {
                b = new StringBuilder(visible.length());
                b.append(visible, 0, i);
            }
            if (b != null) {
                b.append(bad ? '\ufffd' : c);
            }
        }
        return b == null ? visible : b.toString();
    }

    /** Several lines of log text, each cleaned, joined by newlines (a failure body keeps its shape). */
    static String lines(Iterable<String> lines, int maxChars) {
        StringBuilder b = new StringBuilder();
        for (String l : lines) {
            b.append(clean(l, maxChars)).append('\n');
        }
        return b.toString();
    }
}
