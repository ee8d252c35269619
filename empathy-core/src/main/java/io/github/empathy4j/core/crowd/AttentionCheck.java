package io.github.empathy4j.core.crowd;

import io.github.empathy4j.core.ConfigurationException;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A rule that keeps only participants who passed an attention check: an answer column of the returned
 * ratings and the values that pass, written {@code column=value} or {@code column=value|value}, such
 * as {@code check1=3}. A participant passes when the column holds a value on at least one of their rows
 * and every value it holds is one of the expected ones (compared after stripping, ignoring case).
 *
 * @param column the answer column's name
 * @param expected the values that pass
 */
public record AttentionCheck(String column, Set<String> expected) {

    public AttentionCheck {
        Objects.requireNonNull(column, "column");
        expected = Set.copyOf(expected);
        if (column.isBlank() || expected.isEmpty()) {
            throw new ConfigurationException("an attention check needs a column and at least one expected value");
        }
    }

    /**
     * Parses {@code column=value|value}.
     *
     * @throws ConfigurationException naming the rule and the syntax
     */
    public static AttentionCheck parse(String rule) {
        Objects.requireNonNull(rule, "rule");
        int eq = rule.indexOf('=');
        List<String> values = eq < 0 ? List.of() : Arrays.stream(rule.substring(eq + 1).split("\\|"))
                .map(String::strip).filter(v -> !v.isEmpty()).toList();
        if (eq <= 0 || rule.substring(0, eq).isBlank() || values.isEmpty()) {
            throw new ConfigurationException("attention check '" + rule + "' is not valid; write column=value or "
                    + "column=value|value, such as check1=3");
        }
        return new AttentionCheck(rule.substring(0, eq).strip(), new LinkedHashSet<>(values));
    }

    /** Whether an answer is one of the expected values. */
    public boolean passes(String answer) {
        String a = answer.strip();
        return expected.stream().anyMatch(e -> e.equalsIgnoreCase(a));
    }

    @Override
    public String toString() {
        return column + "=" + String.join("|", expected.stream().sorted().toList());
    }
}
