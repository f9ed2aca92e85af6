package dev.crashtriage.triage;

import dev.crashtriage.input.InputTarget;
import dev.crashtriage.input.LogFormat;
import dev.crashtriage.input.LogReader;
import dev.crashtriage.input.LogRecord;
import dev.crashtriage.input.ReadSummary;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * Where one input's records come from: it pushes them, in order, into the consumer {@link Pipeline} gives it,
 * and returns when the input ends. A file or stdin is read by {@link #of(InputTarget, LogFormat)}; a source
 * that never ends (a netconsole socket) rather drives a {@link Pipeline.Run} itself.
 */
@FunctionalInterface
public interface RecordSource {

    /**
     * Pushes every record of the input, then returns what reading found (format, line count, problems), or
     * null when the source has no such summary. An {@link IOException} (or {@link java.io.UncheckedIOException})
     * ends the input as "cannot read"; the records pushed before it are still analysed.
     */
    ReadSummary pushTo(Consumer<LogRecord> records) throws IOException;

    /** A file, directory entry or stdin: opened, decoded, sniffed and parsed by {@link LogReader}. */
    static RecordSource of(InputTarget target, LogFormat forcedFormat) {
        return records -> {
            try (InputStream in = target.opener().open()) {
                return new LogReader().read(in, target.name(), forcedFormat, records);
            }
        };
    }
}
