package dev.crashtriage.signature;

import java.util.Set;
import java.util.function.Predicate;

/** A boolean expression over selection names: {@code a and not (b or c)}. */
public sealed interface Condition permits Condition.Ref, Condition.Not, Condition.And, Condition.Or {

    boolean test(Predicate<String> present);

    /** Adds the names this condition reads. */
    void names(Set<String> into);

    record Ref(String name) implements Condition {
        @Override
        public boolean test(Predicate<String> present) {
            return present.test(name);
        }

        @Override
        public void names(Set<String> into) {
            into.add(name);
        }
    }

    record Not(Condition inner) implements Condition {
        @Override
        public boolean test(Predicate<String> present) {
            return !inner.test(present);
        }

        @Override
        public void names(Set<String> into) {
            inner.names(into);
        }
    }

    record And(Condition left, Condition right) implements Condition {
        @Override
        public boolean test(Predicate<String> present) {
            return left.test(present) && right.test(present);
        }

        @Override
        public void names(Set<String> into) {
            left.names(into);
            right.names(into);
        }
    }

    record Or(Condition left, Condition right) implements Condition {
        @Override
        public boolean test(Predicate<String> present) {
            return left.test(present) || right.test(present);
        }

        @Override
        public void names(Set<String> into) {
            left.names(into);
            right.names(into);
        }
    }
}
