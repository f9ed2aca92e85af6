package dev.crashtriage.kernel;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tasks and CPUs a kernel line names, and whether they are an incident's: the companion of {@link DeviceNames}
 * for binding a line to an incident or keeping it apart. Tasks: "comm[pid]" (segfault and oom lines), "comm:pid"
 * (hung-task, soft lockup "[comm:pid]"), "Pid: N, comm: X" (2.6 register dumps), "PID: N Comm: X" (CPU: lines),
 * "Killed process N (comm)". CPUs: "CPU: N", "CPU#N", "on CPU N", "cpu N".
 */
public final class TaskAndCpuNames {
    private TaskAndCpuNames() {
    }

    /** PIDs the line names. */
    public static Set<Integer> pids(String t) {
        Set<Integer> out = new LinkedHashSet<>();
        addAfter(t, "PID: ", out);
        addAfter(t, "Pid: ", out);
        addAfter(t, "pid: ", out);
        addAfter(t, "pid=", out);
        addAfter(t, "process ", out);
        // hung task "INFO: task comm:pid blocked ..", soft lockup "stuck for 22s! [comm:pid]"
        String task = TextScan.tokenAfter(t, "task ", "");
        if (task != null) {
            addColonPid(task, out);
        }
        int lockup = t.lastIndexOf("! [");
        if (lockup >= 0 && t.endsWith("]")) {
            addColonPid(t.substring(lockup + 3, t.length() - 1), out);
        }
        int b = t.indexOf('[');
        while (b > 0 && out.size() < 8) {
            long n = TextScan.digitsAt(t, b + 1);
            if (n >= 0 && n < Integer.MAX_VALUE && b + 1 < t.length() && Character.isDigit(t.charAt(b + 1))
                    && Character.isLetterOrDigit(t.charAt(b - 1))) {
                out.add((int) n); // "comm[1234]"
            }
            b = t.indexOf('[', b + 1);
        }
        return out;
    }

    /** CPU numbers the line names. */
    public static Set<Integer> cpus(String t) {
        Set<Integer> out = new LinkedHashSet<>();
        for (String key : new String[] {"CPU: ", "CPU#", "on CPU ", "on cpu ", "CPU ", "cpu "}) {
            int i = t.indexOf(key);
            if (i >= 0) {
                long n = TextScan.digitsAt(t, i + key.length());
                if (n >= 0 && n < 100_000) {
                    out.add((int) n);
                }
            }
        }
        return out;
    }

    /** TRUE when the line names a task (by PID) of the incident, FALSE when it names only others, null when none. */
    public static Boolean bindsByTask(Incident incident, String line) {
        Set<Integer> own = new LinkedHashSet<>();
        if (incident.pid() != null) {
            own.add(incident.pid());
        }
        List<Map<String, Object>> tasks = incident.fact(Facts.TASKS);
        if (tasks != null) {
            for (Map<String, Object> task : tasks) {
                if (task.get("pid") instanceof Integer p) {
                    own.add(p);
                }
            }
        }
        Integer victim = incident.fact(Facts.VICTIM_PID);
        if (victim != null) {
            own.add(victim);
        }
        Set<Integer> named = pids(line);
        if (own.isEmpty() || named.isEmpty()) {
            return null;
        }
        for (Integer p : named) {
            if (own.contains(p)) {
                return Boolean.TRUE;
            }
        }
        return Boolean.FALSE;
    }

    /** TRUE when the line names the incident's CPU, FALSE when it names only other CPUs, null when it cannot tell. */
    public static Boolean bindsByCpu(Incident incident, String line) {
        Integer own = incident.cpu() != null ? incident.cpu() : incident.fact(Facts.CPU);
        Set<Integer> named = cpus(line);
        if (own == null || named.isEmpty()) {
            return null;
        }
        return named.contains(own);
    }

    private static void addColonPid(String tok, Set<Integer> out) {
        int c = tok.lastIndexOf(':');
        if (c > 0 && c < tok.length() - 1) {
            long n = TextScan.digitsAt(tok, c + 1);
            if (n >= 0 && n < Integer.MAX_VALUE && String.valueOf(n).length() == tok.length() - c - 1) {
                out.add((int) n);
            }
        }
    }

    private static void addAfter(String t, String key, Set<Integer> out) {
        int i = t.indexOf(key);
        if (i >= 0) {
            long n = TextScan.digitsAt(t, i + key.length());
            if (n >= 0 && n < Integer.MAX_VALUE) {
                out.add((int) n);
            }
        }
    }
}
