package dev.crashtriage.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The process's real standard output and what its standard streams are connected to.
 *
 * @param stdout      where the report goes
 * @param stdinIsTty  stdin is a terminal
 * @param stdoutIsTty stdout is a terminal
 * @param stderrIsTty stderr is a terminal
 */
record ProcessConsole(OutputStream stdout, boolean stdinIsTty, boolean stdoutIsTty, boolean stderrIsTty) {

    static ProcessConsole detect() {
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
            ProcessConsole windows = windows();
            if (windows != null) {
                return windows;
            }
        }
        // The file descriptor itself, not System.out: a PrintStream swallows EPIPE, and we need to see it
        // to stop quietly when the reader (| head) has gone.
        OutputStream out = new FileOutputStream(FileDescriptor.out);
        Boolean in = procIsTerminal(0);
        Boolean o = procIsTerminal(1);
        Boolean e = procIsTerminal(2);
        boolean console = System.console() != null;
        return new ProcessConsole(out, in != null ? in : console, o != null ? o : console, e != null ? e : console);
    }

    /**
     * Linux: /proc/self/fd/N names a tty or pty device when the stream is a terminal. Cheaper and more
     * precise than System.console(), which on JDK 17 needs both stdin and stdout to be terminals
     * (wrong for {@code dmesg | crashtriage analyze} on a terminal). Null when /proc cannot tell.
     */
    private static Boolean procIsTerminal(int fd) {
        try {
            Path link = Path.of("/proc/self/fd/" + fd);
            if (!Files.isSymbolicLink(link)) {
                return null;
            }
            String target = Files.readSymbolicLink(link).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The terminal's width in columns, from jansi (which asks the terminal driver); 0 when it cannot tell. */
    static int terminalColumns() {
        try {
            return org.jline.jansi.AnsiConsole.out().getTerminalWidth();
        } catch (RuntimeException | LinkageError e) {
            return 0;
        }
    }

    /** Windows consoles need virtual-terminal processing switched on for ANSI colour: jansi does it. */
    private static ProcessConsole windows() {
        try {
            org.jline.jansi.AnsiConsole.systemInstall();
            org.jline.jansi.AnsiPrintStream ansi = org.jline.jansi.AnsiConsole.out();
            boolean tty = ansi.getType() != org.jline.jansi.AnsiType.Redirected;
            return new ProcessConsole(ansi, System.console() != null, tty, System.console() != null);
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }
}
