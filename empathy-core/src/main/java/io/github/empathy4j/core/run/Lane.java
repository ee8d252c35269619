package io.github.empathy4j.core.run;

import java.util.Objects;

/**
 * Where a call goes, for scheduling: a provider reached with one key at one address. Each lane has its own
 * concurrency, rate limits, pacing, patience and reachability, shared by every condition and judge calling it;
 * two OpenAI-compatible servers, or one provider used with two key variables, are two lanes.
 *
 * <p>A {@link Respondent} or {@link Rater} names its lane by implementing {@link Bound} (the LangChain4j adapters
 * do); otherwise a condition's lane is {@link #of(String) of} its spec and a rater's of its name.
 *
 * @param provider the provider id, such as {@code openai}: the key of the builders' per-provider settings
 * @param keyVariable the name of the environment variable holding the key (never the key), or {@code ""}
 * @param baseUrl the server's address, or {@code ""} for the provider's default
 */
public record Lane(String provider, String keyVariable, String baseUrl) {

    public Lane {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(keyVariable, "keyVariable");
        Objects.requireNonNull(baseUrl, "baseUrl");
    }

    /** What knows its lane: a respondent or rater that calls one provider. */
    public interface Bound {

        /** The lane every call of this respondent or rater goes to. */
        Lane lane();
    }

    /** The lane of a spec such as {@code openai:gpt-4?temperature=0}: its provider (up to the first {@code :}). */
    public static Lane of(String spec) {
        int colon = spec.indexOf(':');
        return new Lane(colon < 0 ? spec : spec.substring(0, colon), "", "");
    }

    /** The lane of a respondent or rater: its own when it is {@link Bound}, else {@link #of(String) of} the spec. */
    static Lane of(Object caller, String spec) {
        return caller instanceof Bound b ? Objects.requireNonNull(b.lane(), "lane") : of(spec);
    }

    /** The provider, then the key variable and address when set, such as {@code openai-compatible@http://h:8000/v1}. */
    @Override
    public String toString() {
        return provider + (keyVariable.isEmpty() ? "" : "$" + keyVariable) + (baseUrl.isEmpty() ? "" : "@" + baseUrl);
    }
}
