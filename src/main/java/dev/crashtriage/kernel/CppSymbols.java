package dev.crashtriage.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * Demangles the name part of Itanium C++ ABI symbols ({@code _Z...}), which out-of-tree C++ modules and
 * Rust's legacy mangling leave in kernel stack traces: {@code _ZN7android6binder7IBinderD2Ev} is
 * {@code android::binder::IBinder::~IBinder}, {@code _ZN4core9panicking5panic17h0123456789abcdefE} is
 * {@code core::panicking::panic} (Rust's legacy hash component is dropped). Only what a title needs is read:
 * the (nested) name, with {@code St} for {@code std::}, constructors and destructors; parameters, templates and
 * substitutions are not. A symbol that does not parse is returned unchanged.
 */
final class CppSymbols {

    private CppSymbols() {
    }

    /** The demangled name, or the symbol itself when it is no {@code _Z} symbol or does not parse. */
    static String demangle(String symbol) {
        if (symbol == null || !symbol.startsWith("_Z") || symbol.length() < 4) {
            return symbol;
        }
        List<String> parts = new ArrayList<>();
        int pos = 2;
        boolean nested = symbol.charAt(pos) == 'N';
        if (nested) {
            pos++;
            while (pos < symbol.length() && "KVrRO".indexOf(symbol.charAt(pos)) >= 0) {
                pos++; // cv- and ref-qualifiers of a member function
            }
        }
        if (symbol.startsWith("St", pos)) {
            parts.add("std");
            pos += 2;
        }
        while (pos < symbol.length()) {
            char c = symbol.charAt(pos);
            if (Character.isDigit(c)) {
                int end = pos;
                while (end < symbol.length() && Character.isDigit(symbol.charAt(end))) {
                    end++;
                }
                int len = Integer.parseInt(symbol.substring(pos, Math.min(end, pos + 6)));
                if (len <= 0 || end + len > symbol.length()) {
                    return symbol;
                }
                parts.add(symbol.substring(end, end + len));
                pos = end + len;
            } else if ((c == 'C' || c == 'D') && pos + 1 < symbol.length() && Character.isDigit(symbol.charAt(pos + 1)) && !parts.isEmpty()) {
                String last = parts.get(parts.size() - 1);
                parts.add(c == 'C' ? last : "~" + last);
                pos += 2;
            } else {
                break;
            }
            if (!nested) {
                break;
            }
        }
        if (parts.isEmpty() || nested && (pos >= symbol.length() || symbol.charAt(pos) != 'E')) {
            return symbol;
        }
        String last = parts.get(parts.size() - 1);
        if (parts.size() > 1 && last.length() == 17 && last.charAt(0) == 'h' && last.substring(1).chars().allMatch(CppSymbols::isHex)) {
            parts.remove(parts.size() - 1); // Rust legacy mangling: the crate hash
        }
        return String.join("::", parts);
    }

    private static boolean isHex(int c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f';
    }
}
