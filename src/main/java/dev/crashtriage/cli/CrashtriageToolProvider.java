package dev.crashtriage.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.spi.ToolProvider;

/**
 * crashtriage as a {@link ToolProvider}, for in-process use ({@code ToolProvider.findFirst("crashtriage")}).
 * There is no terminal in-process: no colour by default, and stdin is read only when "-" is named.
 */
public final class CrashtriageToolProvider implements ToolProvider {

    @Override
    public String name() {
        return "crashtriage";
    }

    @Override
    public int run(PrintWriter out, PrintWriter err, String... args) {
        InputStream in = System.in;
        return CommandLineFactory.run(new Env(out, err, in, System.getenv(), true, false), args);
    }
}
