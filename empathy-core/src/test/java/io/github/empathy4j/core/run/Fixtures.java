package io.github.empathy4j.core.run;

import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.Emotion;
import io.github.empathy4j.core.Reply;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/** Synthetic dialogues, a fake clock and journal helpers for the run tests. */
final class Fixtures {

    private Fixtures() {
    }

    /** {@code n} single-turn dialogues {@code d000}, {@code d001}, ... with human replies. */
    static List<Dialogue> dialogues(int n) {
        List<Dialogue> list = new ArrayList<>(n);
        Emotion[] emotions = Emotion.values();
        for (int i = 0; i < n; i++) {
            list.add(Dialogue.opening(id(i), emotions[i % emotions.length], "situation " + i,
                    "I want to tell you about thing number " + i, "human reply " + i));
        }
        return list;
    }

    static String id(int i) {
        return String.format(Locale.ROOT, "d%03d", i);
    }

    /** The text a deterministic fake answers to a dialogue. */
    static String answerText(Dialogue d) {
        return "I hear you about " + d.id();
    }

    static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts-free check used by several tests: the journal's keys, failing on a duplicate. */
    static Set<String> uniqueKeys(List<Reply> replies) {
        Set<String> keys = new HashSet<>();
        for (Reply r : replies) {
            if (!keys.add(r.condition() + "/" + r.dialogueId())) {
                throw new AssertionError("duplicate reply " + r.condition() + "/" + r.dialogueId());
            }
        }
        return keys;
    }

    /** A clock that only moves when someone sleeps; records every sleep. */
    static final class FakeTime implements TimeSource {

        private static final Instant START = Instant.parse("2024-05-01T12:00:00Z");
        private final AtomicLong nanos = new AtomicLong();
        final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());

        @Override
        public Instant now() {
            return START.plusNanos(nanos.get());
        }

        @Override
        public long nanoTime() {
            return nanos.get();
        }

        @Override
        public void sleep(Duration duration) {
            sleeps.add(duration);
            nanos.addAndGet(Math.max(0, duration.toNanos()));
        }
    }
}
