package io.github.empathy4j.examples;

import io.github.empathy4j.adapters.ChatModelJudge;
import io.github.empathy4j.adapters.ModelProviders;
import io.github.empathy4j.core.dataset.Datasets;
import io.github.empathy4j.core.dataset.DialogueSet;
import io.github.empathy4j.core.dataset.ErrorPolicy;
import io.github.empathy4j.core.prompt.PromptTemplate;
import io.github.empathy4j.core.rating.RatingScale;
import io.github.empathy4j.core.run.Condition;
import io.github.empathy4j.core.run.RatingResult;
import io.github.empathy4j.core.run.RatingRun;
import io.github.empathy4j.core.run.Run;
import io.github.empathy4j.core.run.RunResult;
import io.github.empathy4j.stats.AnalysisOptions;
import io.github.empathy4j.stats.Comparison;
import io.github.empathy4j.stats.StudyAnalysis;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Evaluates one model with an LLM judge, in ten lines: a sample of 32 dialogues (one per emotion) answered by the
 * dataset's listeners and by the model, both rated blind by the judge, then compared. Everything is journaled in
 * the run folder, and a re-run resumes.
 *
 * <pre>java -cp empathy-examples/target/empathy.jar io.github.empathy4j.examples.EvaluateModel DATASET MODEL JUDGE OUT</pre>
 */
public final class EvaluateModel {

    private EvaluateModel() {
    }

    /** Arguments: the dataset file, the model's spec or preset (such as {@code gpt-4}), the judge's spec, the run folder. */
    public static void main(String[] args) {
        DialogueSet dialogues = Datasets.read(Path.of(args[0]), ErrorPolicy.STRICT).value().sample(32, 7);
        ModelProviders providers = ModelProviders.load();
        Path out = Path.of(args[3]);
        RunResult answered = Run.builder().outputDirectory(out).dialogues(dialogues.dialogues())
                .condition(Condition.humanReference())
                .condition(providers.condition("model", args[1], PromptTemplate.defaultTemplate())).build().execute();
        ChatModelJudge judge = ChatModelJudge.of(providers, args[2]);
        RatingResult rated = RatingRun.builder().outputDirectory(out).dialogues(dialogues.dialogues())
                .repliesFrom(answered.journal()).rater(judge.name(), judge).build().execute();
        StudyAnalysis analysis = StudyAnalysis.of(rated.ratings().toList(), id -> dialogues.find(id).orElseThrow().emotion(),
                AnalysisOptions.of(RatingScale.STUDY, "human"));
        Comparison c = analysis.overall().comparison("model");
        System.out.printf(Locale.ROOT, "model vs human, judged by %s: Good %+.1f points, chi2 %.2f, p %.3g%n",
                judge.name(), 100 * c.shareDifference(), c.yates().statistic(), c.yates().p().raw());
    }
}
