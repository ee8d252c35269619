package io.github.empathy4j.study;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link StudyServer} serves a study.
 *
 * @param host the address to listen on, such as {@code 127.0.0.1}
 * @param port the port; 0 for any free one
 * @param baseUrl the address participants use, such as {@code https://example.org/study} behind a reverse
 *                proxy (its path is the server's context path), or {@code null} for {@code http://host:port}
 * @param ratersPerBatch how many participants rate each batch: 1 as in the 2024 study, 2 or more to measure
 *                       agreement between people
 * @param timeout how long a participant may take before their batch is reclaimed and assigned again
 * @param completionUrl where participants go when done, such as
 *                      {@code https://app.prolific.com/submissions/complete?cc=C1A2B3C4}, or {@code null};
 *                      its {@code cc} parameter is the completion code shown
 * @param consent the consent page's text (paragraphs separated by blank lines), or {@code null} for
 *                {@link #DEFAULT_CONSENT}
 * @param reward what a participant is paid for a batch, in pounds, or 0 when not known
 * @param minimumHourlyPay the least hourly pay the study should imply, in pounds (Prolific asks for 6)
 * @param requestsPerMinute the most requests one address may make in a minute
 * @param researcherToken the secret in the progress page's address, or {@code null} for a random one
 * @param questionnaire whether participants answer the {@link TorontoEmpathyQuestionnaire} after the instructions
 *                      and before rating, as in the 2024 study
 */
public record StudySettings(String host, int port, URI baseUrl, int ratersPerBatch, Duration timeout,
        URI completionUrl, String consent, double reward, double minimumHourlyPay, int requestsPerMinute,
        String researcherToken, boolean questionnaire) {

    /** The consent text used when the researcher gives none. */
    public static final String DEFAULT_CONSENT = """
            You are invited to take part in a research study on how people judge replies to someone who \
            shares an emotional experience. You will read short conversations and rate how empathetic a reply \
            is. It takes about 10 minutes.

            Some conversations mention sad, frightening or otherwise difficult experiences. You may stop at \
            any time without giving a reason by closing this page.

            We record your platform id and your ratings, nothing else. Your ratings are stored without your \
            name, analysed together with those of other participants, and may be published in anonymous form.

            By continuing you confirm that you are at least 18 years old, have read this information and \
            agree to take part.""";

    public StudySettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(timeout, "timeout");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("the port must be between 0 and 65535, was " + port);
        }
        if (ratersPerBatch < 1) {
            throw new IllegalArgumentException("raters per batch must be at least 1, was " + ratersPerBatch);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the timeout must be positive, was " + timeout);
        }
        if (reward < 0 || minimumHourlyPay < 0) {
            throw new IllegalArgumentException("reward and minimum hourly pay must not be negative, were " + reward
                    + " and " + minimumHourlyPay);
        }
        if (requestsPerMinute < 1) {
            throw new IllegalArgumentException("requests per minute must be at least 1, was " + requestsPerMinute);
        }
        if (baseUrl != null && (baseUrl.getScheme() == null || baseUrl.getHost() == null)) {
            throw new IllegalArgumentException("the base URL must be absolute, such as https://example.org/study, "
                    + "was " + baseUrl);
        }
    }

    /**
     * Local defaults: 127.0.0.1, any free port, one rater per batch, a 30-minute timeout, no completion URL,
     * the default consent, Prolific's £6 minimum, 600 requests a minute and no questionnaire.
     */
    public static StudySettings defaults() {
        return new StudySettings("127.0.0.1", 0, null, 1, Duration.ofMinutes(30), null, null, 0, 6, 600, null,
                false);
    }

    /** These settings with another port. */
    public StudySettings withPort(int newPort) {
        return new StudySettings(host, newPort, baseUrl, ratersPerBatch, timeout, completionUrl, consent, reward,
                minimumHourlyPay, requestsPerMinute, researcherToken, questionnaire);
    }

    /** These settings with another number of raters per batch and timeout. */
    public StudySettings withRaters(int raters, Duration newTimeout) {
        return new StudySettings(host, port, baseUrl, raters, newTimeout, completionUrl, consent, reward,
                minimumHourlyPay, requestsPerMinute, researcherToken, questionnaire);
    }

    /** These settings with a completion URL. */
    public StudySettings withCompletionUrl(URI url) {
        return new StudySettings(host, port, baseUrl, ratersPerBatch, timeout, url, consent, reward,
                minimumHourlyPay, requestsPerMinute, researcherToken, questionnaire);
    }

    /** These settings with or without the Toronto Empathy Questionnaire. */
    public StudySettings withQuestionnaire(boolean ask) {
        return new StudySettings(host, port, baseUrl, ratersPerBatch, timeout, completionUrl, consent, reward,
                minimumHourlyPay, requestsPerMinute, researcherToken, ask);
    }
}
