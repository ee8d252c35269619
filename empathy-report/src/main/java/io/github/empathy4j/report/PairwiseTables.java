package io.github.empathy4j.report;

import io.github.empathy4j.stats.PairwiseAnalysis;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The tables of one judge's pairwise verdicts ({@link PairwiseAnalysis}): each condition against the baseline,
 * the Bradley-Terry strengths, and the judge's position bias.
 */
public final class PairwiseTables {

    private PairwiseTables() {
    }

    /** The tables, in reading order. */
    public static List<Table> all(PairwiseAnalysis a) {
        int confidence = (int) Math.round(a.confidenceLevel() * 100);
        List<List<String>> versus = a.versusBaseline().stream().map(v -> List.of(v.condition(),
                Integer.toString(v.pairs()), Integer.toString(v.wins()), Integer.toString(v.ties()),
                Integer.toString(v.losses()), share(v.winShare().estimate(), v.winShare().interval().lower(),
                        v.winShare().interval().upper()), share(v.lossShare().estimate(),
                        v.lossShare().interval().lower(), v.lossShare().interval().upper()),
                Integer.toString(v.inconsistent()), p(v.signTestP()))).toList();
        List<Table> tables = new ArrayList<>();
        tables.add(new Table("Pairwise against " + a.baseline() + ", judged by " + a.judge(), List.of("condition",
                "pairs", "wins", "ties", "losses", "win share", "loss share", "inconsistent", "sign test p"), versus,
                String.format(Locale.ROOT, "Each pair judged in both orders; a win needs both; pairs whose verdicts"
                        + " differ with the order count as ties (inconsistent). Shares with %d%% Wilson intervals;"
                        + " the sign test is the exact binomial test of wins against losses.", confidence)));
        if (a.strengths().isEmpty()) {
            tables.add(new Table("Bradley-Terry strengths", List.of("condition", "log-strength"), List.of(),
                    a.strengthsProblem()));
        } else {
            List<List<String>> rows = a.strengths().stream().map(s -> List.of(s.condition(),
                    String.format(Locale.ROOT, "%+.3f", s.logStrength()), Double.isNaN(s.interval().lower()) ? "n/a"
                            : String.format(Locale.ROOT, "[%+.3f, %+.3f]", s.interval().lower(),
                                    s.interval().upper()))).toList();
            tables.add(new Table("Bradley-Terry strengths", List.of("condition", "log-strength", "interval"), rows,
                    String.format(Locale.ROOT, "Log-strength against %s (0); a tie is half a win each way;"
                            + " %d%% percentile bootstrap intervals from %,d resamples of the dialogues (seed %d)%s.",
                            a.baseline(), confidence, a.bootstrapResamples(), a.seed(),
                            a.degenerateResamples() == 0 ? "" : String.format(Locale.ROOT, "; n/a: %d resamples had"
                                    + " no finite estimate", a.degenerateResamples()))));
        }
        PairwiseAnalysis.PositionBias b = a.positionBias();
        tables.add(new Table("Position bias of " + a.judge(), List.of("pairs", "inconsistent", "flipped",
                "inconsistent share", "first shown wins", "first-position p"), List.of(List.of(
                        Integer.toString(b.pairs()), Integer.toString(b.inconsistent()), Integer.toString(b.flipped()),
                        share(b.inconsistentShare().estimate(), b.inconsistentShare().interval().lower(),
                                b.inconsistentShare().interval().upper()),
                        Double.isNaN(b.firstWinShare().estimate()) ? "n/a" : share(b.firstWinShare().estimate(),
                                b.firstWinShare().interval().lower(), b.firstWinShare().interval().upper()),
                        p(b.firstWinP()))), "Inconsistent: the two orders' verdicts differ; flipped: they name"
                                + " opposite replies. First shown wins: among single verdicts that chose a reply, the"
                                + " share won by the reply shown first, tested against 1/2 (exact binomial)."));
        return tables;
    }

    private static String share(double estimate, double lower, double upper) {
        return String.format(Locale.ROOT, "%.1f%% [%.1f, %.1f]", 100 * estimate, 100 * lower, 100 * upper);
    }

    private static String p(double p) {
        return Double.isNaN(p) ? "n/a" : p < 1e-4 ? "<0.0001" : String.format(Locale.ROOT, "%.4f", p);
    }
}
