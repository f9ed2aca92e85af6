package dev.crashtriage.render;

import java.util.regex.Pattern;

/**
 * What an evidence line is, for showing the telling ones first: the kernel's message, a stack
 * frame, or a line that only frames the report (a register dump, a {@code cut here} marker, code
 * bytes). A cause's first shown lines should say what happened; a register dump line matched by a
 * signature is still evidence, but a person reads the message line that says the same.
 */
enum EvidenceLine {
    MESSAGE, FRAME, DUMP;

    private static final Pattern MARKER = Pattern.compile(
            "^\\s*-+\\[ (cut here|end trace [0-9a-f]+) \\]-+\\s*$");
    /** Register and state dumps of x86, arm/arm64, powerpc and s390 oopses; "EIP is at f+0x..." says where, so it stays. */
    private static final Pattern REGISTERS = Pattern.compile(
            "^\\s*(?:(?:EIP|RIP|EFLAGS|[ER]?[ABCD]X|[ER]?[SD]I|[ER]?[BS]P|R(?:[89]|1[0-5])|[DEFGS]S|CS|CR[0-4]|DR[0-7]"
                    + "|RAX|EAX|ORIG_RAX|pc|lr|sp|pstate|x\\d{1,2}|NIP|LR|CTR|MSR|XER|CCR|GPR\\d\\d|TRAP|DAR|DSISR"
                    + "|Krnl PSW|Krnl GPRS|Krnl Code)\\s*[:=]"
                    + "|Code:|Stack:|Process .*\\(pid: |Call Trace:\\s*$|Hardware name:|task: [0-9a-f]+|Modules linked in:)",
            Pattern.CASE_INSENSITIVE);
    /** A printed stack frame, in any era's notation. */
    private static final Pattern FRAME_LINE = Pattern.compile(
            "^\\s*(?:\\[<?[0-9a-f]+>?\\]|\\(?\\[<[0-9a-f]+>\\]|<[0-9a-f]+>\\{|\\? |#\\d+ |[0-9a-f]{8,16} )"
                    + "|^\\s*[\\w.]+\\+0x[0-9a-f]+/0x[0-9a-f]+");

    static EvidenceLine of(String text) {
        if (MARKER.matcher(text).find() || REGISTERS.matcher(text).find()) {
            return DUMP;
        }
        if (FRAME_LINE.matcher(text).find()) {
            return FRAME;
        }
        return MESSAGE;
    }
}
