package io.github.empathy4j.examples;

import io.github.empathy4j.adapters.ModelProviders;
import io.github.empathy4j.core.dataset.Datasets;
import io.github.empathy4j.core.dataset.DialogueSet;
import io.github.empathy4j.core.dataset.ErrorPolicy;
import io.github.empathy4j.core.prompt.PromptTemplate;
import io.github.empathy4j.core.run.Condition;
import io.github.empathy4j.core.run.Run;
import io.github.empathy4j.core.run.RunResult;

import java.nio.file.Path;
import java.util.Map;

/**
 * Evaluates one model against the human replies: a sample of 32 dialogues (one per emotion) answered by the
 * dataset's listeners and by the model, journaled in a run folder that a re-run resumes.
 *
 * <pre>java -cp empathy-examples/target/empathy.jar io.github.empathy4j.examples.EvaluateModel DATASET SPEC OUT</pre>
 */
public final class EvaluateModel {

    private EvaluateModel() {
    }

    /** Arguments: the dataset file, the model spec or preset (such as {@code gpt-4}), the run folder. */
    public static void main(String[] args) {
        DialogueSet dialogues = Datasets.read(Path.of(args[0]), ErrorPolicy.STRICT).value().sample(32, 7);
        PromptTemplate template = PromptTemplate.defaultTemplate();
        RunResult result = Run.builder()
                .outputDirectory(Path.of(args[2]))
                .dialogues(dialogues.dialogues())
                .condition(Condition.humanReference())
                .condition(new Condition("model", args[1], Map.of(), template,
                        ModelProviders.load().respondent(args[1], template)))
                .build()
                .execute();
        System.out.printf("%d replies, %d failed, in %s%n", result.replies().size(), result.failed(), args[2]);
    }
}
