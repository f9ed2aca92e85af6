package dev.crashtriage.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads stack frames from one kernel log line, whatever the era or architecture printed it:
 * i386/x86_64 2.4-2.6 {@code [<c0123456>] ? func+0x1a/0x20 [mod]}, RHEL3 {@code [<c0123f14>] schedule [kernel] 0x2f4 (0xd4a6de84)},
 * 2.4 kallsyms {@code [__down+105/192]} (several on a line), modern {@code  func+0x1a/0x20 [mod]} and
 * {@code  func file.c:123 [inline]}, register lines ({@code RIP:}, {@code EIP is at}, {@code IP: [<..>]},
 * {@code PC is at}, {@code pc : }, {@code lr : }, {@code NIP [..]}, {@code LR [..]}), arm
 * {@code [<..>] (func+0x..) from [<..>] (caller+0x..)}, RHEL5 x86_64 module frames {@code [<..>] :mod:func+0x../0x..}, powerpc {@code [c..] [c..] func+0x../0x.. (unreliable)}
 * and s390 {@code ([<..>] func+0x../0x..)}.
 *
 * <p>Stateless: the stack section ({@code <IRQ>}, {@code <NMI>}...) is tracked by the caller with
 * {@link #sectionMarker(String)}.
 */
public final class FrameParser {

    private static final String NAME = "[A-Za-z_.$][A-Za-z0-9_.$]*";

    /** Modern and 2.6 style: optional addresses, optional "?", func+0xoff/0xsize, optional [mod], optional file:line [inline]. */
    private static final Pattern SYMBOL = Pattern.compile(
            "^\\s*\\(?(?:\\[<?(?:0x)?(?<addr>[0-9a-fA-F]+)>?\\]\\s*){0,2}(?<q>\\?\\s+)?(?:[0-9]+:|:(?<mod0>[A-Za-z0-9_\\-]+):)?"
                    + "(?<func>" + NAME + ")\\+(?<off>0x[0-9a-fA-F]+|[0-9]+)/(?<size>0x[0-9a-fA-F]+|[0-9]+)"
                    + "(?:\\s+\\[(?<mod>[A-Za-z0-9_\\-]+)\\])?(?:\\s+(?<file>[A-Za-z0-9_\\-/.]+:[0-9]+(?::[0-9]+)?))?"
                    + "(?<inl>\\s+\\[inline\\])?\\)?(?<unrel>\\s+\\(unreliable\\))?");

    /** Inlined frame printed by symbolizers without offset: {@code  __dump_stack lib/dump_stack.c:77 [inline]}. */
    private static final Pattern INLINE = Pattern.compile(
            "^\\s*(?<func>" + NAME + ")\\s+(?<file>[A-Za-z0-9_\\-/.]+\\.[A-Za-z]+:[0-9]+(?::[0-9]+)?)\\s+\\[inline\\]");

    /**
     * Decoded by scripts/decode_stacktrace.sh: the offset replaced by the source locations in parentheses, inlined ones
     * first and the function's own line last ({@code  ? mark_lock_irq (kernel/locking/lockdep.c:4013 kernel/locking/lockdep.c:4059)},
     * optionally {@code [inline]} after them). Real output: https://netdev-3.bots.linux.dev/vmksft-tcp-ao-dbg/results/149561/vm-crash-thr0-10.
     */
    private static final Pattern DECODED = Pattern.compile(
            "^\\s*(?<q>\\?\\s+)?(?<func>" + NAME + ")\\s\\((?<locs>(?:[^()]|\\(discriminator [0-9]+\\))*?[^\\s()]+\\.[A-Za-z]+:[0-9]+(?::[0-9]+)?"
                    + "(?: \\(discriminator [0-9]+\\))?)\\)"
                    + "(?<inl>\\s+\\[inline\\])?");

    /** RHEL3 (2.4 with ksymoops-like in-kernel decoding): {@code [<c0123f14>] schedule [kernel] 0x2f4 (0xd4a6de84)}. */
    private static final Pattern RHEL3 = Pattern.compile(
            "^\\s*\\[<(?<addr>[0-9a-fA-F]+)>\\]\\s+(?<func>" + NAME + ")\\s+\\[(?<mod>[^\\]]+)\\]\\s+(?<off>0x[0-9a-fA-F]+)");

    /** 2.4 kallsyms: {@code [__down+105/192]}, several per line. */
    private static final Pattern KALLSYMS = Pattern.compile(
            "\\[(?<func>" + NAME + ")\\+(?<off>[0-9]+)/(?<size>[0-9]+)\\]");

    /** arm: {@code [<c0012345>] (func+0x10/0x20) from [<c0012400>] (caller+0x..)}; old arm prints the plain name. */
    private static final Pattern ARM = Pattern.compile(
            "^\\s*\\[<(?<addr>[0-9a-fA-F]+)>\\]\\s+\\((?<func>" + NAME + ")(?:\\+(?<off>0x[0-9a-fA-F]+)/(?<size>0x[0-9a-fA-F]+))?"
                    + "(?:\\s+\\[(?<mod>[^\\]]+)\\])?\\)\\s+from\\s+");

    /** Register lines that name the faulting or calling function. */
    private static final Pattern REGISTER = Pattern.compile(
            "^\\s*(?:R?IP:\\s*(?:[0-9a-f]{4}:)?|RIP\\s+(?=\\[<)|EIP:\\s*[0-9a-f]{4}:|EIP is at |PC is at |LR is at |pc\\s*:\\s*|lr\\s*:\\s*"
                    + "|NIP\\s*\\[|LR\\s*\\[|Krnl PSW\\s*:)"
                    + "(?:[0-9a-fA-F]+\\]\\s*)?(?:\\[<?(?<addr>[0-9a-fA-F]+)>?\\]\\s*){0,2}"
                    + "(?<func>" + NAME + ")\\+(?<off>0x[0-9a-fA-F]+)(?:/(?<size>0x[0-9a-fA-F]+))?(?:\\s+\\[(?<mod>[A-Za-z0-9_\\-]+)\\])?");

    /** s390 program status word: {@code Krnl PSW : 0704c00180000000 0000015710cda7fe (func+0xfe/0x128 [mod])}. */
    private static final Pattern S390_PSW = Pattern.compile(
            "^\\s*Krnl PSW\\s*:\\s*[0-9a-fA-F]+\\s+(?<addr>[0-9a-fA-F]+)\\s+\\((?<func>" + NAME + ")\\+(?<off>0x[0-9a-fA-F]+)"
                    + "/(?<size>0x[0-9a-fA-F]+)(?:\\s+\\[(?<mod>[^\\]]+)\\])?\\)");

    private FrameParser() {
    }

    /** Frames on one line, in printed order; empty when the line holds none. */
    public static List<Frame> parse(String line, String section) {
        line = afterSectionMarker(line);
        if (!mayHoldFrame(line)) {
            return List.of();
        }
        Frame one = parseSingle(line, section);
        if (one != null) {
            return List.of(one);
        }
        return line.indexOf('[') >= 0 ? kallsyms(line, section) : List.of();
    }

    /** The single frame a line holds (the first one for kallsyms lines), or null. */
    public static Frame parseOne(String line, String section) {
        line = afterSectionMarker(line);
        if (!mayHoldFrame(line)) {
            return null;
        }
        Frame one = parseSingle(line, section);
        if (one != null) {
            return one;
        }
        List<Frame> k = line.indexOf('[') >= 0 ? kallsyms(line, section) : List.of();
        return k.isEmpty() ? null : k.get(0);
    }

    /** The line without a leading stack-section marker ("<IRQ>", "<EOI>") that older kernels print before a frame. */
    private static String afterSectionMarker(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        if (i >= line.length() || line.charAt(i) != '<' || line.indexOf("> ", i) < 0 || line.indexOf("[<", i) < 0) {
            return line;
        }
        int close = line.indexOf("> ", i);
        String marker = line.substring(i, close + 1);
        return sectionMarker(marker) != null ? line.substring(close + 1) : line;
    }

    /** Cheap test that keeps most non-frame lines away from the regexes. */
    private static boolean mayHoldFrame(String line) {
        return line.indexOf('+') >= 0 || line.endsWith("[inline]") || line.indexOf("] 0x") > 0 || endsWithParen(line);
    }

    /** Whether the last character before trailing blanks is ')' (decoded frames; some captures keep a trailing space). */
    static boolean endsWithParen(String line) {
        int i = line.length() - 1;
        while (i >= 0 && (line.charAt(i) == ' ' || line.charAt(i) == '\t' || line.charAt(i) == '\r')) {
            i--;
        }
        return i >= 0 && line.charAt(i) == ')';
    }

    private static Frame parseSingle(String line, String section) {
        Matcher m;
        if (line.indexOf('+') < 0) {
            m = INLINE.matcher(line);
            if (line.endsWith("[inline]") && m.lookingAt()) {
                return new Frame(m.group("func"), null, null, null, true, section, null, m.group("file"), true);
            }
            m = RHEL3.matcher(line);
            if (m.lookingAt()) {
                return rhel3(m, section);
            }
            return decoded(line, section);
        }
        int i = 0;
        while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
            i++;
        }
        if (i >= line.length()) {
            return null;
        }
        char c = line.charAt(i);
        if (c == '[') {
            if (line.indexOf(") from ", i) > 0) {
                m = ARM.matcher(line);
                if (m.lookingAt()) {
                    return new Frame(m.group("func"), m.group("off"), m.group("size"), m.group("mod"), true, section,
                            m.group("addr"), null, false);
                }
            }
        } else if (startsLikeRegisterLine(line, i)) {
            if (line.startsWith("Krnl PSW", i)) {
                m = S390_PSW.matcher(line);
                if (m.lookingAt()) {
                    return new Frame(m.group("func"), m.group("off"), m.group("size"), m.group("mod"), true, "registers",
                            m.group("addr"), null, false);
                }
            }
            m = REGISTER.matcher(line);
            if (m.lookingAt()) {
                return new Frame(m.group("func"), m.group("off"), m.group("size"), m.group("mod"), true,
                        "registers", m.group("addr"), null, false);
            }
        }
        Frame plain = plainSymbol(line, i, section);
        if (plain != null && plain != NO_SYMBOL) {
            return plain;
        }
        Frame symbol = plain == NO_SYMBOL ? null : symbol(line, section);
        if (symbol != null) {
            return symbol;
        }
        m = RHEL3.matcher(line);
        if (m.lookingAt()) {
            return rhel3(m, section);
        }
        if (line.endsWith("[inline]")) {
            m = INLINE.matcher(line);
            if (m.lookingAt()) {
                return new Frame(m.group("func"), null, null, null, true, section, null, m.group("file"), true);
            }
        }
        return decoded(line, section);
    }

    /** A {@link #DECODED} frame, or null; its file is the function's own (last) location, cut at a build tree's {@code /./}. */
    private static Frame decoded(String line, String section) {
        if (line.indexOf(" (") < 0) {
            return null;
        }
        Matcher m = DECODED.matcher(line);
        if (!m.lookingAt()) {
            return null;
        }
        return new Frame(m.group("func"), null, null, null, m.group("q") == null, section, null, lastLocation(m.group("locs")),
                m.group("inl") != null);
    }

    /**
     * The last of a decoded frame's source locations ({@code "fs/exec.c:1782"} of {@code "fs/exec.c:1409 fs/exec.c:1782"}):
     * addr2line -i prints the inlined ones first and the function's own line last. addr2line's {@code (discriminator N)}
     * is dropped and a build-tree prefix ({@code /home/u/linux/./include/...}) is cut at its {@code /./}.
     */
    static String lastLocation(String locations) {
        String s = locations;
        int disc = s.indexOf(" (discriminator ");
        while (disc >= 0) {
            int close = s.indexOf(')', disc);
            s = s.substring(0, disc) + (close < 0 ? "" : s.substring(close + 1));
            disc = s.indexOf(" (discriminator ");
        }
        s = s.strip();
        String last = s.substring(s.lastIndexOf(' ') + 1);
        int dot = last.lastIndexOf("/./");
        return dot >= 0 ? last.substring(dot + 3) : last;
    }

    /** What {@link #plainSymbol} returns for a line SYMBOL cannot match (compared by identity, never a result). */
    static final Frame NO_SYMBOL = new Frame("", null, null, null, false, null, null, null, false);

    /**
     * {@link #SYMBOL} read by hand for the shape most stack lines have since 2.6.2x: no address, no module prefix, an
     * optional {@code ? }, then {@code func+off/size} and the optional module, file, {@code [inline]}, {@code )} and
     * {@code (unreliable)} suffixes, each tried in the regex's order. Each step is the regex's own first choice
     * and none of its later choices can succeed where the step failed, so a frame from here is the frame
     * {@link #SYMBOL} gives; any other shape, and anything this reader does not finish, returns null and the regex
     * decides. {@link #NO_SYMBOL} when the line starts like a plain frame (a name, no prefix the regex could take)
     * but is none: there the regex cannot match either ("CPU: 0 PID: 1 ... 4.8.0-rc3+"). {@code PlainSymbolReaderTest}
     * compares the two on every line of the corpora and on edge cases.
     *
     * @param i the first character after the leading spaces and tabs
     */
    static Frame plainSymbol(String line, int i, String section) {
        int n = line.length();
        if (i >= n) {
            return null;
        }
        boolean questioned = false;
        int p = i;
        if (line.charAt(p) == '?') {
            int q = p + 1;
            while (q < n && (line.charAt(q) == ' ' || line.charAt(q) == '\t')) {
                q++;
            }
            if (q == p + 1 || q >= n || isRegexSpace(line.charAt(q))) {
                return null;
            }
            questioned = true;
            p = q;
        }
        if (!isNameStart(line.charAt(p))) {
            return null; // '(', '[', a digit or ':' start the shapes the regex reads
        }
        // from here the regex has no other way: its name, '+', offset, '/' and size are read as below or not at all
        int funcStart = p;
        while (p < n && isNameChar(line.charAt(p))) {
            p++;
        }
        if (p >= n || line.charAt(p) != '+') {
            return NO_SYMBOL;
        }
        String func = line.substring(funcStart, p);
        p++;
        int offStart = p;
        p = number(line, p, true);
        if (p < 0) {
            return NO_SYMBOL;
        }
        String off = line.substring(offStart, p);
        p++; // the '/'
        int sizeStart = p;
        p = number(line, p, false);
        if (p < 0) {
            return NO_SYMBOL;
        }
        String size = line.substring(sizeStart, p);
        String mod = null;
        int s = spaces(line, p);
        if (s > p && s < n && line.charAt(s) == '[') {
            int e = s + 1;
            while (e < n && isModuleChar(line.charAt(e))) {
                e++;
            }
            if (e > s + 1 && e < n && line.charAt(e) == ']') {
                mod = line.substring(s + 1, e);
                p = e + 1;
            }
        }
        String file = null;
        s = spaces(line, p);
        if (s > p) {
            int e = s;
            while (e < n && isFileChar(line.charAt(e))) {
                e++;
            }
            if (e > s && e < n && line.charAt(e) == ':') {
                int d = digits(line, e + 1);
                if (d > e + 1) {
                    if (d < n && line.charAt(d) == ':') {
                        int d2 = digits(line, d + 1);
                        if (d2 > d + 1) {
                            d = d2;
                        }
                    }
                    file = line.substring(s, d);
                    p = d;
                }
            }
        }
        boolean inline = false;
        s = spaces(line, p);
        if (s > p && line.startsWith("[inline]", s)) {
            inline = true;
            p = s + "[inline]".length();
        }
        if (p < n && line.charAt(p) == ')') {
            p++;
        }
        boolean unreliable = false;
        s = spaces(line, p);
        if (s > p && line.startsWith("(unreliable)", s)) {
            unreliable = true;
        }
        return new Frame(func, off, size, mod, !questioned && !unreliable, section, null, file, inline);
    }

    /** {@code \s} in a Java regex: space, tab, newline, vertical tab, form feed, carriage return. */
    private static boolean isRegexSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }

    /** The end of a run of {@code \s} from p (p itself when there is none). */
    private static int spaces(String line, int p) {
        while (p < line.length() && isRegexSpace(line.charAt(p))) {
            p++;
        }
        return p;
    }

    private static int digits(String line, int p) {
        while (p < line.length() && line.charAt(p) >= '0' && line.charAt(p) <= '9') {
            p++;
        }
        return p;
    }

    /**
     * {@code 0x[0-9a-fA-F]+|[0-9]+}, followed by '/' when {@code slash}: the end of the number, or -1. Without a
     * following '/' the regex takes "0x" with hex digits first, else the decimal digits (a bare "0x" is "0").
     */
    private static int number(String line, int p, boolean slash) {
        int n = line.length();
        if (p + 2 < n && line.charAt(p) == '0' && line.charAt(p + 1) == 'x' && isHex(line.charAt(p + 2))) {
            int e = p + 2;
            while (e < n && isHex(line.charAt(e))) {
                e++;
            }
            if (!slash || (e < n && line.charAt(e) == '/')) {
                return e;
            }
        }
        int e = digits(line, p);
        if (e == p || (slash && (e >= n || line.charAt(e) != '/'))) {
            return -1;
        }
        return e;
    }

    private static boolean isHex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    private static boolean isNameStart(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '_' || c == '.' || c == '$';
    }

    private static boolean isNameChar(char c) {
        return isNameStart(c) || c >= '0' && c <= '9';
    }

    private static boolean isModuleChar(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-';
    }

    private static boolean isFileChar(char c) {
        return isModuleChar(c) || c == '/' || c == '.';
    }

    /** {@link #SYMBOL} on a line, or null. */
    static Frame symbol(String line, String section) {
        Matcher m = SYMBOL.matcher(line);
        if (!m.lookingAt()) {
            return null;
        }
        boolean reliable = m.group("q") == null && m.group("unrel") == null;
        // RHEL5-era x86_64 prints module frames as ":mptscsih:mptscsih_io_done+0x5ee/0x608".
        String mod = m.group("mod") != null ? m.group("mod") : m.group("mod0");
        return new Frame(m.group("func"), m.group("off"), m.group("size"), mod, reliable, section,
                m.group("addr"), m.group("file"), m.group("inl") != null);
    }

    /** Register dump lines: "RIP: ", "IP: ", "EIP", "PC is at", "LR is at", "pc : ", "lr : ", "NIP [", "LR [", "Krnl PSW". */
    private static boolean startsLikeRegisterLine(String line, int i) {
        switch (line.charAt(i)) {
            case 'R':
                return line.startsWith("RIP", i);
            case 'I':
                return line.startsWith("IP:", i);
            case 'E':
                return line.startsWith("EIP", i);
            case 'P':
                return line.startsWith("PC is at", i);
            case 'L':
                return line.startsWith("LR is at", i) || line.startsWith("LR [", i) || line.startsWith("LR  [", i);
            case 'N':
                return line.startsWith("NIP", i);
            case 'K':
                return line.startsWith("Krnl PSW", i);
            case 'p':
            case 'l': {
                if (!line.startsWith("pc", i) && !line.startsWith("lr", i)) {
                    return false;
                }
                int j = i + 2;
                while (j < line.length() && line.charAt(j) == ' ') {
                    j++;
                }
                return j < line.length() && line.charAt(j) == ':';
            }
            default:
                return false;
        }
    }

    private static Frame rhel3(Matcher m, String section) {
        String mod = m.group("mod");
        return new Frame(m.group("func"), m.group("off"), null, "kernel".equals(mod) ? null : mod, true, section,
                m.group("addr"), null, false);
    }

    private static List<Frame> kallsyms(String line, String section) {
        List<Frame> frames = new ArrayList<>(4);
        Matcher m = KALLSYMS.matcher(line);
        while (m.find()) {
            frames.add(new Frame(m.group("func"), m.group("off"), m.group("size"), null, true, section, null, null, false));
        }
        return frames;
    }

    /**
     * The stack section a marker line opens ("irq", "nmi", "task", "softirq", "exception"), "" for a
     * marker that closes one ({@code <EOI>}, {@code </IRQ>}...), or null when the line is no marker.
     */
    public static String sectionMarker(String line) {
        String t = line.strip();
        int sp = t.indexOf(' ');
        if (sp > 0 && t.charAt(0) == '<' && t.charAt(sp - 1) == '>') {
            // 2.6.1x-2.6.2x print the marker and the first frame of the section on one line: " <IRQ>  [<..>] func+0x..".
            t = t.substring(0, sp);
        }
        if (t.isEmpty() || (t.charAt(0) != '<' && t.charAt(0) != '-' && !t.startsWith("Exception stack"))) {
            return null;
        }
        switch (t) {
            case "<IRQ>":
                return "irq";
            case "<NMI>":
                return "nmi";
            case "<TASK>":
                return "task";
            case "<SOFTIRQ>":
                return "softirq";
            case "<#DF>":
                return "exception";
            case "<EOI>":
            case "</IRQ>":
            case "</NMI>":
            case "</TASK>":
            case "</SOFTIRQ>":
            case "<EOE>":
            case "<<EOE>>":
                return "";
            default:
                break;
        }
        if (t.startsWith("--- interrupt:") || t.startsWith("Exception stack")) {
            return "exception";
        }
        return null;
    }

    /**
     * The function name without compiler suffixes (".isra.0", ".constprop.3", ".cold", ".part.1"):
     * what titles and fingerprints use, so that the same function compiled differently compares equal.
     */
    public static String baseName(String function) {
        if (function == null) {
            return null;
        }
        Matcher m = COMPILER_SUFFIX.matcher(function);
        return m.find() && m.start() > 0 ? function.substring(0, m.start()) : function;
    }

    private static final Pattern COMPILER_SUFFIX = Pattern.compile(
            "\\.(?:isra|constprop|part|cold|lto_priv|llvm|clone|localalias|[0-9]+)(?:\\.|$)");
}
