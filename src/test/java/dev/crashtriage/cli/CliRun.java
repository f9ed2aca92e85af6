package dev.crashtriage.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** One in-process run of the CLI through {@link CommandLineFactory#run}, with what it printed. */
record CliRun(int code, String out, String err) {

    static CliRun run(String... args) {
        return withStdin(null, Map.of(), args);
    }

    /** stdin null means "stdin is a terminal". */
    static CliRun withStdin(String stdin, Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        byte[] in = stdin == null ? new byte[0] : stdin.getBytes(StandardCharsets.UTF_8);
        Env env = new Env(new PrintWriter(out), new PrintWriter(err), new ByteArrayInputStream(in), environment,
                stdin == null, false);
        int code = CommandLineFactory.run(env, args);
        return new CliRun(code, out.toString(), err.toString());
    }

    static String resource(String name) {
        return Path.of("src/test/resources", name).toString();
    }

    @Override
    public String toString() {
        return "exit " + code + "\n--- out\n" + out + "\n--- err\n" + err;
    }
}
