package io.github.empathy4j.study;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The Toronto Empathy Questionnaire (TEQ; Spreng, McKinnon, Mar &amp; Levine 2009, "The Toronto Empathy
 * Questionnaire: scale development and initial validation of a factor-analytic solution to multiple empathy
 * measures", Journal of Personality Assessment 91(1), 62-71): 16 statements, each answered Never, Rarely,
 * Sometimes, Often or Always.
 *
 * <p>Answers are coded as the 2024 study's release records them ({@code empathy_arr_*}): -2 (Never) to 2
 * (Always), in item order. The score is the published one, and the release's {@code empathy_propensity_*}: each
 * answer mapped to 0 (Never) to 4 (Always), the {@link #REVERSED} items mapped to 4 (Never) to 0 (Always),
 * summed to 0..64; higher is more empathetic.
 */
public final class TorontoEmpathyQuestionnaire {

    /** The instruction above the statements, as published. */
    public static final String INSTRUCTION = "Below is a list of statements. Please read each statement carefully "
            + "and rate how frequently you feel or act in the manner described. There are no right or wrong answers "
            + "or trick questions. Please answer each question as honestly as you can.";

    /** The 16 statements, in the published order (item 1 first). */
    public static final List<String> ITEMS = List.of(
            "When someone else is feeling excited, I tend to get excited too.",
            "Other people’s misfortunes do not disturb me a great deal.",
            "It upsets me to see someone being treated disrespectfully.",
            "I remain unaffected when someone close to me is happy.",
            "I enjoy making other people feel better.",
            "I have tender, concerned feelings for people less fortunate than me.",
            "When a friend starts to talk about his or her problems, I try to steer the conversation towards "
                    + "something else.",
            "I can tell when others are sad even when they do not say anything.",
            "I find that I am “in tune” with other people’s moods.",
            "I do not feel sympathy for people who cause their own serious illnesses.",
            "I become irritated when someone cries.",
            "I am not really interested in how other people feel.",
            "I get a strong urge to help when I see someone who is upset.",
            "When I see someone being treated unfairly, I do not feel very much pity for them.",
            "I find it silly for people to cry out of happiness.",
            "When I see someone being taken advantage of, I feel kind of protective towards him or her.");

    /** The reverse-scored items, numbered from 1. */
    public static final Set<Integer> REVERSED = Set.of(2, 4, 7, 10, 11, 12, 14, 15);

    /** The answers' labels, from code -2 (Never) to 2 (Always). */
    public static final List<String> ANSWERS = List.of("Never", "Rarely", "Sometimes", "Often", "Always");

    /** The lowest answer code (Never); the highest (Always) is {@code -LOWEST}. */
    public static final int LOWEST = -2;

    private TorontoEmpathyQuestionnaire() {
    }

    /**
     * The TEQ score of 16 answers coded -2 (Never) to 2 (Always) in item order: 0 to 64.
     *
     * @throws IllegalArgumentException when there are not 16 answers or one is off the scale
     */
    public static int score(List<Integer> answers) {
        Objects.requireNonNull(answers, "answers");
        if (answers.size() != ITEMS.size()) {
            throw new IllegalArgumentException("the TEQ has " + ITEMS.size() + " answers, got " + answers.size());
        }
        int total = 0;
        for (int i = 0; i < answers.size(); i++) {
            int a = answers.get(i);
            if (a < LOWEST || a > -LOWEST) {
                throw new IllegalArgumentException("TEQ answer " + (i + 1) + " must be between " + LOWEST + " and "
                        + -LOWEST + ", was " + a);
            }
            total += REVERSED.contains(i + 1) ? -LOWEST - a : a - LOWEST;
        }
        return total;
    }
}
