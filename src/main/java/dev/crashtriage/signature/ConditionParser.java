package dev.crashtriage.signature;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code condition} text: {@code or} binds loosest, then {@code and}, then {@code not};
 * parentheses group. Errors carry the offending character's offset so the loader can point at it.
 */
final class ConditionParser {

    /** A condition that cannot be parsed; offset is 0-based in the condition text. */
    static final class ParseError extends Exception {
        private static final long serialVersionUID = 1L;
        final int offset;

        ParseError(String message, int offset) {
            super(message);
            this.offset = offset;
        }
    }

    private record Token(String text, int offset) {
    }

    private final List<Token> tokens;
    private final int length;
    private int pos;

    private ConditionParser(List<Token> tokens, int length) {
        this.tokens = tokens;
        this.length = length;
    }

    static Condition parse(String text) throws ParseError {
        ConditionParser p = new ConditionParser(tokenize(text), text.length());
        if (p.tokens.isEmpty()) {
            throw new ParseError("empty condition", 0);
        }
        Condition c = p.or();
        if (p.pos < p.tokens.size()) {
            Token t = p.tokens.get(p.pos);
            throw new ParseError("unexpected '" + t.text + "'", t.offset);
        }
        return c;
    }

    private static List<Token> tokenize(String s) throws ParseError {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')') {
                out.add(new Token(String.valueOf(c), i++));
            } else if (Character.isLetterOrDigit(c) || c == '_' || c == '-') {
                int start = i;
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == '-')) {
                    i++;
                }
                out.add(new Token(s.substring(start, i), start));
            } else {
                throw new ParseError("unexpected character '" + c + "'", i);
            }
        }
        return out;
    }

    private Condition or() throws ParseError {
        Condition left = and();
        while (peek("or")) {
            pos++;
            left = new Condition.Or(left, and());
        }
        return left;
    }

    private Condition and() throws ParseError {
        Condition left = not();
        while (peek("and")) {
            pos++;
            left = new Condition.And(left, not());
        }
        return left;
    }

    private Condition not() throws ParseError {
        if (peek("not")) {
            pos++;
            return new Condition.Not(not());
        }
        return atom();
    }

    private Condition atom() throws ParseError {
        if (pos >= tokens.size()) {
            throw new ParseError("condition ends too early", length);
        }
        Token t = tokens.get(pos++);
        if (t.text.equals("(")) {
            Condition inner = or();
            if (!peek(")")) {
                throw new ParseError("missing ')'", pos < tokens.size() ? tokens.get(pos).offset : length);
            }
            pos++;
            return inner;
        }
        if (t.text.equals(")") || t.text.equals("and") || t.text.equals("or")) {
            throw new ParseError("expected a selection name, found '" + t.text + "'", t.offset);
        }
        return new Condition.Ref(t.text);
    }

    private boolean peek(String text) {
        return pos < tokens.size() && tokens.get(pos).text.equals(text);
    }
}
