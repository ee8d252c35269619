package io.github.empathy4j.examples;

import io.github.empathy4j.adapters.ChatModelJudge;
import io.github.empathy4j.adapters.ModelProviders;
import io.github.empathy4j.adapters.ModelSpec;
import io.github.empathy4j.core.EmpathyException;
import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.dataset.DialogueSet;
import io.github.empathy4j.core.dataset.ReleaseDataset;
import io.github.empathy4j.core.prompt.PromptTemplate;
import io.github.empathy4j.core.rating.RatingScale;
import io.github.empathy4j.core.run.RatingResult;
import io.github.empathy4j.core.run.RatingRun;
import io.github.empathy4j.core.run.Run;
import io.github.empathy4j.core.run.RunResult;
import io.github.empathy4j.stats.AnalysisOptions;
import io.github.empathy4j.stats.Comparison;
import io.github.empathy4j.stats.Counts;
import io.github.empathy4j.stats.PublishedResults;
import io.github.empathy4j.stats.StudyAnalysis;
import io.github.empathy4j.stats.StudyCounts;
import io.github.empathy4j.stats.agreement.Calibration;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The study's promise, end to end: add a new model to the stored baseline. It answers the release's dialogues
 * with the new model, rates its replies and the release's stored human and GPT-4 replies with an LLM judge, and
 * compares them with the release's crowd ratings and with the published counts of all five conditions.
 *
 * <pre>java -cp empathy.jar io.github.empathy4j.examples.NewModelEvaluation \
 *     ../shared/data/welivita-pu-2024/dataset_and_ratings.csv ollama:llama3:70b openai:gpt-4o [sample] [folder]</pre>
 *
 * <p>The optional sample size draws a seeded sample balanced over emotions (all 2,000 dialogues by default); the
 * folder (default {@code runs/new-model}) holds the run and its ratings, and running again resumes. The judge rates
 * the stored replies too, so the new model is compared with humans and GPT-4 by the same rater; its agreement with
 * the crowd on the stored replies says how far to trust it. To rate with a crowd instead, export the run's batches
 * and import the returned ratings ({@code empathy batches export|import}).
 */
public final class NewModelEvaluation {

    /** The seed of the sample. */
    static final long SEED = 2024;

    private static final RatingScale.Dimension DIMENSION = RatingScale.STUDY.single();
    private static final List<String> STORED = List.of(ReleaseDataset.HUMAN, ReleaseDataset.GPT_4);

    private NewModelEvaluation() {
    }

    /**
     * One line of the table: a condition's rating counts by one source.
     *
     * @param condition the condition
     * @param ratedBy {@code crowd (release)}, {@code judge} or {@code published}
     * @param n ratings
     * @param levels Bad, Okay and Good counts, or {@code null} where only Good is known
     * @param good the Good count
     */
    record Row(String condition, String ratedBy, long n, List<Long> levels, long good) {
    }

    /**
     * What the evaluation found.
     *
     * @param condition the new model's condition name
     * @param rows the table
     * @param versusHuman the new model against humans, both rated by the judge
     * @param calibration the judge against the crowd on the stored replies
     * @param failures answers and ratings that failed (a re-run tries them again)
     */
    record Evaluation(String condition, List<Row> rows, Comparison versusHuman, Calibration calibration,
            int failures) {
    }

