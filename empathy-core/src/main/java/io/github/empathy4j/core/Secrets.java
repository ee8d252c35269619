package io.github.empathy4j.core;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps API keys out of everything empathy4j writes: exception messages, failure journals and logs. Two
 * safeguards: the registered secrets (the adapters register every key they read from the environment; register
 * yours with {@link #register(String)} when you build a LangChain4j {@code ChatModel} yourself), and the shapes
 * of well-known keys, redacted even when nobody registered them: OpenAI and Anthropic ({@code sk-...},
 * {@code sk-ant-...}, {@code sk-proj-...}), Google ({@code AIza...}), Groq ({@code gsk_...}), Hugging Face
 * ({@code hf_...}), xAI ({@code xai-...}), Replicate ({@code r8_...}), and {@code Bearer} tokens. Both are
 * replaced by {@value #REDACTED}.
 *
 * <p>The registry is global to the JVM and thread-safe; a secret cannot be unregistered.
 */
public final class Secrets {

    /** What a secret is replaced by. */
    public static final String REDACTED = "[redacted]";

    /** Shorter registered texts are ignored: they would redact ordinary words. */
    private static final int MIN_LENGTH = 8;

    private static final List<Pattern> SHAPES = List.of(
            Pattern.compile("(?<![A-Za-z0-9])sk-[A-Za-z0-9_\\-]{16,}"),
            Pattern.compile("(?<![A-Za-z0-9])AIza[0-9A-Za-z_\\-]{20,}"),
            Pattern.compile("(?<![A-Za-z0-9])(?:gsk_|hf_|r8_|xai-)[A-Za-z0-9_\\-]{16,}"),
            Pattern.compile("(?i)(?<=bearer\\s)[A-Za-z0-9._~+/\\-]{8,}=*"));

    private static final Set<String> REGISTERED = ConcurrentHashMap.newKeySet();

    private Secrets() {
    }

    /**
     * Registers a secret (such as an API key) never to be repeated by the library; blank and short texts
     * (under 8 characters) are ignored.
     */
    public static void register(String secret) {
        Objects.requireNonNull(secret, "secret");
        String s = secret.strip();
        if (s.length() >= MIN_LENGTH) {
            REGISTERED.add(s);
        }
    }

    /** The text with every registered secret and every well-known key shape replaced; {@code null} stays null. */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (String secret : REGISTERED) {
            if (out.contains(secret)) {
                out = out.replace(secret, REDACTED);
            }
        }
        for (Pattern shape : SHAPES) {
            Matcher m = shape.matcher(out);
            if (m.find()) {
                out = m.replaceAll(REDACTED);
            }
        }
        return out;
    }

    /**
     * A copy of a cause chain with every message redacted, keeping each exception's class name (in
     * {@code toString()}) and stack trace; for wrapping an exception that came from outside the library.
     */
    public static Throwable redacted(Throwable failure) {
        if (failure == null) {
            return null;
        }
        Throwable copy = new RedactedCause(failure.getClass().getName(), redact(failure.getMessage()),
                failure.getCause() == failure ? null : redacted(failure.getCause()));
        copy.setStackTrace(failure.getStackTrace());
        return copy;
    }

    /** Stands for an original exception: its class name and redacted message. */
    private static final class RedactedCause extends RuntimeException {

        private final String type;

        RedactedCause(String type, String message, Throwable cause) {
            super(message, cause, false, true);
            this.type = type;
        }

        @Override
        public String toString() {
            return getMessage() == null ? type : type + ": " + getMessage();
        }
    }
}
