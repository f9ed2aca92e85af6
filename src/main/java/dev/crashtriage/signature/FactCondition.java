package dev.crashtriage.signature;

import java.util.Map;

/**
 * One numeric comparison over an incident's facts, such as
 * {@code inactive_file_kb >= 0.25 * total_ram_kb}. A fact the incident lacks makes it false.
 * Text facts may be compared for (in)equality with a quoted string ({@code constraint == 'CONSTRAINT_MEMCG'}).
 *
 * @param text  the condition as written
 * @param left  left side
 * @param op    one of {@code < <= > >= == !=}
 * @param right right side
 */
public record FactCondition(String text, Expr left, String op, Expr right) {

    public boolean test(Map<String, Object> facts) {
        Object l = left.eval(facts);
        Object r = right.eval(facts);
        if (l instanceof Double a && r instanceof Double b) {
            switch (op) {
                case "<": return a < b;
                case "<=": return a <= b;
                case ">": return a > b;
                case ">=": return a >= b;
                case "==": return a.doubleValue() == b.doubleValue();
                case "!=": return a.doubleValue() != b.doubleValue();
                default: return false;
            }
        }
        if (l instanceof String a && r instanceof String b) {
            return op.equals("==") ? a.equals(b) : op.equals("!=") && !a.equals(b);
        }
        return false;
    }

    /** An arithmetic expression; {@link #eval} yields a Double, a String, or null when a fact is missing. */
    public sealed interface Expr permits Num, Fact, Text, Binary {
        Object eval(Map<String, Object> facts);
    }

    public record Num(double value) implements Expr {
        @Override
        public Object eval(Map<String, Object> facts) {
            return value;
        }
    }

    public record Text(String value) implements Expr {
        @Override
        public Object eval(Map<String, Object> facts) {
            return value;
        }
    }

    public record Fact(String name) implements Expr {
        @Override
        public Object eval(Map<String, Object> facts) {
            Object v = facts.get(name);
            if (v instanceof Number n) {
                return n.doubleValue();
            }
            if (v instanceof Boolean b) {
                return b ? 1.0 : 0.0;
            }
            return v instanceof String s ? s : null;
        }
    }

    public record Binary(char op, Expr left, Expr right) implements Expr {
        @Override
        public Object eval(Map<String, Object> facts) {
            if (!(left.eval(facts) instanceof Double a) || !(right.eval(facts) instanceof Double b)) {
                return null;
            }
            switch (op) {
                case '+': return a + b;
                case '-': return a - b;
                case '*': return a * b;
                default: return b == 0 ? null : a / b;
            }
        }
    }
}
