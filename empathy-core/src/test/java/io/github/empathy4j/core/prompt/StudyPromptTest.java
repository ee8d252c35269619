package io.github.empathy4j.core.prompt;

import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.dataset.ReleaseDataset;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/** Renders the study's own prompt file, verbatim, for a dialogue of the study's release. */
class StudyPromptTest {

    @Test
    void theStudysPromptRendersForAReleaseDialogue() throws Exception {
        Path shared = Path.of(System.getProperty("empathy.shared.data", "../shared/data"));
        assumeThat(shared).as("the shared reference data folder").isDirectory();
        Path study = shared.resolve("welivita-pu-2024");
        Path file = study.resolve("prompt-template.txt");
        Dialogue dialogue = ReleaseDataset.read(study.resolve("dataset_and_ratings.csv")).dialogues().dialogues().get(0);

        List<ChatMessage> messages = PromptTemplate.load(file).render(dialogue);

        String expected = Files.readString(file)
                .replace("{situation}", dialogue.situation())
                .replace("{speaker_utterance}", dialogue.speakerUtterance());
        assertThat(messages).containsExactly(new ChatMessage(ChatMessage.Role.USER, expected));
        assertThat(expected).startsWith("Empathy is the ability to understand and share the feelings of another person.")
                .contains("using on average 28 words and a maximum of 97 words.")
                .contains("Context: " + dialogue.situation() + " \nSpeaker Utterance: " + dialogue.speakerUtterance() + " \n")
                .endsWith("Response: \n");
    }
}
