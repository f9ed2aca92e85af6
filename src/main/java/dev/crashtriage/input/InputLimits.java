package dev.crashtriage.input;

/**
 * The bounds that keep reading calm on hostile input: how long a line may be, and how much and how
 * long a FIFO or character device named explicitly is read (those may never end).
 *
 * @param maxLineBytes        longer lines are cut here; the rest of the line is skipped without buffering it
 * @param specialFileMaxBytes a FIFO or device is read up to this many bytes, then reading stops with a problem
 * @param specialFileIdleMillis a FIFO or device that delivers nothing for this long is given up with a problem
 */
public record InputLimits(int maxLineBytes, long specialFileMaxBytes, long specialFileIdleMillis) {

    public static final int DEFAULT_MAX_LINE_BYTES = 64 * 1024;
    public static final long DEFAULT_SPECIAL_FILE_MAX_BYTES = 1L << 30;
    public static final long DEFAULT_SPECIAL_FILE_IDLE_MILLIS = 30_000;

    public InputLimits {
        if (maxLineBytes < 80) {
            throw new IllegalArgumentException("maxLineBytes too small: " + maxLineBytes);
        }
    }

    public static InputLimits defaults() {
        return new InputLimits(DEFAULT_MAX_LINE_BYTES, DEFAULT_SPECIAL_FILE_MAX_BYTES, DEFAULT_SPECIAL_FILE_IDLE_MILLIS);
    }
}
