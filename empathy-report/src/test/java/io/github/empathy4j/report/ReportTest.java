package io.github.empathy4j.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.empathy4j.core.Emotion;
import io.github.empathy4j.core.Rating;
import io.github.empathy4j.stats.AnalysisOptions;
import io.github.empathy4j.stats.PublishedResults;
import io.github.empathy4j.stats.StudyAnalysis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class ReportTest {

    @TempDir
    Path dir;

    /** Three dialogues per emotion; "rater:x" rates Good more often than human. */
    private static StudyAnalysis analysis() {
        List<Rating> ratings = new ArrayList<>();
        Map<String, Emotion> emotions = new HashMap<>();
        int[] human = {1, 2, 3};
        int[] other = {2, 3, 3};
        for (Emotion e : Emotion.values()) {
            for (int i = 0; i < 3; i++) {
                String id = e.label() + i;
                emotions.put(id, e);
                ratings.add(new Rating("human", id, "j", "study", "empathy", human[i], null, null));
                ratings.add(new Rating("rater:x", id, "j", "study", "empathy", other[i], null, null));
            }
        }
        return StudyAnalysis.of(ratings, emotions::get, AnalysisOptions.study().withBootstrap(50, 1));
    }

    @Test
    void writesTheDocumentsAndCharts() throws IOException {
        List<Path> files = Report.write(analysis(), "Test report", dir);

        assertThat(files).extracting(f -> f.getFileName().toString()).containsExactly("report.md", "report.html",
                "report.json", "ratings.png", "share.png", "valence.png", "emotions-rater-x-727ad4dc.png");
        for (Path png : files.subList(3, files.size())) {
            BufferedImage image = ImageIO.read(png.toFile());
            assertThat(image.getWidth()).as(png.toString()).isGreaterThanOrEqualTo(800);
        }
        JsonNode json = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        assertThat(json.path("baseline").asText()).isEqualTo("human");
        assertThat(json.path("emotions")).hasSize(32);
    }

    @Test
    void theHtmlIsSelfContained() throws IOException {
        Report.write(analysis(), "Test <report>", dir);
        String html = Files.readString(dir.resolve("report.html"));

        assertThat(html).startsWith("<!DOCTYPE html>").contains("<title>Test &lt;report&gt;</title>", "<style>")
                .doesNotContain("<link", "<script", "url(", "http://", "https://");
        Matcher sources = Pattern.compile("(?:src|href)=\"([^\"]*)\"").matcher(html);
        int images = 0;
        while (sources.find()) {
            String source = sources.group(1);
            assertThat(source).startsWith("data:image/png;base64,");
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder()
                    .decode(source.substring("data:image/png;base64,".length()))));
            assertThat(image).isNotNull();
            images++;
        }
        assertThat(images).isEqualTo(4);
        assertThat(html).contains("<h3>Overall (96 dialogues)</h3>", "By emotion: rater:x vs human", "Method");
    }

    @Test
    void warningsStandAtTheTopOfBothDocuments() throws IOException {
        Report.write(analysis(), "Test report", null, List.of("6 of 64 ratings failed <see rating-failures.jsonl>"), dir);
        String markdown = Files.readString(dir.resolve("report.md"));
        String html = Files.readString(dir.resolve("report.html"));

        assertThat(markdown).startsWith("# Test report\n\n> **Warning:** 6 of 64 ratings failed"
                + " <see rating-failures.jsonl>\n\n96 dialogues;");
        assertThat(html).contains("<h1>Test report</h1>\n<p class=\"warning\"><strong>Warning:</strong> 6 of 64"
                + " ratings failed &lt;see rating-failures.jsonl&gt;</p>\n<p>96 dialogues;");
        Report.write(analysis(), "Test report", dir);
        assertThat(Files.readString(dir.resolve("report.md"))).doesNotContain("Warning");
    }

    @Test
    void theMarkdownLinksTheChartsBesideIt() throws IOException {
        Report.write(analysis(), "Test report", dir);
        String markdown = Files.readString(dir.resolve("report.md"));

        Matcher links = Pattern.compile("!\\[[^]]*]\\(([^)]+)\\)").matcher(markdown);
        List<String> targets = new ArrayList<>();
        while (links.find()) {
            targets.add(links.group(1));
        }
        // printf rater:x | sha256sum: 727ad4dc...
        assertThat(targets).containsExactly("ratings.png", "share.png", "valence.png",
                "emotions-rater-x-727ad4dc.png");
        assertThat(targets).allMatch(t -> Files.isRegularFile(dir.resolve(t)));
        assertThat(markdown).startsWith("# Test report\n\n96 dialogues; conditions human, rater:x (baseline human)")
                .contains("| rater:x | 96 | 0 | 32 | 64 | 66.67% |");
    }

    @Test
    void theReportSaysWhoRatedWhatAndShowsUntestableGroups() throws IOException {
        List<Rating> ratings = new ArrayList<>();
        Map<String, Emotion> emotions = new HashMap<>();
        for (Emotion e : List.of(Emotion.AFRAID, Emotion.PROUD)) {
            for (int i = 0; i < 3; i++) {
                String id = e.label() + i;
                emotions.put(id, e);
                ratings.add(new Rating("human", id, "openai:gpt-4o", "study", "empathy", 2, null, null));
                if (e == Emotion.AFRAID) {
                    ratings.add(new Rating("gpt-4", id, "openai:gpt-4o", "study", "empathy", 3, null, null));
                }
            }
        }
        StudyAnalysis analysis = StudyAnalysis.of(ratings, emotions::get, AnalysisOptions.study().withBootstrap(0, 1));
        RunDescription run = new RunDescription("EmpatheticDialogues test split", 6, "ab12", 6, 7L,
                new java.util.LinkedHashMap<>(Map.of("human", "")));

        Report.write(analysis, "Who rated", run, List.of(), dir);

        String markdown = Files.readString(dir.resolve("report.md"));
        assertThat(markdown).contains("Rated by LLM judge openai:gpt-4o (human, gpt-4), one rating per reply.",
                "Dataset: EmpatheticDialogues test split (6 dialogues, a sample of 6 with seed 7, sha256 ab12)",
                "Untestable groups (shown with their counts): positive (condition 'gpt-4' has no ratings), proud"
                        + " (condition 'gpt-4' has no ratings).", "### Positive emotions (3 dialogues), untestable", "| proud | positive | 0 | 0.00% | n/a | untestable |");
        JsonNode json = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        assertThat(json.path("run").path("sha256").asText()).isEqualTo("ab12");
        assertThat(json.path("raters").get(0).path("source").asText()).isEqualTo("openai:gpt-4o");
        assertThat(json.path("emotions").get(1).path("untestable").asText())
                .isEqualTo("condition 'gpt-4' has no ratings");
    }

    @Test
    void aCountBasedAnalysisHasNoStackedBarsForIncompleteCounts() {
        StudyAnalysis published = StudyAnalysis.ofCounts(PublishedResults.counts(), AnalysisOptions.study());

        List<Path> files = Report.write(published, "Published", dir);

        assertThat(files).extracting(f -> f.getFileName().toString()).containsExactly("report.md", "report.html",
                "report.json", "share.png", "valence.png");
    }

    /** Six conditions with realistic names, the baseline first. */
    private static StudyAnalysis sixConditions(String... names) {
        List<Rating> ratings = new ArrayList<>();
        Map<String, Emotion> emotions = new HashMap<>();
        for (Emotion e : Emotion.values()) {
            for (int i = 0; i < 3; i++) {
                String id = e.label() + i;
                emotions.put(id, e);
                for (int c = 0; c < names.length; c++) {
                    ratings.add(new Rating(names[c], id, "j", "study", "empathy", 1 + (i + c + e.ordinal()) % 3, null,
                            null));
                }
            }
        }
        return StudyAnalysis.of(ratings, emotions::get, AnalysisOptions.study().withBaseline(names[0]));
    }

    @Test
    void chartFileNamesAreDistinctAndShortForAnyConditionNames() throws IOException {
        String long300 = "a-very-long-condition-".repeat(14).substring(0, 300);
        StudyAnalysis analysis = sixConditions("human", "a/b", "a b", "A-B", "llama3.1:8b", "llama3.1-8b", long300);

        List<Path> files = Report.write(analysis, "Names", dir);

        List<String> charts = files.stream().map(f -> f.getFileName().toString())
                .filter(f -> f.startsWith("emotions-")).toList();
        assertThat(charts).hasSize(6).doesNotHaveDuplicates().contains("emotions-llama3.1-8b.png")
                .allSatisfy(name -> assertThat(name.length()).isLessThan(100));
        assertThat(Files.readString(dir.resolve("report.md")))
                .contains("![" + charts.get(0) + "](" + charts.get(0) + ")");
    }

    @Test
    void chartsOfAnEarlierReportThatAreGoneAreDeletedButNothingElse() throws IOException {
        Report.write(sixConditions("human", "x", "y"), "First", dir);
        Path own = Files.writeString(dir.resolve("notes.png"), "mine");
        assertThat(dir.resolve("emotions-y.png")).exists();

        Report.write(sixConditions("human", "x"), "Second", dir);

        assertThat(dir.resolve("emotions-y.png")).doesNotExist();
        assertThat(dir.resolve("emotions-x.png")).exists();
        assertThat(own).exists();
    }

    @Test
    void conditionLabelsSlantWhenTheyWouldOverlap() throws IOException {
        Report.write(sixConditions("human", "release:gpt-4-plain", "llama3.1:8b", "gemini-1.5-pro-latest",
                "mistral-large-latest", "openai:gpt-4o-2024-08-06"), "Six", dir);
        BufferedImage six = ImageIO.read(dir.resolve("ratings.png").toFile());
        Report.write(sixConditions("human", "gpt-4"), "Two", dir);
        BufferedImage two = ImageIO.read(dir.resolve("ratings.png").toFile());

        // drawn with the labels at 45 degrees below a plot as tall as the one of short labels side by side
        // (looked at: /tmp renders of both, labels readable and apart)
        assertThat(two.getHeight()).isEqualTo(480);
        assertThat(six.getHeight()).isGreaterThan(480 + 100);
    }
}
