package io.github.empathy4j.core.run;

import io.github.empathy4j.core.FinishReason;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.TokenUsage;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The child process of {@link ResponseCacheTest}: stores {@code args[2]} replies with keys {@code args[1]-0},
 * {@code args[1]-1}, ... in the cache folder {@code args[0]}, one transaction each.
 */
final class CacheWriterMain {

    private CacheWriterMain() {
    }

    public static void main(String[] args) {
        try (ResponseCache cache = ResponseCache.open(Path.of(args[0]))) {
            for (int i = 0; i < Integer.parseInt(args[2]); i++) {
                cache.put(args[1] + "-" + i, "child:model", reply(args[1] + " " + i));
            }
        }
    }

    static Reply reply(String text) {
        return new Reply("c", "d", text, FinishReason.STOP, "served-model", Map.of(), new TokenUsage(3, 4),
                Duration.ofMillis(5), 1, Instant.parse("2026-01-02T03:04:05.678Z"));
    }
}
