package dev.crashtriage.input;

/**
 * Something wrong with one input that did not stop the others: missing file, unreadable
 * directory, damaged archive, line cut at the length cap, an input that held no kernel log...
 *
 * @param source  the input as the user named it
 * @param message one line saying what went wrong
 * @param fatal   true when the input could not be read at all (or only partly) and the exit code must say so
 * @param kind    what sort of problem it is (reports and {@code --allow-empty} tell them apart)
 */
public record InputProblem(String source, String message, boolean fatal, Kind kind) {

    /** What sort of problem; {@link #id()} is what the JSON report says. */
    public enum Kind {
        /** The input could not be read, or only partly. */
        READ("read"),
        /** It was read but held no kernel log: empty, binary, another program's log, dmesg's own error. */
        NO_KERNEL_LOG("no_kernel_log"),
        /** A forced --input-format did not fit most of its lines. */
        INPUT_FORMAT("input_format"),
        /** Worth saying, not an error: a skipped FIFO, cut lines. */
        NOTE("note"),
        /** The run could not start: a broken signature, config file or baseline (nothing was analysed). */
        SETUP("setup");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    /** A read problem when fatal, a note otherwise: what every reader-side problem is. */
    public InputProblem(String source, String message, boolean fatal) {
        this(source, message, fatal, fatal ? Kind.READ : Kind.NOTE);
    }
}
