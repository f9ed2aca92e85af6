package dev.crashtriage.signature;

/** Parses one {@code facts} condition: {@code expr (< | <= | > | >= | == | !=) expr}. */
final class FactConditionParser {

    /** offset is 0-based in the condition text. */
    static final class ParseError extends Exception {
        private static final long serialVersionUID = 1L;
        final int offset;

        ParseError(String message, int offset) {
            super(message);
            this.offset = offset;
        }
    }

    private final String s;
    private int i;

    private FactConditionParser(String s) {
        this.s = s;
    }

    static FactCondition parse(String text) throws ParseError {
        FactConditionParser p = new FactConditionParser(text);
        FactCondition.Expr left = p.sum();
        p.skipSpace();
        String op = p.comparison();
        FactCondition.Expr right = p.sum();
        p.skipSpace();
        if (p.i < text.length()) {
            throw new ParseError("unexpected '" + text.charAt(p.i) + "'", p.i);
        }
        return new FactCondition(text, left, op, right);
    }

    private String comparison() throws ParseError {
        for (String op : new String[] {"<=", ">=", "==", "!=", "<", ">"}) {
            if (s.startsWith(op, i)) {
                i += op.length();
                return op;
            }
        }
        throw new ParseError("expected a comparison (< <= > >= == !=)", i);
    }

    private FactCondition.Expr sum() throws ParseError {
        FactCondition.Expr left = product();
        while (true) {
            skipSpace();
            if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                char op = s.charAt(i++);
                left = new FactCondition.Binary(op, left, product());
            } else {
                return left;
            }
        }
    }

    private FactCondition.Expr product() throws ParseError {
        FactCondition.Expr left = atom();
        while (true) {
            skipSpace();
            if (i < s.length() && (s.charAt(i) == '*' || s.charAt(i) == '/')) {
                char op = s.charAt(i++);
                left = new FactCondition.Binary(op, left, atom());
            } else {
                return left;
            }
        }
    }

    private FactCondition.Expr atom() throws ParseError {
        skipSpace();
        if (i >= s.length()) {
            throw new ParseError("expression ends too early", i);
        }
        char c = s.charAt(i);
        if (c == '(') {
            i++;
            FactCondition.Expr inner = sum();
            skipSpace();
            if (i >= s.length() || s.charAt(i) != ')') {
                throw new ParseError("missing ')'", i);
            }
            i++;
            return inner;
        }
        if (c == '-') {
            i++;
            return new FactCondition.Binary('-', new FactCondition.Num(0), atom());
        }
        if (c == '\'' || c == '"') {
            int end = s.indexOf(c, i + 1);
            if (end < 0) {
                throw new ParseError("unterminated string", i);
            }
            String text = s.substring(i + 1, end);
            i = end + 1;
            return new FactCondition.Text(text);
        }
        if (Character.isDigit(c) || c == '.') {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            try {
                return new FactCondition.Num(Double.parseDouble(s.substring(start, i)));
            } catch (NumberFormatException e) {
                throw new ParseError("bad number '" + s.substring(start, i) + "'", start);
            }
        }
        if (Character.isLetter(c) || c == '_') {
            int start = i;
            while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                i++;
            }
            return new FactCondition.Fact(s.substring(start, i));
        }
        throw new ParseError("unexpected '" + c + "'", i);
    }

    private void skipSpace() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
    }
}
