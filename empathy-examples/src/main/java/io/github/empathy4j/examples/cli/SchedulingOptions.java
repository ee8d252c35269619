package io.github.empathy4j.examples.cli;

import io.github.empathy4j.core.run.RatingRun;
import io.github.empathy4j.core.run.Run;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The scheduling options of {@code run}, {@code rate} and {@code calibrate}: {@code --concurrency}, {@code --rpm} and
 * {@code --tpm}, each {@code N} (every provider without its own) or {@code provider=N}, repeatable; and
 * {@code --patience}.
 */
final class SchedulingOptions {

    private static final Pattern VALUE = Pattern.compile("(?:([a-z0-9][a-z0-9._-]*)=)?(-?\\d{1,18})");
    private static final String LIMITS = "--rpm and --tpm must be 0 (no limit) or more";
    private static final Pattern PATIENCE = Pattern.compile("(\\d{1,9})(s|m|h)");

    @Option(names = "--concurrency", paramLabel = "N|PROVIDER=N",
            description = "Calls in flight at most per provider: N for every provider, PROVIDER=N (such as openai=16)"
                    + " for one; repeatable (default: 8).")
    private List<String> concurrency = List.of();

    @Option(names = "--rpm", paramLabel = "N|PROVIDER=N",
            description = "Requests per minute per provider, 0 for no limit: N for every provider, PROVIDER=N for"
                    + " one; repeatable (default: none; providers that send limit headers are paced to them).")
    private List<String> rpm = List.of();

    @Option(names = "--tpm", paramLabel = "N|PROVIDER=N",
            description = "Tokens per minute per provider, 0 for no limit: N for every provider, PROVIDER=N for one;"
                    + " repeatable (default: none).")
    private List<String> tpm = List.of();

    @Option(names = "--patience", paramLabel = "DURATION", defaultValue = "10m",
            description = "How long a provider answering HTTP 429 may go without a success before its refused items"
                    + " fail, such as 90s, 10m, 1h; 429s never use up an item's retries (default: ${DEFAULT-VALUE}).")
    private String patience;

    /** The values by provider, the default under {@code ""}; throws a usage error naming the option. */
    private static Map<String, Long> values(CommandLine cli, String option, List<String> given, long min,
            String rule) {
        Map<String, Long> values = new LinkedHashMap<>();
        for (String text : given) {
            Matcher m = VALUE.matcher(text.strip());
            if (!m.matches() || Long.parseLong(m.group(2)) < min) {
                throw new ParameterException(cli, rule + " (" + option + " was " + text + "); write N or"
                        + " PROVIDER=N");
            }
            values.put(m.group(1) == null ? "" : m.group(1), Long.parseLong(m.group(2)));
        }
        return values;
    }

    /** Checks the values: usage errors (exit 2) before any work. */
    void check(CommandLine cli) {
        limits(cli);
        concurrencies(cli);
        patience(cli);
    }

    private Duration patience(CommandLine cli) {
        Matcher m = PATIENCE.matcher(patience.strip());
        if (!m.matches()) {
            throw new ParameterException(cli, "--patience must be a duration such as 90s, 10m or 1h (it was "
                    + patience + ")");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    /** Sets the options on a run. */
    void apply(CommandLine cli, Run.Builder run) {
        concurrencies(cli).forEach((provider, n) -> {
            if (provider.isEmpty()) {
                run.concurrency((int) Math.min(n, Integer.MAX_VALUE));
            } else {
                run.concurrency(provider, (int) Math.min(n, Integer.MAX_VALUE));
            }
        });
        limits(cli).forEach((provider, limit) -> {
            if (provider.isEmpty()) {
                run.rateLimit((int) Math.min(limit[0], Integer.MAX_VALUE), limit[1]);
            } else {
                run.rateLimit(provider, (int) Math.min(limit[0], Integer.MAX_VALUE), limit[1]);
            }
        });
        run.patience(patience(cli));
    }

    /** Sets the options on a rating run. */
    void apply(CommandLine cli, RatingRun.Builder rating) {
        concurrencies(cli).forEach((provider, n) -> {
            if (provider.isEmpty()) {
                rating.concurrency((int) Math.min(n, Integer.MAX_VALUE));
            } else {
                rating.concurrency(provider, (int) Math.min(n, Integer.MAX_VALUE));
            }
        });
        limits(cli).forEach((provider, limit) -> {
            if (provider.isEmpty()) {
                rating.rateLimit((int) Math.min(limit[0], Integer.MAX_VALUE), limit[1]);
            } else {
                rating.rateLimit(provider, (int) Math.min(limit[0], Integer.MAX_VALUE), limit[1]);
            }
        });
        rating.patience(patience(cli));
    }

    private Map<String, Long> concurrencies(CommandLine cli) {
        return values(cli, "--concurrency", concurrency, 1, "--concurrency must be at least 1");
    }

    /** Requests and tokens per minute by provider ({@code ""} the default); a provider's unset one is the default. */
    private Map<String, long[]> limits(CommandLine cli) {
        Map<String, Long> requests = values(cli, "--rpm", rpm, 0, LIMITS);
        Map<String, Long> tokens = values(cli, "--tpm", tpm, 0, LIMITS);
        Set<String> providers = new LinkedHashSet<>(requests.keySet());
        providers.addAll(tokens.keySet());
        Map<String, long[]> limits = new LinkedHashMap<>();
        for (String provider : providers) {
            limits.put(provider, new long[] {requests.getOrDefault(provider, requests.getOrDefault("", 0L)),
                    tokens.getOrDefault(provider, tokens.getOrDefault("", 0L))});
        }
        return limits;
    }
}
