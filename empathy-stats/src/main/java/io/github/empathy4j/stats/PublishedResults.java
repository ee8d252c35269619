package io.github.empathy4j.stats;

import io.github.empathy4j.core.Valence;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures Welivita &amp; Pu (2024) published in "Are Large Language Models More Empathetic than Humans?"
 * (arXiv 2406.05063), kept as facts so that the library can show it reproduces them from the counts:
 * {@code StudyAnalysis.ofCounts(PublishedResults.counts(), AnalysisOptions.study())}.
 *
 * <p>2,000 dialogues (881 positive, 1,119 negative), each answered by humans and four LLMs and rated once per
 * condition as Bad, Okay or Good. The paper gives every level's count for humans and GPT-4 overall, and only the
 * Good counts otherwise. Its chi-square values are Pearson's with Yates' correction on Good versus not Good against
 * the human baseline.
 */
public final class PublishedResults {

    /** The human baseline: the listener's reply in EmpatheticDialogues. */
    public static final String HUMAN = "human";
    /** GPT-4. */
    public static final String GPT_4 = "gpt-4";
    /** LLaMA-2-70B-Chat. */
    public static final String LLAMA_2 = "llama-2-70b-chat";
    /** Mixtral-8x7B-Instruct. */
    public static final String MIXTRAL = "mixtral-8x7b-instruct";
    /** Gemini-1.0-Pro. */
    public static final String GEMINI = "gemini-1.0-pro";
    /** The study's conditions, baseline first, in the paper's order. */
    public static final List<String> CONDITIONS = List.of(HUMAN, GPT_4, LLAMA_2, MIXTRAL, GEMINI);

    /** Dialogues rated per condition. */
    public static final int DIALOGUES = 2_000;
    /** Dialogues whose emotion is positive. */
    public static final int POSITIVE_DIALOGUES = 881;
    /** Dialogues whose emotion is negative. */
    public static final int NEGATIVE_DIALOGUES = 1_119;

    /** Power analysis: Cohen's effect size w. */
    public static final double POWER_EFFECT_SIZE = 0.3;
    /** Power analysis: significance level. */
    public static final double POWER_ALPHA = 0.05;
    /** Power analysis: wanted power. */
    public static final double POWER = 0.95;
    /** Power analysis: degrees of freedom, five conditions by three levels. */
    public static final int POWER_DEGREES_OF_FREEDOM = 8;
    /** Power analysis: participants needed (G*Power). */
    public static final int POWER_SAMPLE_SIZE = 253;

    private static final List<Figure> FIGURES = List.of(
            new Figure(HUMAN, "overall", 986, DIALOGUES, null, null),
            new Figure(GPT_4, "overall", 1295, DIALOGUES, 96.77, 31.3),
            new Figure(LLAMA_2, "overall", 1219, DIALOGUES, 54.40, 23.6),
            new Figure(MIXTRAL, "overall", 1192, DIALOGUES, 42.36, 20.9),
            new Figure(GEMINI, "overall", 1081, DIALOGUES, 8.85, 9.6),
            new Figure(HUMAN, "positive", 454, POSITIVE_DIALOGUES, null, null),
            new Figure(GPT_4, "positive", 619, POSITIVE_DIALOGUES, 64.10, null),
            new Figure(LLAMA_2, "positive", 583, POSITIVE_DIALOGUES, 38.40, null),
            new Figure(MIXTRAL, "positive", 567, POSITIVE_DIALOGUES, 29.21, null),
            new Figure(GEMINI, "positive", 481, POSITIVE_DIALOGUES, 1.54, null),
            new Figure(HUMAN, "negative", 532, NEGATIVE_DIALOGUES, null, null),
            new Figure(GPT_4, "negative", 676, NEGATIVE_DIALOGUES, 36.78, null),
            new Figure(LLAMA_2, "negative", 636, NEGATIVE_DIALOGUES, 19.00, null),
            new Figure(MIXTRAL, "negative", 625, NEGATIVE_DIALOGUES, 15.15, null),
            new Figure(GEMINI, "negative", 600, NEGATIVE_DIALOGUES, 8.02, null));

    /** Bad, Okay and Good counts overall, where the paper gives them. */
    private static final Map<String, Counts> LEVELS = Map.of(
            HUMAN, Counts.of(342, 672, 986),
            GPT_4, Counts.of(142, 563, 1295));

    private PublishedResults() {
    }

    /**
     * One published figure: a condition's Good count in a group and, for the LLMs, the chi-square (Yates) against
     * the human baseline and the relative increase in Good.
     *
     * @param condition the condition
     * @param group {@code overall}, {@code positive} or {@code negative}
     * @param good the number of Good ratings
     * @param ratings the number of ratings
     * @param chiSquare the published chi-square with Yates' correction (2 decimals), {@code null} for the baseline
     * @param relativeIncreasePercent the published relative increase of Good over humans in percent (1 decimal),
     *     given only overall; otherwise {@code null}
     */
    public record Figure(String condition, String group, long good, long ratings, Double chiSquare,
            Double relativeIncreasePercent) {
    }

    /** Every published figure. */
    public static List<Figure> figures() {
        return FIGURES;
    }

    /** The published counts, as input of {@link StudyAnalysis#ofCounts}. */
    public static StudyCounts counts() {
        Map<String, Counts> overall = new LinkedHashMap<>();
        Map<Valence, Map<String, Counts>> valences = new LinkedHashMap<>();
        for (Figure f : FIGURES) {
            Counts counts = LEVELS.containsKey(f.condition()) && f.group().equals("overall") ? LEVELS.get(f.condition())
                    : Counts.ofSuccesses(f.good(), f.ratings());
            if (f.group().equals("overall")) {
                overall.put(f.condition(), counts);
            } else {
                valences.computeIfAbsent(Valence.parse(f.group()), v -> new LinkedHashMap<>()).put(f.condition(),
                        counts);
            }
        }
        return new StudyCounts(overall, valences, Map.of());
    }
}
