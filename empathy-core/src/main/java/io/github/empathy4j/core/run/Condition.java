package io.github.empathy4j.core.run;

import io.github.empathy4j.core.prompt.PromptTemplate;

import java.util.Map;
import java.util.Objects;

/**
 * One arm of a run: a named respondent with what identifies its answers.
 *
 * <p>The {@code spec} names provider and model, such as {@code openai:gpt-4}; the part before the
 * first {@code :} is the {@link #provider()} whose settings (concurrency, rate limits) the condition's lane takes.
 * The lane ({@link Lane}) is the respondent's own when it is {@link Lane.Bound}, else the provider's, shared with
 * every other condition and judge of that lane. A condition with a {@code prompt} is cached (when the run has
 * a cache): the key is a SHA-256 of spec, parameters and the prompt rendered for the dialogue, so
 * two conditions with the same spec, parameters and prompt share answers (add a parameter such as
 * a seed to sample a model twice). A condition without a prompt, such as the human reference or a
 * replay, is never cached.
 *
 * @param name the condition name written with each reply, such as {@code gpt-4} or {@code human}
 * @param spec provider and model, such as {@code openai:gpt-4}; for other respondents any stable name
 * @param parameters the generation parameters (temperature, seed, ...) recorded with each reply and
 *                   in {@code run.json}; never secrets such as API keys
 * @param prompt the template the respondent renders, or {@code null} when it uses none
 * @param respondent who answers
 */
public record Condition(String name, String spec, Map<String, String> parameters, PromptTemplate prompt,
        Respondent respondent) {

    public Condition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(spec, "spec");
        parameters = Map.copyOf(parameters);
        Objects.requireNonNull(respondent, "respondent");
        if (name.isBlank() || spec.isBlank()) {
            throw new IllegalArgumentException("a condition needs a name and a spec, were '" + name + "' and '"
                    + spec + "'");
        }
    }

    /** A condition without prompt or parameters (never cached); its spec is its name. */
    public static Condition of(String name, Respondent respondent) {
        return new Condition(name, name, Map.of(), null, respondent);
    }

    /** The dataset's human replies as condition {@code human} (see {@link Respondent#humanReference()}). */
    public static Condition humanReference() {
        return of("human", Respondent.humanReference());
    }

    /** The provider key: the spec up to its first {@code :}, or the whole spec; see {@link Lane#of(String)}. */
    public String provider() {
        return Lane.of(spec).provider();
    }
}
