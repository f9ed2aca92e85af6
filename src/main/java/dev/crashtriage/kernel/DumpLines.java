package dev.crashtriage.kernel;

/** Recognises the lines of a multi-line kernel dump (stack, registers, memory state) by their shape. */
final class DumpLines {
    private DumpLines() {
    }

    /**
     * True for lines a memory report or stack dump is made of (header, registers, stack, Mem-Info dump,
     * task list, OOM constraint and victim). Anything else ends the report, so a report cut short does not
     * swallow the lines after it. "..." lines are the elisions people leave in pasted reports.
     */
    /**
     * 2.6-era show_free_areas() lines that later kernels print differently: per-CPU page lists ("cpu 0 hot: low 2,
     * high 6, batch 1"), "Free pages:", "Active:... pagetables:", and the zone lines' wrapped tails
     * ("pages_scanned:399 all_unreclaimable? yes", "present:1179520kB ..."); and oom_kill_task()'s capitalised
     * "Out of Memory: Killed process".
     */
    private static boolean isOldFreeAreasLine(String t) {
        return t.startsWith("cpu ") && (t.contains(" hot: ") || t.contains(" cold: ")) || t.startsWith("Free pages:")
                || t.startsWith("Active:") || t.startsWith("pagetables:") || t.startsWith("pages_scanned:")
                || t.startsWith("present:") || t.startsWith("Out of Memory");
    }

    static boolean continues(String t) {
        if (t.indexOf("invoked oom-killer") >= 0 || t.indexOf("page allocation failure") >= 0) {
            return false; // the next report starts here, even while the previous one is still printing
        }
        if (t.isEmpty()) {
            return false; // a blank line ends a dump in console captures and pasted reports
        }
        if (t.startsWith("...")) {
            return true;
        }
        char c = t.charAt(0);
        if (c == ' ' || c == '\t' || c == '[' || c == '<' || c == '{' || (c >= '0' && c <= '9')) {
            return true;
        }
        if (isRegisterLine(t)) {
            return true;
        }
        if (isOldFreeAreasLine(t)) {
            return true;
        }
        return t.startsWith("Mem-Info") || t.startsWith("Workqueue:") || t.startsWith("task:")
                || t.startsWith("Modules linked in") || t.startsWith("irq event stamp") || t.startsWith("hardirqs ")
                || t.startsWith("softirqs ") || t.startsWith("---[ end trace") || t.startsWith("Kernel panic")
                || t.startsWith("Kernel Offset") || t.startsWith("Node ") || t.startsWith("CPU") || t.startsWith("Call Trace")
                || t.startsWith("Hardware name") || t.startsWith("Pid:") || t.startsWith("active_")
                || t.startsWith("inactive_") || t.startsWith("free:") || t.startsWith("slab_") || t.startsWith("mapped:")
                || t.startsWith("unevictable:") || t.startsWith("DMA") || t.startsWith("Normal")
                || t.startsWith("HighMem") || t.startsWith("Movable") || t.startsWith("Device") || t.startsWith("lowmem_reserve")
                || t.startsWith("Free swap") || t.startsWith("Total swap") || t.startsWith("Swap cache")
                || t.startsWith("Tasks state") || t.startsWith("Out of memory") || t.startsWith("Killed process")
                || t.startsWith("oom-kill:") || t.startsWith("oom_reaper") || t.startsWith("Memory cgroup")
                || t.startsWith("memory") || t.startsWith("memory+swap") || t.startsWith("kmem") || t.startsWith("swap:")
                || t.startsWith("Task in ") || t.startsWith("Memory cgroup stats") || t.startsWith("Unreclaimable")
                || t.startsWith("Name ") || t.startsWith("cache") || t.startsWith("rss") || t.startsWith("RIP")
                || t.startsWith("RSP") || t.startsWith("RAX") || t.startsWith("RDX") || t.startsWith("RBP")
                || t.startsWith("R10") || t.startsWith("R13") || t.startsWith("Code:") || t.startsWith("Stack:")
                || t.startsWith("Exception stack") || t.startsWith("Backtrace") || t.startsWith("Function entered")
                || t.startsWith("dump_") || t.indexOf(" cpuset=") >= 0 || t.indexOf(" per-cpu:") >= 0
                || t.indexOf(" from ") >= 0 || t.indexOf("+0x") >= 0 || t.indexOf("oom") >= 0
                || t.indexOf("pages ") >= 0 || t.indexOf("pagecache") >= 0 || t.indexOf("hugepages") >= 0;
    }

    /** Register dump rows: "FS:  0000..", "CR2: ..", "R13: ..", "EAX: ..", "GPR00: ..", "MSR: ..". */
    private static boolean isRegisterLine(String t) {
        int i = 0;
        while (i < t.length() && i < 6) {
            char c = t.charAt(i);
            if (c == ':') {
                return i >= 2 && i + 1 < t.length() && t.charAt(i + 1) == ' ';
            }
            if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
                return false;
            }
            i++;
        }
        return false;
    }
}