    /** Runs the evaluation: release path, model spec, judge spec, optional sample size and folder. */
    public static void main(String[] args) {
        if (args.length < 3) {
            System.err.println("usage: NewModelEvaluation RELEASE_CSV MODEL_SPEC JUDGE_SPEC [SAMPLE_SIZE] [FOLDER]");
            System.exit(2);
        }
        try {
            int sample = args.length > 3 ? Integer.parseInt(args[3]) : 0;
            Path folder = Path.of(args.length > 4 ? args[4] : "runs/new-model");
            Evaluation evaluation = evaluate(Path.of(args[0]), args[1], args[2], sample, folder, ModelProviders.load(),
                    8);
            print(evaluation, System.out);
        } catch (EmpathyException | IllegalArgumentException e) {
            System.err.println("empathy: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * Answers, rates and compares.
     *
     * @param sample the sample size, or 0 for every dialogue
     */
    static Evaluation evaluate(Path releaseFile, String modelSpec, String judgeSpec, int sample, Path folder,
            ModelProviders providers, int concurrency) {
        ReleaseDataset release = ReleaseDataset.read(releaseFile);
        DialogueSet dialogues = sample > 0 ? release.dialogues().sample(sample, SEED) : release.dialogues();
        Set<String> ids = Set.copyOf(dialogues.ids());

        ModelSpec spec = ModelSpec.parse(modelSpec);
        String name = ReleaseDataset.CONDITIONS.contains(spec.model()) ? spec.model() + "-new" : spec.model();
        PromptTemplate template = PromptTemplate.defaultTemplate();
        Run.Builder run = Run.builder().outputDirectory(folder).dialogues(dialogues.dialogues())
                .dataset("Welivita & Pu (2024) release " + releaseFile.getFileName()).concurrency(concurrency)
                .condition(providers.condition(name, modelSpec, template));
        if (sample > 0) {
            run.sample(SEED, sample);
        }
        RunResult answered = run.build().execute();

        List<Reply> replies = new ArrayList<>(answered.replies().toList());
        STORED.forEach(c -> release.replies(c).stream().filter(r -> ids.contains(r.dialogueId()))
                .forEach(replies::add));
        ChatModelJudge judge = ChatModelJudge.of(providers, judgeSpec);
        RatingResult rated = RatingRun.builder().outputDirectory(folder).dialogues(dialogues.dialogues())
                .replies(replies).rater(judge.name(), judge).seed(SEED).concurrency(concurrency).build().execute();

        List<Rating> crowd = release.ratings().stream()
                .filter(r -> ids.contains(r.dialogueId()) && STORED.contains(r.condition())).toList();
        List<Rating> judged = rated.ratings().toList();
        List<Row> rows = new ArrayList<>();
        STORED.forEach(c -> rows.add(row(c, "crowd (release)", crowd)));
        Map<String, Counts> judgeCounts = new LinkedHashMap<>();
        for (String c : List.of(ReleaseDataset.HUMAN, ReleaseDataset.GPT_4, name)) {
            Row row = row(c, "judge", judged);
            rows.add(row);
            judgeCounts.put(c, Counts.of(row.levels().get(0), row.levels().get(1), row.levels().get(2)));
        }
        Map<String, Counts> published = PublishedResults.counts().overall();
        published.forEach((c, counts) -> rows.add(new Row(c, "published", counts.total(), counts.levels(),
                counts.levels() == null ? counts.successes() : counts.levels().get(2))));
        Comparison versusHuman = StudyAnalysis.ofCounts(StudyCounts.of(judgeCounts), AnalysisOptions.study())
                .overall().comparison(name);
        Calibration calibration = Calibration.of(crowd, judged.stream()
                .filter(r -> STORED.contains(r.condition())).toList(), DIMENSION);
        return new Evaluation(name, rows, versusHuman, calibration, answered.failed() + rated.failures().size());
    }

    private static Row row(String condition, String ratedBy, List<Rating> ratings) {
        long[] counts = new long[3];
        ratings.stream().filter(r -> r.condition().equals(condition)).forEach(r -> counts[r.value() - 1]++);
        return new Row(condition, ratedBy, counts[0] + counts[1] + counts[2], List.of(counts[0], counts[1], counts[2]),
                counts[2]);
    }

    /** Prints the table, the new model against humans, and the judge against the crowd. */
    static void print(Evaluation e, PrintStream out) {
        out.printf(Locale.ROOT, "%-24s %-16s %6s %6s %6s %6s %7s%n", "condition", "rated by", "n", "Bad", "Okay",
                "Good", "Good %");
        for (Row r : e.rows()) {
            String[] levels = r.levels() == null ? new String[] {"-", "-", Long.toString(r.good())}
                    : r.levels().stream().map(String::valueOf).toArray(String[]::new);
            out.printf(Locale.ROOT, "%-24s %-16s %6d %6s %6s %6s %6.1f%%%n", r.condition(), r.ratedBy(), r.n(),
                    levels[0], levels[1], levels[2], r.n() == 0 ? Double.NaN : 100.0 * r.good() / r.n());
        }
        Comparison c = e.versusHuman();
        out.printf(Locale.ROOT, "%n%s vs human (both rated by the judge): Good %+.1f points, chi-square (Yates) %.2f, "
                + "p %.3g%n", e.condition(), 100 * c.shareDifference(), c.yates().statistic(), c.yates().p().raw());
        Calibration k = e.calibration();
        out.printf(Locale.ROOT, "judge vs crowd on the stored replies: %d units, alpha (ordinal) %.3f, kappa "
                + "(quadratic) %.3f; conditions in the same order by mean: %s (crowd %s, judge %s)%n",
                k.agreement().units(), k.agreement().alphaOrdinal(), k.agreement().quadraticKappa(),
                k.sameOrderByMean() ? "yes" : "no", String.join(" > ", k.crowdOrderByMean()),
                String.join(" > ", k.judgeOrderByMean()));
        if (e.failures() > 0) {
            out.printf(Locale.ROOT, "%d answers or ratings failed; run again to retry them%n", e.failures());
        }
    }
}
