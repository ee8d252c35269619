package io.github.empathy4j.core.batch;

import io.github.empathy4j.core.batch.BatchStatus.State;
import io.github.empathy4j.core.prompt.ChatMessage;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchTypesTest {

    private static final List<ChatMessage> MESSAGES = List.of(new ChatMessage(ChatMessage.Role.USER, "Hi"));

    @Test
    void customIdsFollowTheStrictestProvidersRule() {
        assertThat(new BatchRequest("gpt-4_0001-a", MESSAGES).customId()).isEqualTo("gpt-4_0001-a");
        assertThat(new BatchRequest("x".repeat(64), MESSAGES).customId()).hasSize(64);
        for (String bad : new String[] {"", "x".repeat(65), "condition:dialogue", "a b", "ü"}) {
            assertThatThrownBy(() -> new BatchRequest(bad, MESSAGES)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("custom id");
        }
        assertThatThrownBy(() -> new BatchRequest("a", List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyFinalStatesHaveEnded() {
        for (State state : State.values()) {
            boolean ended = state == State.COMPLETED || state == State.FAILED || state == State.EXPIRED
                    || state == State.CANCELLED;
            assertThat(new BatchStatus("b", state, 10, 3, 2, Optional.empty()).ended()).as(state.name())
                    .isEqualTo(ended);
        }
        assertThat(new BatchStatus("b", State.IN_PROGRESS, 10, 3, 2, Optional.empty()).pending()).isEqualTo(5);
        assertThat(new BatchStatus("b", State.VALIDATING, 0, 0, 0, Optional.empty()).pending()).isZero();
        assertThatThrownBy(() -> new BatchStatus("b", State.IN_PROGRESS, -1, 0, 0, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
