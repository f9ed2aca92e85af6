package dev.crashtriage.render;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class ControlCharEscaperTest {

    @Test
    void plainKernelTextIsReturnedAsIs() {
        String s = "BUG: unable to handle kernel NULL pointer dereference at 0000000000000008";
        assertSame(s, ControlCharEscaper.escape(s));
        assertEquals("naïve – ok", ControlCharEscaper.escape("naïve – ok"), "printable non-ASCII stays");
    }

    @Test
    void controlsBecomeVisibleEscapes() {
        assertEquals("a\\e[31mb\\x07\\t\\r\\n\\x00\\x7f", ControlCharEscaper.escape("a\u001b[31mb\u0007\t\r\n\u0000\u007f"));
        assertEquals("\\x9b2J \\x85", ControlCharEscaper.escape("\u009b2J \u0085"));
        assertEquals("\\u202eabc\\u2069\\u2028\\u061c", ControlCharEscaper.escape("\u202eabc\u2069\u2028\u061c"));
    }

    @Test
    void longTextIsCutWithAMarkerAndNeverSplitsASurrogatePair() {
        assertEquals("abc [... 3 more characters cut]", ControlCharEscaper.escape("abcdef", 3));
        assertEquals("ab [... 3 more characters cut]", ControlCharEscaper.escape("ab\ud83d\ude00x", 3));
        assertEquals("\\e [... 1 more characters cut]", ControlCharEscaper.escape("\u001bx", 1));
        assertEquals("", ControlCharEscaper.escape(null));
    }
}
