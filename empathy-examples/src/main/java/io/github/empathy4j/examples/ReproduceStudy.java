package io.github.empathy4j.examples;

import io.github.empathy4j.stats.AnalysisOptions;
import io.github.empathy4j.stats.Comparison;
import io.github.empathy4j.stats.PublishedResults;
import io.github.empathy4j.stats.StudyAnalysis;

import java.util.Locale;

/**
 * Reproduces the chi-square values of Welivita &amp; Pu (2024) from their published counts.
 *
 * <pre>java -cp empathy-examples/target/empathy.jar io.github.empathy4j.examples.ReproduceStudy</pre>
 */
public final class ReproduceStudy {

    private ReproduceStudy() {
    }

    /** Prints each LLM's Good share, relative increase and chi-square against humans, overall. */
    public static void main(String[] args) {
        StudyAnalysis study = StudyAnalysis.ofCounts(PublishedResults.counts(), AnalysisOptions.study());
        for (Comparison c : study.overall().comparisons()) {
            System.out.printf(Locale.ROOT, "%-22s Good %.2f%%  %+.1f%%  chi2 %.2f  p %.1e%n", c.condition(),
                    100 * study.overall().condition(c.condition()).share(), 100 * c.relativeIncrease(),
                    c.yates().statistic(), c.yates().p().raw());
        }
    }
}
