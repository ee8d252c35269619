package io.github.empathy4j.study;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Whether the browser tests run: they need Debian's Chromium and its driver (packages {@code chromium} and
 * {@code chromium-driver}). A developer without them gets the tests skipped with one line saying so; under CI
 * ({@code CI=true}) a missing browser fails the tests, so CI never passes with the browser tests skipped.
 */
final class BrowserRequirement {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    /** What the browser tests do. */
    enum Outcome { RUN, SKIP, FAIL }

    /** The outcome and, unless they run, the one line that says why. */
    record Decision(Outcome outcome, String message) {
    }

    private BrowserRequirement() {
    }

    /** The decision on this machine. */
    static Decision here() {
        return decide(System.getenv(), Files.isExecutable(CHROMIUM), Files.isExecutable(DRIVER));
    }

    /** The decision given the environment and whether the browser and the driver are installed. */
    static Decision decide(Map<String, String> env, boolean chromium, boolean driver) {
        if (chromium && driver) {
            return new Decision(Outcome.RUN, null);
        }
        String missing = !chromium && !driver ? CHROMIUM + " and " + DRIVER : !chromium ? CHROMIUM.toString()
                : DRIVER.toString();
        String ci = env.get("CI");
        if (ci != null && (ci.equalsIgnoreCase("true") || ci.equals("1"))) {
            return new Decision(Outcome.FAIL, "CI=" + ci + " but " + missing + " is missing: install the Debian "
                    + "packages chromium and chromium-driver (.ci/run does)");
        }
        return new Decision(Outcome.SKIP, "Browser tests skipped: no " + missing + " (apt-get install chromium "
                + "chromium-driver to run them; with CI=true they fail instead)");
    }
}
