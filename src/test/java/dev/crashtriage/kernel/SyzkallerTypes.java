package dev.crashtriage.kernel;

import java.util.Locale;

/**
 * The crash type syzkaller gives a title ({@code TYPE:} in its annotated logs): a function of the title's
 * class, written from the types its documentation lists (memory safety, KASAN/KFENCE/KMSAN/KCSAN by access,
 * hangs, lockdep, warnings, BUG(), leaks, refcount, UBSAN, DoS for the rest). Used to check that our titles
 * carry the class the type is derived from.
 */
final class SyzkallerTypes {
    private SyzkallerTypes() {
    }

    /** Whether a title's type is the annotated one; a suspicious-RCU report is typed either way in syzkaller's files. */
    static boolean agrees(String want, String title) {
        String got = of(title);
        if (title.contains("suspicious RCU usage")) {
            return want.equals("LOCKDEP") || want.equals("WARNING");
        }
        return want.equals(got);
    }

    static String of(String title) {
        String t = title;
        String cls = SyzkallerEval.titleClass(t);
        if (t.startsWith("KASAN: ") || t.startsWith("KFENCE: ")) {
            String tool = t.startsWith("KASAN") ? "KASAN" : "KFENCE";
            String l = t.toLowerCase(Locale.ROOT);
            if (l.contains("invalid-free") || l.contains("invalid free") || l.contains("double-free")) {
                return tool + "-INVALID-FREE";
            }
            if (l.contains("memory corruption")) {
                return tool + "-MEMORY-CORRUPTION";
            }
            String access = l.contains(" write") ? "WRITE" : "READ";
            if (l.contains("use-after-free")) {
                return tool + "-USE-AFTER-FREE-" + access;
            }
            if (l.contains("null-ptr-deref")) {
                return tool + "-NULL-POINTER-DEREFERENCE-" + access;
            }
            return tool + "-" + access;
        }
        if (t.startsWith("KMSAN: ")) {
            return t.contains("infoleak") ? "KMSAN-INFO-LEAK" : "KMSAN-UNINIT-VALUE";
        }
        if (t.startsWith("KCSAN: ")) {
            return t.startsWith("KCSAN: assert") ? "KCSAN-ASSERT" : "KCSAN-DATARACE";
        }
        if (cls.startsWith("INFO: rcu detected stall") || cls.startsWith("INFO: task hung") || cls.startsWith("BUG: soft lockup")
                || cls.startsWith("INFO: task can't die")) {
            return "HANG";
        }
        if (cls.startsWith("possible deadlock") || cls.startsWith("inconsistent lock state") || cls.startsWith("WARNING: locking bug")
                || cls.contains("unlock balance") || cls.contains("held lock freed") || cls.contains("still has locks held")
                || cls.startsWith("BUG: spinlock") || cls.startsWith("BUG: using ") || cls.contains("suspicious RCU usage")) {
            return "LOCKDEP";
        }
        if (cls.startsWith("BUG: scheduling while atomic") || cls.startsWith("BUG: sleeping function")) {
            return "ATOMIC_SLEEP";
        }
        if (cls.startsWith("BUG: unable to handle kernel NULL pointer dereference")) {
            return "NULL-POINTER-DEREFERENCE";
        }
        if (cls.startsWith("BUG: unable to handle kernel paging request") || cls.startsWith("BUG: corrupted list")) {
            return "MEMORY_SAFETY_BUG";
        }
        if (cls.startsWith("WARNING: refcount bug")) {
            return "REFCOUNT_WARNING";
        }
        if (cls.startsWith("UBSAN: array-index-out-of-bounds")) {
            return "MEMORY_SAFETY_UBSAN";
        }
        if (cls.startsWith("UBSAN:")) {
            return "UBSAN";
        }
        if (cls.startsWith("memory leak")) {
            return "LEAK";
        }
        if (cls.startsWith("kernel BUG") || cls.startsWith("BUG: bad usercopy")) {
            return "BUG";
        }
        if (cls.startsWith("WARNING")) {
            return "WARNING";
        }
        if (cls.startsWith("SYZFAIL") || cls.startsWith("SYZFATAL")) {
            return "SYZ_FAILURE";
        }
        return "DoS";
    }
}
