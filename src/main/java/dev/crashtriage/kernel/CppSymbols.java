package dev.crashtriage.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * Demangles the name part of Itanium C++ ABI symbols ({@code _Z...}), which out-of-tree C++ modules and
 * Rust's legacy mangling leave in kernel stack traces: {@code _ZN7android6binder7IBinderD2Ev} is
 * {@code android::binder::IBinder::~IBinder}, {@code _ZN7android2spINS_7IBinderEED2Ev} is
 * {@code android::sp<android::IBinder>::~sp}, {@code _ZN4core9panicking5panic17h0123456789abcdefE} is
 * {@code core::panicking::panic} (Rust's legacy hash component is dropped).
 *
 * <p>What a title needs is read, written as {@code c++filt} writes it: the (nested) name with {@code St} for
 * {@code std::}, constructors and destructors, template arguments (builtin types, class names, pointers,
 * references, const, integer literals, nested template arguments) and the substitutions ({@code S_},
 * {@code S0_}, {@code Sa}...) that refer back to them. The parameter list after the name is not read: a title
 * names a function, as {@code memcpy} does, not one overload of it. A symbol that does not parse is returned
 * unchanged.
 */
final class CppSymbols {

    private CppSymbols() {
    }

    /** The demangled name, or the symbol itself when it is no {@code _Z} symbol or does not parse. */
    static String demangle(String symbol) {
        if (symbol == null || !symbol.startsWith("_Z") || symbol.length() < 4) {
            return symbol;
        }
        String name = new Parser(symbol).encodingName();
        return name == null ? symbol : name;
    }

    /** Recursive descent over the part of the Itanium grammar listed in the class comment; null where it stops. */
    private static final class Parser {
        private final String s;
        private int pos = 2;
        /** Substitution candidates in order of appearance: S_ is the first, S0_ the second... */
        private final List<String> subs = new ArrayList<>();

        Parser(String s) {
            this.s = s;
        }

        private char peek() {
            return pos < s.length() ? s.charAt(pos) : '\0';
        }

        String encodingName() {
            if (peek() == 'N') {
                return nested(false);
            }
            String name;
            if (s.startsWith("St", pos)) {
                pos += 2;
                String n = sourceName();
                name = n == null ? null : "std::" + n;
            } else {
                name = sourceName();
            }
            if (name == null) {
                return null;
            }
            if (peek() == 'I') {
                subs.add(name);
                String args = templateArgs();
                return args == null ? null : name + args;
            }
            return name;
        }

        /** N [qualifiers] prefix... E; the last component is a candidate only where the name is a type. */
        private String nested(boolean isType) {
            pos++;
            while ("KVrRO".indexOf(peek()) >= 0 && peek() != '\0') {
                pos++; // cv- and ref-qualifiers of a member function
            }
            List<String> parts = new ArrayList<>();
            if (s.startsWith("St", pos)) {
                parts.add("std");
                pos += 2;
            } else if (peek() == 'S') {
                String sub = substitution();
                if (sub == null) {
                    return null;
                }
                parts.add(sub);
            }
            while (peek() != 'E') {
                char c = peek();
                if (Character.isDigit(c)) {
                    String n = sourceName();
                    if (n == null) {
                        return null;
                    }
                    parts.add(n);
                } else if ((c == 'C' || c == 'D') && pos + 1 < s.length() && Character.isDigit(s.charAt(pos + 1)) && !parts.isEmpty()) {
                    String last = parts.get(parts.size() - 1);
                    int lt = last.indexOf('<');
                    String plain = lt < 0 ? last : last.substring(0, lt);
                    parts.add(c == 'C' ? plain : "~" + plain);
                    pos += 2;
                    continue;
                } else if (c == 'I' && !parts.isEmpty()) {
                    String args = templateArgs();
                    if (args == null) {
                        return null;
                    }
                    parts.set(parts.size() - 1, parts.get(parts.size() - 1) + args);
                } else {
                    return null;
                }
                if (peek() != 'E' || isType) {
                    subs.add(String.join("::", parts));
                }
            }
            pos++;
            String last = parts.get(parts.size() - 1);
            if (parts.size() > 1 && last.length() == 17 && last.charAt(0) == 'h' && last.substring(1).chars().allMatch(CppSymbols::isHex)) {
                parts.remove(parts.size() - 1); // Rust legacy mangling: the crate hash
            }
            return String.join("::", parts);
        }

        private String sourceName() {
            int end = pos;
            while (end < s.length() && Character.isDigit(s.charAt(end)) && end - pos < 6) {
                end++;
            }
            if (end == pos) {
                return null;
            }
            int len = Integer.parseInt(s.substring(pos, end));
            if (len <= 0 || end + len > s.length()) {
                return null;
            }
            pos = end + len;
            return s.substring(end, end + len);
        }

        /** I arg... E, written {@code <a, b>} with c++filt's space between two closing brackets. */
        private String templateArgs() {
            pos++;
            List<String> args = new ArrayList<>();
            while (peek() != 'E') {
                if (peek() == '\0') {
                    return null;
                }
                String a = templateArg();
                if (a == null) {
                    return null;
                }
                args.add(a);
            }
            pos++;
            String inner = String.join(", ", args);
            return "<" + inner + (inner.endsWith(">") ? " >" : ">");
        }

        private String templateArg() {
            if (peek() != 'L') {
                return type();
            }
            pos++;
            String t = type();
            int end = s.indexOf('E', pos);
            if (t == null || end < 0) {
                return null;
            }
            String v = s.substring(pos, end);
            pos = end + 1;
            if (!v.matches("n?[0-9]+")) {
                return null;
            }
            v = v.startsWith("n") ? "-" + v.substring(1) : v;
            if (t.equals("bool")) {
                return v.equals("0") ? "false" : "true";
            }
            return t.equals("int") ? v : "(" + t + ")" + v;
        }

        private static final String BUILTIN_CODES = "vwbcahstijlmxynofde";
        private static final String[] BUILTIN_NAMES = {"void", "wchar_t", "bool", "char", "signed char", "unsigned char", "short",
            "unsigned short", "int", "unsigned int", "long", "unsigned long", "long long", "unsigned long long", "__int128",
            "unsigned __int128", "float", "double", "long double"};

        private String type() {
            char c = peek();
            int b = c == '\0' ? -1 : BUILTIN_CODES.indexOf(c);
            if (b >= 0) {
                pos++;
                return BUILTIN_NAMES[b];
            }
            String t;
            switch (c) {
                case 'P', 'R', 'O', 'K' -> {
                    pos++;
                    String inner = type();
                    if (inner == null) {
                        return null;
                    }
                    t = inner + (c == 'P' ? "*" : c == 'R' ? "&" : c == 'O' ? "&&" : " const");
                    subs.add(t);
                    return t;
                }
                case 'N' -> {
                    return nested(true);
                }
                case 'S' -> {
                    if (s.startsWith("St", pos)) {
                        pos += 2;
                        String n = sourceName();
                        if (n == null) {
                            return null;
                        }
                        t = "std::" + n;
                        subs.add(t);
                    } else {
                        t = substitution();
                        if (t == null) {
                            return null;
                        }
                    }
                }
                default -> {
                    if (!Character.isDigit(c)) {
                        return null; // template parameters, function types, arrays, expressions: not read
                    }
                    t = sourceName();
                    if (t == null) {
                        return null;
                    }
                    subs.add(t);
                }
            }
            if (peek() == 'I') {
                String args = templateArgs();
                if (args == null) {
                    return null;
                }
                t = t + args;
                subs.add(t);
            }
            return t;
        }

        private static final String STD_ABBREVIATIONS = "absiod";
        private static final String[] STD_NAMES = {"std::allocator", "std::basic_string", "std::string", "std::istream", "std::ostream",
            "std::iostream"};

        /** S_, S seq-id _ (base 36), and the abbreviations of the standard library. */
        private String substitution() {
            pos++;
            char c = peek();
            int abbreviation = c == '\0' ? -1 : STD_ABBREVIATIONS.indexOf(c);
            if (abbreviation >= 0) {
                pos++;
                return STD_NAMES[abbreviation];
            }
            int index = 0;
            if (c != '_') {
                int seq = 0;
                while (pos < s.length() && s.charAt(pos) != '_') {
                    int d = Character.digit(s.charAt(pos), 36);
                    if (d < 0 || Character.isLowerCase(s.charAt(pos))) {
                        return null;
                    }
                    seq = seq * 36 + d;
                    pos++;
                }
                index = seq + 1;
            }
            if (peek() != '_' || index >= subs.size()) {
                return null;
            }
            pos++;
            return subs.get(index);
        }
    }

    private static boolean isHex(int c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f';
    }
}
