package io.github.empathy4j.stats;

import static io.github.empathy4j.stats.Near.near;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.empathy4j.core.Emotion;
import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.Valence;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The analysis of the study's released ratings (human, GPT-4 plain and GPT-4 with the empathy prompt). */
class ReleaseDataTest {

    private static final List<Rating> RATINGS = new ArrayList<>();
    private static final Map<String, Emotion> EMOTIONS = new HashMap<>();

    @BeforeAll
    static void read() throws IOException {
        String folder = System.getProperty("empathy.shared.data");
        Path csv = folder == null ? null : Path.of(folder, "welivita-pu-2024", "dataset_and_ratings.csv");
        assumeTrue(csv != null && Files.exists(csv), "shared data folder absent");
        List<List<String>> rows = parse(Files.readString(csv, StandardCharsets.UTF_8));
        List<String> header = rows.get(0);
        int id = header.indexOf("dialog_id");
        int emotion = header.indexOf("emotion");
        String[][] columns = {{"human", "rating_human"}, {"gpt-4-plain", "rating_chatgpt"},
            {"gpt-4", "rating_chatgpt_empathy"}};
        for (String[] column : columns) {
            int index = header.indexOf(column[1]);
            for (List<String> row : rows.subList(1, rows.size())) {
                EMOTIONS.put(row.get(id), Emotion.parse(row.get(emotion)));
                RATINGS.add(new Rating(column[0], row.get(id), "crowd", "study", "empathy",
                        Integer.parseInt(row.get(index)), null, null));
            }
        }
    }

    /** RFC 4180: quoted fields may hold commas, doubled quotes and line breaks. */
    private static List<List<String>> parse(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    field.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (ch == '\n' || ch == '\r') {
                if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else {
                field.append(ch);
            }
        }
        if (field.length() > 0 || !row.isEmpty()) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }

    @Test
    void reproducesTheStudyFromTheRawRatings() {
        StudyAnalysis analysis = StudyAnalysis.of(RATINGS, EMOTIONS::get, AnalysisOptions.study().withBootstrap(1000, 5));
        assertThat(analysis.conditions()).containsExactly("human", "gpt-4-plain", "gpt-4");
        GroupAnalysis overall = analysis.overall();
        assertThat(overall.dialogues()).isEqualTo(2000);
        assertThat(overall.condition("human").counts()).containsExactly(342L, 672L, 986L);
        assertThat(overall.condition("gpt-4").counts()).containsExactly(142L, 563L, 1295L);
        Comparison gpt4 = overall.comparison("gpt-4");
        assertThat(Math.round(gpt4.yates().statistic() * 100) / 100.0).isEqualTo(96.77);
        assertThat(Math.round(analysis.valence(Valence.POSITIVE).comparison("gpt-4").yates().statistic() * 100) / 100.0)
                .isEqualTo(64.10);
        assertThat(Math.round(analysis.valence(Valence.NEGATIVE).comparison("gpt-4").yates().statistic() * 100) / 100.0)
                .isEqualTo(36.78);
        assertThat(analysis.valence(Valence.POSITIVE).dialogues()).isEqualTo(881);
        assertThat(analysis.emotions()).hasSize(32);
        assertThat(gpt4.relativeIncreaseInterval().contains(0.313)).isTrue();
        assertThat(gpt4.relativeIncreaseInterval().lower()).isGreaterThan(0.2);
        // R: d <- read.csv(".../dataset_and_ratings.csv"); wilcox.test(d$rating_chatgpt_empathy, d$rating_human)
        //    -> W 2357561, p 1.9113995602377306e-28
        near(gpt4.mannWhitney().statistic(), 2357561);
        near(gpt4.mannWhitney().p().raw(), 1.9113995602377306e-28, 1e-6);
        // R: kruskal.test(list(h, p, g)) -> 154.60938884661115, df 2, p 2.6729927864787085e-34
        //    chisq.test(rbind(table(h), table(p), table(g))) -> 178.1216671167044, df 4, p 1.8875888102970717e-37
        near(overall.omnibus().kruskalWallis().statistic(), 154.60938884661115);
        near(overall.omnibus().kruskalWallis().p().raw(), 2.6729927864787085e-34, 1e-6);
        near(overall.omnibus().chiSquare().statistic(), 178.1216671167044);
        near(overall.omnibus().chiSquare().p().raw(), 1.8875888102970717e-37, 1e-6);
        // R: per-emotion Yates p of GPT-4 vs human, emotions sorted; afraid: raw 0.048077016283035311,
        //    p.adjust(ps, "holm")[1] -> 1, p.adjust(ps, "BH")[1] -> 0.12820537675476082
        PValues afraid = analysis.emotion(Emotion.AFRAID).comparison("gpt-4").yates().p();
        near(afraid.raw(), 0.048077016283035311);
        near(afraid.holm(), 1);
        near(afraid.benjaminiHochberg(), 0.12820537675476082);
        assertThat(afraid.familySize()).isEqualTo(32);
    }
}
