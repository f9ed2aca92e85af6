package dev.crashtriage.cli;

import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version, read from the build's own properties file. */
public final class VersionProvider implements CommandLine.IVersionProvider {

    public static String version() {
        try (InputStream in = VersionProvider.class.getResourceAsStream("/crashtriage-version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "unknown");
            }
        } catch (IOException ignored) {
            // fall through: a missing resource only means a development build
        }
        return "unknown";
    }

    @Override
    public String[] getVersion() {
        return new String[] {"crashtriage " + version()};
    }
}
