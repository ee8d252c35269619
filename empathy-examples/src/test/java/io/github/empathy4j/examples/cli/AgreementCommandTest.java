package io.github.empathy4j.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.empathy4j.core.Rating;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class AgreementCommandTest {

    @TempDir
    Path dir;

    /**
     * Two raters, ten items, two categories; they disagree on items 5 and 10. By hand: observed agreement 0.8,
     * chance 0.5, Cohen's kappa 0.6 (with two categories every weighting gives the same); Krippendorff's alpha
     * 1 - (20 - 1) * 4 / (10 * 10 * 2) = 0.62.
     */
    private Path twoRaters() throws IOException {
        StringBuilder csv = new StringBuilder("item,rater,value\n");
        int[] a = {1, 1, 1, 1, 1, 2, 2, 2, 2, 2};
        int[] b = {1, 1, 1, 1, 2, 2, 2, 2, 2, 1};
        for (int i = 0; i < a.length; i++) {
            csv.append("d").append(i + 1).append(",alice,").append(a[i]).append('\n');
            csv.append("d").append(i + 1).append(",bob,").append(b[i]).append('\n');
        }
        return Files.writeString(dir.resolve("two.csv"), csv);
    }

    @Test
    void twoRatersGetCohensKappaAndTheConfusionMatrix() throws IOException {
        JsonNode json = Cli.run("agreement", twoRaters().toString(), "--format", "json").json();

        assertThat(json.path("items").asInt()).isEqualTo(10);
        assertThat(json.path("ratings").asInt()).isEqualTo(20);
        assertThat(json.path("raters").toString()).isEqualTo("[\"alice\",\"bob\"]");
        assertThat(json.path("categories").toString()).isEqualTo("[1,2]");
        assertThat(json.path("pair").path("kappa").asDouble()).isCloseTo(0.6, within(1e-12));
        assertThat(json.path("pair").path("quadraticKappa").asDouble()).isCloseTo(0.6, within(1e-12));
        assertThat(json.path("pair").path("confusion").path("counts").toString()).isEqualTo("[[4,1],[1,4]]");
        assertThat(json.path("alpha").path("nominal").asDouble()).isCloseTo(0.62, within(1e-12));
        assertThat(json.path("fleissKappa").isNumber()).isTrue();
    }

    @Test
    void textShowsTheMeasuresAndTheMatrix() throws IOException {
        Cli.Outcome outcome = Cli.run("agreement", twoRaters().toString());

        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.out()).contains("10 items, 2 raters, 20 ratings; values 1, 2")
                .containsPattern("Cohen's kappa +0\\.600").containsPattern("Krippendorff's alpha, nominal +0\\.620")
                .contains("alice \\ bob");
    }

    /** Three raters on four items, counts (3,0), (0,3), (2,1), (1,2): P-bar 2/3, P_e 1/2, Fleiss' kappa 1/3. */
    @Test
    void completeRatingsGetFleissKappaButNoPair() throws IOException {
        Path csv = Files.writeString(dir.resolve("three.csv"), """
                rater,item,value,comment
                r1,i1,1,x
                r2,i1,1,
                r3,i1,1,
                r1,i2,2,
                r2,i2,2,
                r3,i2,2,
                r1,i3,1,
                r2,i3,1,
                r3,i3,2,
                r1,i4,2,
                r2,i4,2,
                r3,i4,1,
                """);

        JsonNode json = Cli.run("agreement", csv.toString(), "--format", "json").json();

        assertThat(json.path("fleissKappa").asDouble()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(json.path("pair").isNull()).isTrue();
    }

    @Test
    void incompleteRatingsHaveNoFleissKappa() throws IOException {
        Path csv = Files.writeString(dir.resolve("gaps.csv"), "item,rater,value\na,x,1\na,y,2\na,z,2\nb,x,3\nb,y,3\n");

        JsonNode json = Cli.run("agreement", csv.toString(), "--format", "json").json();

        assertThat(json.path("fleissKappa").isNull()).isTrue();
        assertThat(json.path("alpha").path("ordinal").isNumber()).isTrue();
    }

    @Test
    void aBadValueIsReportedWithFileLineAndColumn() throws IOException {
        Path csv = Files.writeString(dir.resolve("bad.csv"), "item,rater,value\nd1,alice,3\nd1,bob,good\n");

        Cli.Outcome outcome = Cli.run("agreement", csv.toString());

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err()).startsWith("empathy: " + csv + ":3: column 'value': 'good' is not valid;");
    }

    @Test
    void aRepeatedRatingNamesBothLines() throws IOException {
        Path csv = Files.writeString(dir.resolve("twice.csv"),
                "item,rater,value\nd1,alice,3\nd2,alice,1\nd1,alice,2\n");

        Cli.Outcome outcome = Cli.run("agreement", csv.toString());

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err()).startsWith("empathy: " + csv + ":4: column 'rater': 'alice'").contains("line 2");
    }

    @Test
    void aMissingColumnIsReportedOnTheHeader() throws IOException {
        Path csv = Files.writeString(dir.resolve("header.csv"), "item,annotator,value\nd1,alice,3\n");

        Cli.Outcome outcome = Cli.run("agreement", csv.toString());

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err()).startsWith("empathy: " + csv + ":1: column 'rater':")
                .contains("the columns item, rater and value");
    }

    @Test
    void aShortLineIsReported() throws IOException {
        Path csv = Files.writeString(dir.resolve("short.csv"), "item,rater,value\nd1,alice,3\n\nd2,bob\n");

        Cli.Outcome outcome = Cli.run("agreement", csv.toString());

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err()).startsWith("empathy: " + csv + ":4: column 'value':");
    }

    @Test
    void aByteOrderMarkAsExcelWritesIsAccepted() throws IOException {
        Path csv = Files.writeString(dir.resolve("excel.csv"), "\uFEFF" + Files.readString(twoRaters()));

        Cli.Outcome outcome = Cli.run("agreement", csv.toString(), "--format", "json");

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(outcome.json().path("pair").path("kappa").asDouble()).isCloseTo(0.6, within(1e-12));
    }

    /**
     * The ratings of {@link #twoRaters()} in a run folder: alice is the judge, bob's ratings are the crowd's (two
     * participants, one batch each), so kappa 0.6 and alpha 0.62 as computed there; a third rater is left out with
     * --raters.
     */
    @Test
    void aRunsJudgeAgainstItsCrowd() throws IOException {
        Path run = Files.createDirectories(dir.resolve("run"));
        int[] a = {1, 1, 1, 1, 1, 2, 2, 2, 2, 2};
        int[] b = {1, 1, 1, 1, 2, 2, 2, 2, 2, 1};
        List<Rating> ratings = new ArrayList<>();
        for (int i = 0; i < a.length; i++) {
            String condition = i < 5 ? "human" : "echo";
            String dialogue = "d" + (i % 5);
            ratings.add(new Rating(condition, dialogue, "openai:gpt-4o", "study", "empathy", a[i], "ok", null));
            ratings.add(new Rating(condition, dialogue, "p" + (i / 5), "study", "empathy", b[i], null, "b" + (i / 5)));
            ratings.add(new Rating(condition, dialogue, "panel-majority", "study", "empathy", 3, null, null));
        }
        Cli.writeRatings(run.resolve("ratings.jsonl"), ratings);

        Cli.Outcome outcome = Cli.run("agreement", "--run", run.toString(), "--raters", "openai:gpt-4o,crowd",
                "--format", "json");

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        JsonNode json = outcome.json();
        assertThat(json.path("items").asInt()).isEqualTo(10);
        assertThat(json.path("raters").toString()).isEqualTo("[\"openai:gpt-4o\",\"crowd\"]");
        assertThat(json.path("pair").path("kappa").asDouble()).isCloseTo(0.6, within(1e-12));
        assertThat(json.path("alpha").path("nominal").asDouble()).isCloseTo(0.62, within(1e-12));
        Cli.Outcome all = Cli.run("agreement", "--run", run.toString());
        assertThat(all.out()).contains("10 items, 3 raters, 30 ratings");
    }

    @Test
    void aRunsUnknownRaterOrBothSourcesAreUsageErrors() throws IOException {
        Path run = Files.createDirectories(dir.resolve("run"));
        Cli.writeRatings(run.resolve("ratings.jsonl"), List.of(Cli.rating("human", "d1", 3)));

        Cli.Outcome unknown = Cli.run("agreement", "--run", run.toString(), "--raters", "judge,crowd");
        Cli.Outcome both = Cli.run("agreement", twoRaters().toString(), "--run", run.toString());
        Cli.Outcome neither = Cli.run("agreement");

        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("--raters names crowd, who rated nothing", "its raters: judge");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(neither.exitCode()).isEqualTo(2);
        assertThat(neither.err()).contains("either a CSV FILE or a run folder with --run");
    }

    @Test
    void oneRaterIsSingular() throws IOException {
        Path csv = Files.writeString(dir.resolve("one.csv"), "item,rater,value\nd1,alice,3\nd2,alice,1\n");

        assertThat(Cli.run("agreement", csv.toString()).out()).contains("2 items, 1 rater, 2 ratings");
    }
}
