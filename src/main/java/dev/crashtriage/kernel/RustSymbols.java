package dev.crashtriage.kernel;

/**
 * Demangles Rust symbols of the v0 scheme ({@code _R...}, RFC 2603), which Rust-for-Linux code carries
 * in stack traces: {@code _RNvMs3_NtCshgDM7dBCdno_11rust_binder7processNtB5_7Process10update_ref} is
 * {@code <rust_binder::process::Process>::update_ref}. Crate disambiguators, generic arguments and
 * punycode are left out or approximated; a name that does not parse is returned unchanged.
 */
final class RustSymbols {
    private final String s;
    private int pos;
    private int depth;

    private RustSymbols(String s) {
        this.s = s;
    }

    /** The demangled path, or the symbol itself when it is no v0 Rust symbol or does not parse. */
    static String demangle(String symbol) {
        if (symbol == null || !symbol.startsWith("_R") || symbol.length() < 5) {
            return symbol;
        }
        RustSymbols p = new RustSymbols(symbol.substring(2));
        try {
            String out = p.path();
            return out == null || out.isEmpty() ? symbol : out;
        } catch (RuntimeException e) {
            // Malformed or unsupported (const generics, punycode...): keep the mangled name.
            return symbol;
        }
    }

    private char peek() {
        return pos < s.length() ? s.charAt(pos) : '\0';
    }

    private char next() {
        if (pos >= s.length()) {
            throw new IllegalArgumentException("end of symbol");
        }
        return s.charAt(pos++);
    }

    private String path() {
        if (++depth > 64) {
            throw new IllegalArgumentException("too deep");
        }
        try {
            char c = next();
            switch (c) {
                case 'C': {
                    disambiguator();
                    return identifier();
                }
                case 'N': {
                    next(); // namespace: 'v' value, 't' type, 'C' closure...
                    String inner = path();
                    String id = identifier();
                    return id.isEmpty() ? inner : inner + "::" + id;
                }
                case 'M': {
                    disambiguator();
                    path(); // the impl's own path (crate and module): not printed
                    return "<" + type() + ">";
                }
                case 'X': {
                    disambiguator();
                    path();
                    String self = type();
                    String trait = path();
                    return "<" + self + " as " + trait + ">";
                }
                case 'Y': {
                    String self = type();
                    String trait = path();
                    return "<" + self + " as " + trait + ">";
                }
                case 'I': {
                    String base = path();
                    StringBuilder args = new StringBuilder();
                    while (peek() != 'E') {
                        if (args.length() > 0) {
                            args.append(", ");
                        }
                        args.append(genericArg());
                    }
                    next();
                    return base + "::<" + args + ">";
                }
                case 'B': {
                    int target = base62();
                    return at(target, this::path);
                }
                default:
                    throw new IllegalArgumentException("path tag " + c);
            }
        } finally {
            depth--;
        }
    }

    private String genericArg() {
        if (peek() == 'L') {
            next();
            skipBase62(); // lifetime
            return "'_";
        }
        if (peek() == 'K') {
            throw new IllegalArgumentException("const generic");
        }
        return type();
    }

    private String type() {
        char c = peek();
        String basic = basicType(c);
        if (basic != null) {
            next();
            return basic;
        }
        switch (c) {
            case 'R':
            case 'Q': {
                next();
                if (peek() == 'L') {
                    next();
                    skipBase62();
                }
                return (c == 'R' ? "&" : "&mut ") + type();
            }
            case 'P':
            case 'O': {
                next();
                return (c == 'P' ? "*const " : "*mut ") + type();
            }
            case 'A': {
                next();
                String t = type();
                throw new IllegalArgumentException("array of " + t);
            }
            case 'S': {
                next();
                return "[" + type() + "]";
            }
            case 'T': {
                next();
                StringBuilder b = new StringBuilder("(");
                while (peek() != 'E') {
                    if (b.length() > 1) {
                        b.append(", ");
                    }
                    b.append(type());
                }
                next();
                return b.append(')').toString();
            }
            case 'B': {
                next();
                int target = base62();
                return at(target, this::type);
            }
            default:
                return path();
        }
    }

    private static String basicType(char c) {
        return switch (c) {
            case 'a' -> "i8";
            case 'b' -> "bool";
            case 'c' -> "char";
            case 'd' -> "f64";
            case 'e' -> "str";
            case 'f' -> "f32";
            case 'h' -> "u8";
            case 'i' -> "isize";
            case 'j' -> "usize";
            case 'l' -> "i32";
            case 'm' -> "u32";
            case 'n' -> "i128";
            case 'o' -> "u128";
            case 's' -> "i16";
            case 't' -> "u16";
            case 'u' -> "()";
            case 'v' -> "...";
            case 'x' -> "i64";
            case 'y' -> "u64";
            case 'z' -> "!";
            case 'p' -> "_";
            default -> null;
        };
    }

    /** Parses at an earlier position (a back-reference) and comes back. */
    private String at(int target, java.util.function.Supplier<String> what) {
        if (target >= pos) {
            throw new IllegalArgumentException("forward back-reference");
        }
        int saved = pos;
        pos = target;
        try {
            return what.get();
        } finally {
            pos = saved;
        }
    }

    /** A crate hash or instance number ({@code s<base62>_}): skipped, its value is never printed. */
    private void disambiguator() {
        if (peek() == 's') {
            next();
            while (next() != '_') {
                // skip
            }
        }
    }

    private void skipBase62() {
        while (next() != '_') {
            // skip
        }
    }

    /** {@code _} is 0; otherwise digits and letters in base 62, plus one, closed by {@code _}. */
    private int base62() {
        if (peek() == '_') {
            next();
            return 0;
        }
        long v = 0;
        while (peek() != '_') {
            char c = next();
            int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'z' ? c - 'a' + 10 : c >= 'A' && c <= 'Z' ? c - 'A' + 36 : -1;
            if (d < 0) {
                throw new IllegalArgumentException("base62");
            }
            v = v * 62 + d;
            if (v > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("base62 overflow");
            }
        }
        next();
        return (int) (v + 1);
    }

    private String identifier() {
        disambiguator();
        if (peek() == 'u') {
            throw new IllegalArgumentException("punycode");
        }
        int start = pos;
        while (Character.isDigit(peek())) {
            pos++;
        }
        if (start == pos) {
            throw new IllegalArgumentException("identifier length");
        }
        int len = Integer.parseInt(s.substring(start, pos));
        if (peek() == '_') {
            pos++;
        }
        if (pos + len > s.length()) {
            throw new IllegalArgumentException("identifier past end");
        }
        String id = s.substring(pos, pos + len);
        pos += len;
        return id;
    }
}
