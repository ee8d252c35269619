package io.github.empathy4j.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The library's version, as the build recorded it; {@code run.json} and the CLI's {@code --version} show it. */
public final class Version {

    private static final String VERSION = read();

    private Version() {
    }

    /** The version, such as {@code 0.1.0}, or {@code unknown} outside a built jar. */
    public static String get() {
        return VERSION;
    }

    private static String read() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the library version", e);
        }
    }
}
