package io.github.empathy4j.adapters;

import io.github.empathy4j.core.rating.RatingScale;
import io.github.empathy4j.core.run.Score;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class JudgeAnswersTest {

    private static final RatingScale.Dimension STUDY = RatingScale.STUDY.single();

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"rationale": "Names the fear.", "rating": "Good"}                            | 3
            ```json\\n{"rating": "Okay", "rationale": "Generic."}\\n```                  | 2
            Sure! Here it is: {"rating": 1, "reason": "Dismissive."} Hope this helps.     | 1
            {"score": "3 (Good)"}                                                         | 3
            Rating: 3                                                                     | 3
            The listener is warm.\\n**Rating:** Good (3)                                  | 3
            Final rating = okay. It is about what I would say.                            | 2
            Good                                                                          | 3
            **Bad**.                                                                      | 1
            2                                                                             | 2
            Okay\\n\\nThe reply acknowledges the feeling but moves on.                    | 2
            """)
    void readsTheLevelOutOfJsonLabelledLinesAndBareLabels(String answer, int expected) {
        Optional<Score> score = JudgeAnswers.parse(answer.replace("\\n", "\n"), STUDY);
        assertThat(score).map(Score::value).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "I would say it is quite nice.",
        "Good question! Let me think about the listener's reply.",
        "{\"rating\": \"Excellent\", \"rationale\": \"Lovely.\"}",
        "{\"rating\": \"3 (Okay)\"}",
        "Rating: 4",
        "Rating: Good (2)",
        "It is somewhere between Okay and Good."})
    void neverGuesses(String answer) {
        assertThat(JudgeAnswers.parse(answer, STUDY)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"rationale": "Names the fear.", "rating": "Good"} | Names the fear.
            Rating: 2                                          | Rating: 2
            """)
    void keepsTheRationaleOrTheWholeAnswer(String answer, String rationale) {
        assertThat(JudgeAnswers.parse(answer, STUDY)).map(Score::rationale).contains(rationale);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            Very empathetic                                | 4
            {"rating": "Not at all empathetic"}            | 1
            Score: 5 - completely understands the feelings | 5
            """)
    void worksOnAnyScale(String answer, int expected) {
        assertThat(JudgeAnswers.parse(answer, RatingScale.LIKERT_5.single())).map(Score::value).contains(expected);
    }
}
