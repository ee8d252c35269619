package io.github.empathy4j.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LengthPreferenceTest {

    @Test
    void theLongerRepliesShareOfDecidedVerdictsOfDifferentLengthsWithWilsonAndTheExactBinomialTest() {
        // 14 verdicts chose the longer reply, 6 the shorter, 3 compared replies of equal length (left out)
        int[] chosen = new int[23];
        int[] other = new int[23];
        for (int i = 0; i < 23; i++) {
            chosen[i] = i < 14 ? 30 + i : i < 20 ? 5 : 12;
            other[i] = i < 14 ? 10 : i < 20 ? 40 + i : 12;
        }

        LengthPreference l = LengthPreference.of(chosen, other, 0.95);

        assertThat(l.decided()).isEqualTo(20);
        assertThat(l.longerWins()).isEqualTo(14);
        assertThat(l.longerWinShare().estimate()).isEqualTo(0.7);
        // R: prop.test(14, 20, correct = FALSE)$conf.int -> 0.48102718164647662 0.85452275513239562 (Wilson)
        assertThat(l.longerWinShare().interval().lower()).isCloseTo(0.48102718164647662, within(1e-12));
        assertThat(l.longerWinShare().interval().upper()).isCloseTo(0.85452275513239562, within(1e-12));
        // R: binom.test(14, 20)$p.value -> 0.11531829833984372
        assertThat(l.p()).isCloseTo(0.11531829833984372, within(1e-12));
    }

    @Test
    void noDecidedVerdictIsUndefinedAndBadInputIsNamed() {
        LengthPreference none = LengthPreference.of(new int[] {4}, new int[] {4}, 0.95);
        assertThat(none.decided()).isZero();
        assertThat(none.longerWinShare().estimate()).isNaN();
        assertThat(none.p()).isNaN();
        assertThatThrownBy(() -> LengthPreference.of(new int[] {1}, new int[] {}, 0.95))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 chosen and 0 other");
        assertThatThrownBy(() -> LengthPreference.of(new int[] {-1}, new int[] {2}, 0.95))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    }
}
