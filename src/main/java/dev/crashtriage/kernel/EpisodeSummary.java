package dev.crashtriage.kernel;

import java.util.List;
import java.util.Map;

/**
 * One line saying what an episode incident gathered ("8 hung tasks: kworker/u4:5 (9381), ..."), for reports; null
 * for an incident that is a single event. Read from the incident's facts, so every renderer says the same.
 */
public final class EpisodeSummary {
    private static final int NAMED_TASKS = 8;

    private EpisodeSummary() {
    }

    public static String of(Incident i) {
        Integer taskCount = i.fact(Facts.TASK_COUNT);
        List<Map<String, Object>> tasks = i.fact(Facts.TASKS);
        if (i.kind() == IncidentKind.HUNG_TASK && taskCount != null && taskCount > 1 && tasks != null) {
            return taskCount + " hung tasks in one khungtaskd pass: " + names(tasks, taskCount);
        }
        StringBuilder s = new StringBuilder();
        Long resets = i.fact(Facts.LINK_RESETS);
        if (resets != null && resets > 1) {
            s.append(resets).append(" link resets");
            String port = i.fact(Facts.ATA_PORT);
            if (port != null) {
                s.append(" on ").append(port);
            }
        }
        appendCount(s, i.fact(Facts.ABORTS), "task aborts");
        appendCount(s, i.fact(Facts.RESETS), "resets");
        String speed = i.fact(Facts.LINK_SPEED);
        if (speed != null) {
            s.append(s.length() == 0 ? "" : ", ").append("link limited to ").append(speed);
        }
        String mode = i.fact(Facts.TRANSFER_MODE);
        if (mode != null) {
            s.append(s.length() == 0 ? "" : ", ").append("down to ").append(mode);
        }
        Long timeouts = i.fact(Facts.TIMEOUTS);
        if (timeouts != null && timeouts > 1) {
            s.append(s.length() == 0 ? "" : ", ").append(timeouts).append(" transmit timeouts");
        }
        if (Integer.valueOf(1).equals(i.fact(Facts.RESET_FAILED))) {
            s.append(s.length() == 0 ? "" : ", ").append("reset failed");
        }
        Long ioErrors = i.fact(Facts.IO_ERRORS);
        if (ioErrors != null && ioErrors > 1) {
            s.append(s.length() == 0 ? "" : ", ").append(ioErrors).append(" I/O errors");
        }
        appendCount(s, i.fact(Facts.ROUNDS), "rounds of error handling");
        Long count = i.fact(Facts.COUNT);
        if (count != null && count > 1) {
            s.append(s.length() == 0 ? "" : ", ").append(count).append(" errors");
        }
        return s.length() == 0 ? null : "episode: " + s;
    }

    private static void appendCount(StringBuilder s, Long n, String what) {
        if (n != null && n > 1) {
            s.append(s.length() == 0 ? "" : ", ").append(n).append(' ').append(what);
        }
    }

    private static String names(List<Map<String, Object>> tasks, int total) {
        StringBuilder s = new StringBuilder();
        int n = 0;
        for (Map<String, Object> t : tasks) {
            if (n == NAMED_TASKS) {
                break;
            }
            s.append(n++ == 0 ? "" : ", ").append(t.get("comm"));
            if (t.get("pid") != null) {
                s.append(" (").append(t.get("pid")).append(')');
            }
        }
        if (total > n) {
            s.append(", and ").append(total - n).append(" more");
        }
        return s.toString();
    }
}
