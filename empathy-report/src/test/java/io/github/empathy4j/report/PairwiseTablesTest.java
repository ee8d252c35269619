package io.github.empathy4j.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.empathy4j.stats.PairwiseAnalysis;
import io.github.empathy4j.stats.PairwiseVerdict;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PairwiseTablesTest {

    /** gpt-4 against human on 12 dialogues: both orders A on 0..6, B on 7..8, a flip (A then B) on 9..11. */
    private static PairwiseAnalysis analysis() {
        List<PairwiseVerdict> verdicts = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            PairwiseVerdict.Verdict first = i < 7 || i >= 9 ? PairwiseVerdict.Verdict.A : PairwiseVerdict.Verdict.B;
            PairwiseVerdict.Verdict second = i < 7 ? PairwiseVerdict.Verdict.A : PairwiseVerdict.Verdict.B;
            verdicts.add(new PairwiseVerdict("d" + i, "gpt-4", "human", true, "judge", first));
            verdicts.add(new PairwiseVerdict("d" + i, "gpt-4", "human", false, "judge", second));
        }
        return PairwiseAnalysis.of(verdicts, "human", 0.95, 200, 1);
    }

    @Test
    void showsWinsStrengthsAndPositionBias() {
        List<Table> tables = PairwiseTables.all(analysis());
        assertThat(tables).extracting(Table::title).containsExactly("Pairwise against human, judged by judge",
                "Bradley-Terry strengths", "Position bias of judge");
        // 7 wins, 3 ties (the flips), 2 losses; R: binom.test(7, 9)$p.value -> 0.1796875
        assertThat(tables.get(0).rows().get(0)).containsExactly("gpt-4", "12", "7", "3", "2", "58.3% [32.0, 80.7]",
                "16.7% [4.7, 44.8]", "3", "0.1797");
        // 8.5 wins of 12 (ties half): log(8.5 / 3.5) -> R: log(8.5 / 3.5) = 0.88730319500090271
        assertThat(tables.get(1).rows().get(1).get(1)).isEqualTo("+0.887");
        // R: prop.test(3, 12, correct = FALSE)$conf.int -> 0.08894167 0.53230533
        assertThat(tables.get(2).rows().get(0).subList(0, 4)).containsExactly("12", "3", "3", "25.0% [8.9, 53.2]");
    }
}
