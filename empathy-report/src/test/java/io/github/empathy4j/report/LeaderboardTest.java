package io.github.empathy4j.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.empathy4j.core.Emotion;
import io.github.empathy4j.core.Rating;
import io.github.empathy4j.stats.AnalysisOptions;
import io.github.empathy4j.stats.PairwiseAnalysis;
import io.github.empathy4j.stats.PairwiseVerdict;
import io.github.empathy4j.stats.StudyAnalysis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The leaderboard's pairwise column, filled from a run's {@link PairwiseAnalysis}. */
class LeaderboardTest {

    @TempDir
    Path dir;

    /** 32 dialogues: human Good on even ones, gpt-4 on three of four. */
    private static StudyAnalysis analysis() {
        List<Rating> ratings = new ArrayList<>();
        Map<String, Emotion> emotions = new HashMap<>();
        for (int i = 0; i < 32; i++) {
            String id = "d" + i;
            emotions.put(id, Emotion.values()[i]);
            ratings.add(new Rating("human", id, "j", "study", "empathy", i % 2 == 0 ? 3 : 2, null, null));
            ratings.add(new Rating("gpt-4", id, "j", "study", "empathy", i % 4 != 3 ? 3 : 1, null, null));
        }
        return StudyAnalysis.of(ratings, emotions::get, AnalysisOptions.study().withBootstrap(0, 1));
    }

    /** gpt-4 wins both orders on d0..d2, loses both on d3, ties on d4. */
    private static List<PairwiseVerdict> verdicts(boolean gptAlwaysWins) {
        List<PairwiseVerdict> verdicts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            PairwiseVerdict.Verdict v = gptAlwaysWins || i < 3 ? PairwiseVerdict.Verdict.A
                    : i == 3 ? PairwiseVerdict.Verdict.B : PairwiseVerdict.Verdict.TIE;
            verdicts.add(new PairwiseVerdict("d" + i, "gpt-4", "human", true, "j", v));
            verdicts.add(new PairwiseVerdict("d" + i, "gpt-4", "human", false, "j", v));
        }
        return verdicts;
    }

    @Test
    void theStrengthColumnIsFilledFromThePairwiseAnalysis() throws IOException {
        PairwiseAnalysis pairwise = PairwiseAnalysis.of(verdicts(false), "human", 0.95, 0, 1);
        Leaderboard board = Leaderboard.of(List.of(new Leaderboard.Run("r", analysis(), Optional.of(pairwise))),
                List.of(), List.of());

        Leaderboard.Entry gpt = board.entries().get(0);
        assertThat(gpt.condition()).isEqualTo("gpt-4");
        // 3.5 wins of 5 against human (a tie half each), whose MLE is the log odds: R log(3.5 / 1.5)
        //   -> 0.84729786038720367 (glm(cbind(3.5, 1.5) ~ 1, binomial) stops at 0.84729786038484511)
        assertThat(gpt.strength().logStrength()).isCloseTo(0.84729786038720367, org.assertj.core.data.Offset
                .offset(1e-12));
        assertThat(board.entries().get(1).strength().logStrength()).isZero();
        Table table = board.tables().get(0);
        assertThat(table.headers()).contains("strength");
        assertThat(table.rows().get(0)).contains("+0.847 ");
        board.write(dir, "Leaderboard");
        assertThat(Files.readString(dir.resolve(Leaderboard.MARKDOWN))).contains("| strength |");
    }

    @Test
    void aStrengthWithoutFiniteEstimateIsANoteNotANumber() {
        PairwiseAnalysis pairwise = PairwiseAnalysis.of(verdicts(true), "human", 0.95, 0, 1);
        Leaderboard board = Leaderboard.of(List.of(new Leaderboard.Run("r", analysis(), Optional.of(pairwise))),
                List.of(), List.of());
        assertThat(board.entries()).allMatch(e -> e.strength() == null);
        assertThat(board.notes()).singleElement().asString().startsWith("r: no finite Bradley-Terry estimate");
        assertThat(board.tables().get(0).headers()).doesNotContain("strength");
    }

    @Test
    void aPairwiseAnalysisOfAnotherBaselineIsRejected() {
        PairwiseAnalysis pairwise = PairwiseAnalysis.of(verdicts(false), "gpt-4", 0.95, 0, 1);
        assertThatThrownBy(() -> new Leaderboard.Run("r", analysis(), Optional.of(pairwise)))
                .hasMessageContaining("pairwise baseline gpt-4 is not the analysis' baseline human");
    }
}
