package io.github.empathy4j.examples.cli;

import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.rating.RatingScale;
import io.github.empathy4j.core.run.PairwiseJudgement;
import io.github.empathy4j.core.run.Preference;
import io.github.empathy4j.stats.LengthPreference;
import io.github.empathy4j.stats.PairwiseAnalysis;
import io.github.empathy4j.stats.PairwiseSelfPreference;
import io.github.empathy4j.stats.PairwiseVerdict;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/** A run's pairwise verdicts ({@code pairwise.jsonl}) as the statistics take them: one analysis per judge. */
final class PairwiseInputs {

    private static final Comparator<PairwiseJudgement> ORDER = Comparator.comparing(PairwiseJudgement::judge)
            .thenComparing(PairwiseJudgement::dialogueId).thenComparing(PairwiseJudgement::conditionA)
            .thenComparing(PairwiseJudgement::conditionB);

    private PairwiseInputs() {
    }

    /**
     * The analyses of a run's pairwise verdicts, one per judge in the order of their names, with notes on what was
     * left out.
     *
     * @param analyses one per judge whose verdicts include the baseline in a complete pair
     * @param lengths each analysed judge's length preference over the same verdicts, by judge
     * @param notes the pairs judged in one order only (left out: a pair counts only with both orders), and the
     *     judges left out because none of their complete pairs includes the baseline
     * @param complete each analysed judge's judgements of the pairs judged in both orders, by judge
     */
    record Judged(List<PairwiseAnalysis> analyses, Map<String, LengthPreference> lengths, List<String> notes,
            Map<String, List<PairwiseJudgement>> complete) {

        /**
         * Each analysed judge's self-preference against the crowd on the same pairs ({@link PairwiseSelfPreference}).
         * A judge's family and a condition's author are the {@code overrides} entry when there is one, else what the
         * journal recorded, else {@code fallback}'s.
         *
         * @param crowd the crowd's ratings on {@code dimension}
         * @param overrides families of judges and conditions given by the user ({@code --family}), by name
         * @param fallback a judge's or condition's family (or {@code human}) where the journal recorded none
         */
        List<PairwiseSelfPreference> selfPreference(List<Rating> crowd, RatingScale.Dimension dimension,
                Map<String, String> overrides, UnaryOperator<String> fallback, int resamples, long seed) {
            List<PairwiseSelfPreference> out = new ArrayList<>();
            for (PairwiseAnalysis a : analyses) {
                List<PairwiseJudgement> judgements = complete.get(a.judge());
                Map<String, String> authors = new LinkedHashMap<>();
                judgements.forEach(j -> {
                    if (j.authorA() != null) {
                        authors.putIfAbsent(j.conditionA(), j.authorA());
                    }
                    if (j.authorB() != null) {
                        authors.putIfAbsent(j.conditionB(), j.authorB());
                    }
                });
                a.conditions().forEach(c -> authors.put(c, overrides.getOrDefault(c,
                        authors.getOrDefault(c, fallback.apply(c)))));
                String recorded = judgements.stream().map(PairwiseJudgement::judgeFamily).filter(Objects::nonNull)
                        .findFirst().orElse(null);
                String family = overrides.getOrDefault(a.judge(), recorded != null ? recorded
                        : fallback.apply(a.judge()));
                out.add(PairwiseSelfPreference.of(judgements.stream().map(PairwiseInputs::verdict).toList(), family,
                        authors, crowd, dimension, JudgeInputs.CONFIDENCE, resamples, seed));
            }
            return out;
        }
    }

    /**
     * Analyses each judge's verdicts; {@code dialogues}, when not {@code null}, keeps only those dialogues' pairs. The
     * verdicts are sorted first (by judge, dialogue and conditions), so that judges and notes come in a fixed order
     * rather than the order calls finished in.
     */
    static Judged analyse(List<PairwiseJudgement> judgements, String baseline, int resamples, long seed,
            Set<String> dialogues) {
        Map<String, Map<List<String>, List<PairwiseJudgement>>> byJudge = new LinkedHashMap<>();
        List<PairwiseJudgement> ordered = judgements.stream().sorted(ORDER).toList();
        for (PairwiseJudgement j : ordered) {
            if (dialogues != null && !dialogues.contains(j.dialogueId())) {
                continue;
            }
            boolean sorted = j.conditionA().compareTo(j.conditionB()) < 0;
            List<String> pair = List.of(j.dialogueId(), sorted ? j.conditionA() : j.conditionB(),
                    sorted ? j.conditionB() : j.conditionA());
            byJudge.computeIfAbsent(j.judge(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(pair, k -> new ArrayList<>()).add(j);
        }
        List<PairwiseAnalysis> analyses = new ArrayList<>();
        Map<String, LengthPreference> lengths = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        Map<String, List<PairwiseJudgement>> complete = new LinkedHashMap<>();
        byJudge.forEach((judge, pairs) -> {
            List<PairwiseVerdict> verdicts = new ArrayList<>();
            List<PairwiseJudgement> both = new ArrayList<>();
            List<PairwiseJudgement> decided = new ArrayList<>();
            int oneOrder = 0;
            for (List<PairwiseJudgement> orders : pairs.values()) {
                if (orders.size() < 2) {
                    oneOrder++;
                    continue;
                }
                orders.forEach(o -> verdicts.add(verdict(o)));
                both.addAll(orders);
                orders.stream().filter(o -> o.winner() != null).forEach(decided::add);
            }
            if (oneOrder > 0) {
                notes.add(String.format(Locale.ROOT, "%s: %d pair(s) judged in one order only are left out (run"
                        + " 'empathy pairwise' again to complete them).", judge, oneOrder));
            }
            if (verdicts.stream().noneMatch(v -> v.conditionA().equals(baseline) || v.conditionB().equals(baseline))) {
                notes.add(judge + ": no pair with the baseline " + baseline + " judged in both orders; not analysed.");
                return;
            }
            analyses.add(PairwiseAnalysis.of(verdicts, baseline, JudgeInputs.CONFIDENCE, resamples, seed));
            complete.put(judge, List.copyOf(both));
            lengths.put(judge, LengthPreference.of(
                    decided.stream().mapToInt(o -> o.choice() == Preference.Choice.A ? o.wordsA() : o.wordsB()).toArray(),
                    decided.stream().mapToInt(o -> o.choice() == Preference.Choice.A ? o.wordsB() : o.wordsA()).toArray(),
                    JudgeInputs.CONFIDENCE));
        });
        return new Judged(analyses, lengths, notes, complete);
    }

    /** A journaled judgement as the statistics' verdict: A is the reply shown first. */
    static PairwiseVerdict verdict(PairwiseJudgement j) {
        return new PairwiseVerdict(j.dialogueId(), j.conditionA(), j.conditionB(), true, j.judge(),
                switch (j.choice()) {
                    case A -> PairwiseVerdict.Verdict.A;
                    case B -> PairwiseVerdict.Verdict.B;
                    case TIE -> PairwiseVerdict.Verdict.TIE;
                });
    }
}
