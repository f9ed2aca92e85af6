package dev.crashtriage.kernel;

/**
 * One stack frame as printed by the kernel, in any era's syntax.
 *
 * @param function function name as printed (e.g. "tg3_poll_work", ".text.lock.scsi_error")
 * @param offset   offset into the function ("0x1a"), or null
 * @param size     function size ("0x20"), or null
 * @param module   module in brackets ("tg3"), or null for the core kernel
 * @param reliable false for frames printed with a leading "?" or "(unreliable)"
 * @param section  stack section the frame is in: null/"task", "irq", "nmi", "softirq", "exception"...
 * @param address  the raw address if printed ("c0123456"), or null
 * @param file     source location "file.c:123" if printed, or null
 * @param inline   true for "[inline]" frames
 */
public record Frame(String function, String offset, String size, String module, boolean reliable,
                    String section, String address, String file, boolean inline) {

    public static Frame of(String function) {
        return new Frame(function, null, null, null, true, null, null, null, false);
    }
}
