package io.github.empathy4j.stats;

import static io.github.empathy4j.stats.Near.near;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.rating.RatingScale;
import io.github.empathy4j.stats.PairwiseVerdict.Verdict;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * 40 dialogues with a human, a gpt-4 (openai) and a llama (meta) reply, every pair judged in both orders by an openai
 * judge that favours gpt-4, and crowd ratings of most replies (two per reply in d00..d11, none where "-"). Generated
 * by python random.seed(7); saved as verdicts.txt ("dialogue a b v1 v2", v1 with a shown first, v2 with b shown
 * first, as {@link PairwiseAnalysisTest}) and crowd_long.txt ("dialogue condition ratings", one reply a line) for
 * the R and python scripts at the end.
 */
class PairwiseSelfPreferenceTest {

    static final String VERDICTS = """
            d00 gpt-4 human A T; d00 llama human T T; d00 gpt-4 llama A A
            d01 gpt-4 human A T; d01 llama human A T; d01 gpt-4 llama T A
            d02 gpt-4 human A A; d02 llama human T T; d02 gpt-4 llama T T
            d03 gpt-4 human A T; d03 llama human B A; d03 gpt-4 llama A A
            d04 gpt-4 human T T; d04 llama human B T; d04 gpt-4 llama A T
            d05 gpt-4 human A A; d05 llama human A T; d05 gpt-4 llama A A
            d06 gpt-4 human A T; d06 llama human T T; d06 gpt-4 llama A B
            d07 gpt-4 human T A; d07 llama human A B; d07 gpt-4 llama B T
            d08 gpt-4 human A T; d08 llama human A T; d08 gpt-4 llama A A
            d09 gpt-4 human A A; d09 llama human T T; d09 gpt-4 llama A A
            d10 gpt-4 human A A; d10 llama human T A; d10 gpt-4 llama A T
            d11 gpt-4 human A A; d11 llama human A A; d11 gpt-4 llama B T
            d12 gpt-4 human B T; d12 llama human T B; d12 gpt-4 llama A T
            d13 gpt-4 human A B; d13 llama human A T; d13 gpt-4 llama A A
            d14 gpt-4 human A A; d14 llama human T B; d14 gpt-4 llama B T
            d15 gpt-4 human A T; d15 llama human B A; d15 gpt-4 llama A T
            d16 gpt-4 human B T; d16 llama human T B; d16 gpt-4 llama A A
            d17 gpt-4 human A T; d17 llama human A A; d17 gpt-4 llama A A
            d18 gpt-4 human A A; d18 llama human T A; d18 gpt-4 llama T B
            d19 gpt-4 human A A; d19 llama human A T; d19 gpt-4 llama T T
            d20 gpt-4 human A A; d20 llama human B T; d20 gpt-4 llama A B
            d21 gpt-4 human A B; d21 llama human A B; d21 gpt-4 llama B A
            d22 gpt-4 human A A; d22 llama human A T; d22 gpt-4 llama T B
            d23 gpt-4 human B A; d23 llama human A B; d23 gpt-4 llama A A
            d24 gpt-4 human T A; d24 llama human A T; d24 gpt-4 llama A T
            d25 gpt-4 human A B; d25 llama human A T; d25 gpt-4 llama A A
            d26 gpt-4 human A A; d26 llama human T T; d26 gpt-4 llama T A
            d27 gpt-4 human T A; d27 llama human A A; d27 gpt-4 llama A B
            d28 gpt-4 human A A; d28 llama human A T; d28 gpt-4 llama A A
            d29 gpt-4 human A T; d29 llama human A T; d29 gpt-4 llama T A
            d30 gpt-4 human A A; d30 llama human T B; d30 gpt-4 llama A A
            d31 gpt-4 human A A; d31 llama human A A; d31 gpt-4 llama A A
            d32 gpt-4 human A A; d32 llama human T T; d32 gpt-4 llama T T
            d33 gpt-4 human A A; d33 llama human A B; d33 gpt-4 llama A T
            d34 gpt-4 human A A; d34 llama human A T; d34 gpt-4 llama A A
            d35 gpt-4 human A A; d35 llama human A T; d35 gpt-4 llama B A
            d36 gpt-4 human T T; d36 llama human A B; d36 gpt-4 llama A B
            d37 gpt-4 human A A; d37 llama human A A; d37 gpt-4 llama T T
            d38 gpt-4 human A B; d38 llama human B T; d38 gpt-4 llama A A
            d39 gpt-4 human B B; d39 llama human A B; d39 gpt-4 llama A T
            """;

    static final String CROWD = """
            d00 human 2,3; d00 gpt-4 -; d00 llama 2,2
            d01 human 2,2; d01 gpt-4 3,2; d01 llama 2,2
            d02 human 1,1; d02 gpt-4 2,2; d02 llama -
            d03 human 2,1; d03 gpt-4 2,2; d03 llama 2,1
            d04 human -; d04 gpt-4 2,1; d04 llama 2,3
            d05 human 3,2; d05 gpt-4 3,2; d05 llama 1,3
            d06 human 2,3; d06 gpt-4 3,3; d06 llama 3,1
            d07 human 2,2; d07 gpt-4 1,3; d07 llama 3,2
            d08 human 3,2; d08 gpt-4 3,1; d08 llama 2,2
            d09 human -; d09 gpt-4 -; d09 llama 3,3
            d10 human 3,3; d10 gpt-4 2,3; d10 llama -
            d11 human 1,2; d11 gpt-4 3,3; d11 llama 3,1
            d12 human 2; d12 gpt-4 3; d12 llama 3
            d13 human 2; d13 gpt-4 2; d13 llama 1
            d14 human 2; d14 gpt-4 3; d14 llama 1
            d15 human 1; d15 gpt-4 3; d15 llama 1
            d16 human 3; d16 gpt-4 3; d16 llama 3
            d17 human 2; d17 gpt-4 3; d17 llama 2
            d18 human 1; d18 gpt-4 3; d18 llama 1
            d19 human -; d19 gpt-4 2; d19 llama 3
            d20 human 3; d20 gpt-4 3; d20 llama 3
            d21 human 1; d21 gpt-4 2; d21 llama 1
            d22 human 2; d22 gpt-4 3; d22 llama 2
            d23 human 3; d23 gpt-4 3; d23 llama 3
            d24 human 2; d24 gpt-4 2; d24 llama 2
            d25 human 1; d25 gpt-4 -; d25 llama 1
            d26 human 2; d26 gpt-4 3; d26 llama 2
            d27 human 2; d27 gpt-4 -; d27 llama 1
            d28 human 2; d28 gpt-4 2; d28 llama 3
            d29 human 2; d29 gpt-4 2; d29 llama 2
            d30 human 3; d30 gpt-4 -; d30 llama 1
            d31 human 2; d31 gpt-4 2; d31 llama 1
            d32 human -; d32 gpt-4 3; d32 llama 1
            d33 human 3; d33 gpt-4 2; d33 llama 2
            d34 human -; d34 gpt-4 3; d34 llama -
            d35 human 2; d35 gpt-4 1; d35 llama 2
            d36 human 2; d36 gpt-4 2; d36 llama 1
            d37 human 1; d37 gpt-4 1; d37 llama -
            d38 human 1; d38 gpt-4 -; d38 llama 1
            d39 human 2; d39 gpt-4 3; d39 llama 2
            """;

    static final Map<String, String> AUTHORS = Map.of("human", "human", "gpt-4", "openai", "llama", "meta");

    static List<PairwiseVerdict> verdicts(String judge) {
        List<PairwiseVerdict> verdicts = new ArrayList<>();
        for (String row : VERDICTS.strip().split("[;\\n]")) {
            String[] f = row.strip().split(" ");
            verdicts.add(new PairwiseVerdict(f[0], f[1], f[2], true, judge, verdict(f[3])));
            verdicts.add(new PairwiseVerdict(f[0], f[1], f[2], false, judge, verdict(f[4])));
        }
        return verdicts;
    }

    private static Verdict verdict(String v) {
        return v.equals("T") ? Verdict.TIE : Verdict.valueOf(v);
    }

    static List<Rating> crowd() {
        List<Rating> ratings = new ArrayList<>();
        for (String row : CROWD.strip().split("[;\\n]")) {
            String[] f = row.strip().split(" ");
            if (f[2].equals("-")) {
                continue;
            }
            String[] levels = f[2].split(",");
            for (int i = 0; i < levels.length; i++) {
                ratings.add(new Rating(f[1], f[0], "p" + i, "study", "empathy", Integer.parseInt(levels[i]), null,
                        "b1"));
            }
        }
        return ratings;
    }

    private static PairwiseSelfPreference of(List<PairwiseVerdict> verdicts, String family, List<Rating> crowd,
            int resamples) {
        return PairwiseSelfPreference.of(verdicts, family, AUTHORS, crowd, RatingScale.STUDY.single(), 0.95,
                resamples, 11);
    }

    @Test
    void ownFamilyAndLlmOverHumanMatchR() {
        PairwiseSelfPreference s = of(verdicts("openai:gpt-4o"), "openai", crowd(), 0);
        // R (ref.R below): pairs 120, crowd pairs 92, dialogues 38
        assertThat(List.of(s.pairs(), s.crowdPairs(), s.dialogues())).containsExactly(120, 92, 38);
        assertThat(s.judge()).isEqualTo("openai:gpt-4o");
        // R: own n 60 judge 0.68333333333333335 crowd 0.65000000000000002 diff 0.033333333333333326
        PairwiseSelfPreference.Preference own = s.ownFamily();
        assertThat(own.pairs()).isEqualTo(60);
        near(own.judgeScore(), 0.68333333333333335);
        near(own.crowdScore(), 0.65000000000000002);
        near(own.difference().value(), 0.033333333333333326);
        assertThat(own.unavailable()).isEmpty();
        // R: llm n 62 judge 0.63709677419354838 crowd 0.50806451612903225 diff 0.12903225806451613
        PairwiseSelfPreference.Preference llm = s.llmOverHuman();
        assertThat(llm.pairs()).isEqualTo(62);
        near(llm.judgeScore(), 0.63709677419354838);
        near(llm.crowdScore(), 0.50806451612903225);
        near(llm.difference().value(), 0.12903225806451613);
        assertThat(llm.difference().interval().lower()).isNaN();
    }

    @Test
    void bootstrapIntervalsAgreeWithAPythonBootstrapWithinMonteCarloError() {
        // python (boot.py below, numpy default_rng(1)), 20000 resamples of the 38 dialogues, np.percentile(v,
        //   [2.5, 97.5]) (R quantile type 7): own family [-0.10833333, 0.18181818], LLM over human [0.02205882,
        //   0.24193548]. Another generator: agreement within Monte Carlo error, not exactly.
        PairwiseSelfPreference s = of(verdicts("j"), "openai", crowd(), 20000);
        assertThat(s.ownFamily().difference().interval().lower()).isCloseTo(-0.1083, within(0.015));
        assertThat(s.ownFamily().difference().interval().upper()).isCloseTo(0.1818, within(0.015));
        assertThat(s.llmOverHuman().difference().interval().lower()).isCloseTo(0.0221, within(0.015));
        assertThat(s.llmOverHuman().difference().interval().upper()).isCloseTo(0.2419, within(0.015));
        List<PairwiseVerdict> shuffled = new ArrayList<>(verdicts("j"));
        Collections.shuffle(shuffled, new Random(3));
        assertThat(of(shuffled, "openai", crowd(), 200)).isEqualTo(of(verdicts("j"), "openai", crowd(), 200));
    }

    @Test
    void withoutCrowdPairsOrOwnRepliesTheEstimatesAreNotAvailableAndSayWhy() {
        List<Rating> humanOnly = crowd().stream().filter(r -> r.condition().equals("human")).toList();
        PairwiseSelfPreference none = of(verdicts("j"), "openai", humanOnly, 100);
        assertThat(none.crowdPairs()).isZero();
        assertThat(none.dialogues()).isZero();
        for (PairwiseSelfPreference.Preference p : List.of(none.ownFamily(), none.llmOverHuman())) {
            assertThat(p.pairs()).isZero();
            assertThat(p.difference().value()).isNaN();
            assertThat(p.difference().interval().lower()).isNaN();
            assertThat(p.unavailable()).isEqualTo(PairwiseSelfPreference.NO_CROWD_PAIR);
        }
        PairwiseSelfPreference google = of(verdicts("j"), "google", crowd(), 100);
        assertThat(google.ownFamily().difference().value()).isNaN();
        assertThat(google.ownFamily().unavailable()).contains("no pair of a reply of the judge's family (google)");
        assertThat(google.llmOverHuman().difference().value()).isEqualTo(
                of(verdicts("j"), "openai", crowd(), 0).llmOverHuman().difference().value());
    }

    @Test
    void badInputIsNamed() {
        assertThatThrownBy(() -> PairwiseSelfPreference.of(verdicts("j"), "openai", Map.of("human", "human",
                "gpt-4", "openai"), crowd(), RatingScale.STUDY.single(), 0.95, 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("condition llama has no author");
        List<Rating> bad = List.of(new Rating("llama", "d03", "p9", "study", "empathy", 4, null, "b1"));
        assertThatThrownBy(() -> of(verdicts("j"), "openai", bad, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("crowd rating of llama to d03 by p9: empathy level 4");
        List<PairwiseVerdict> two = new ArrayList<>(verdicts("j"));
        two.addAll(verdicts("k"));
        assertThatThrownBy(() -> of(two, "openai", crowd(), 0)).hasMessageContaining("[j, k]");
        assertThatThrownBy(() -> of(verdicts("j").subList(1, 240), "openai", crowd(), 0))
                .hasMessageContaining("dialogue d00: the pair gpt-4 / human is judged only with");
    }

    /*
     * R 4.x (ref.R), the point estimates:
     * v <- read.table("verdicts.txt", col.names = c("dialogue", "a", "b", "v1", "v2"), stringsAsFactors = FALSE)
     * cr <- read.table("crowd_long.txt", col.names = c("dialogue", "condition", "crowd"), stringsAsFactors = FALSE)
     * # majority of the crowd's ratings, a tie to the lower level
     * maj <- function(s) { if (s == "-") return(NA); x <- as.integer(strsplit(s, ",")[[1]]); t <- table(x);
     *   min(as.integer(names(t)[t == max(t)])) }
     * cr$m <- sapply(cr$crowd, maj)
     * m <- function(d, c) cr$m[cr$dialogue == d & cr$condition == c]
     * win <- function(x, a, b) ifelse(x == "A", a, ifelse(x == "B", b, NA))
     * v$w1 <- win(v$v1, v$a, v$b); v$w2 <- win(v$v2, v$a, v$b)
     * v$outcome <- ifelse(!is.na(v$w1) & !is.na(v$w2) & v$w1 == v$w2, v$w1, "tie")
     * v$ma <- mapply(m, v$dialogue, v$a); v$mb <- mapply(m, v$dialogue, v$b)
     * author <- c(human = "human", "gpt-4" = "openai", llama = "meta")
     * score <- function(v, focal) {  # focal: the focal condition of each row
     *   judge <- ifelse(v$outcome == "tie", 0.5, ifelse(v$outcome == focal, 1, 0))
     *   fm <- ifelse(focal == v$a, v$ma, v$mb); om <- ifelse(focal == v$a, v$mb, v$ma)
     *   crowd <- ifelse(fm > om, 1, ifelse(fm == om, 0.5, 0))
     *   data.frame(dialogue = v$dialogue, judge = judge, crowd = crowd)
     * }
     * rated <- v[!is.na(v$ma) & !is.na(v$mb), ]
     * cat("pairs", nrow(v), "crowd pairs", nrow(rated), "\n")
     * own <- rated[xor(author[rated$a] == "openai", author[rated$b] == "openai"), ]
     * so <- score(own, ifelse(author[own$a] == "openai", own$a, own$b))
     * cat(sprintf("own n %d judge %.17g crowd %.17g diff %.17g\n", nrow(so), mean(so$judge), mean(so$crowd), mean(so$judge) - mean(so$crowd)))
     * llm <- rated[xor(author[rated$a] == "human", author[rated$b] == "human"), ]
     * sl <- score(llm, ifelse(author[llm$a] == "human", llm$b, llm$a))
     * cat(sprintf("llm n %d judge %.17g crowd %.17g diff %.17g\n", nrow(sl), mean(sl$judge), mean(sl$crowd), mean(sl$judge) - mean(sl$crowd)))
     * cat("dialogues", length(unique(c(so$dialogue, sl$dialogue))), "\n")
     *
     * python3 with numpy (boot.py), an independent implementation with its bootstrap:
     * import numpy as np
     * V=[l.split() for l in open('verdicts.txt')]
     * crowd={}
     * for l in open('crowd_long.txt'):
     *     d,c,s=l.split()
     *     if s!='-':
     *         x=[int(t) for t in s.split(',')]; cnt={k:x.count(k) for k in set(x)}; mx=max(cnt.values())
     *         crowd[(d,c)]=min(k for k in cnt if cnt[k]==mx)
     * author={'human':'human','gpt-4':'openai','llama':'meta'}
     * def w(x,a,b): return a if x=='A' else b if x=='B' else None
     * rows={}  # dialogue -> list of (kind, judge, crowd)
     * for d,a,b,v1,v2 in V:
     *     w1,w2=w(v1,a,b),w(v2,a,b); out=w1 if w1 is not None and w1==w2 else None
     *     if (d,a) not in crowd or (d,b) not in crowd: continue
     *     for kind,isf in ((0,lambda x,y: author[x]=='openai' and author[y]!='openai'),(1,lambda x,y: author[x]!='human' and author[y]=='human')):
     *         f=a if isf(a,b) else b if isf(b,a) else None
     *         if f is None: continue
     *         o=b if f==a else a
     *         j=0.5 if out is None else 1.0 if out==f else 0.0
     *         c=1.0 if crowd[(d,f)]>crowd[(d,o)] else 0.5 if crowd[(d,f)]==crowd[(d,o)] else 0.0
     *         rows.setdefault(d,[]).append((kind,j,c))
     * ids=list(rows)
     * def stat(S,kind):
     *     x=[(j,c) for k,j,c in S if k==kind]
     *     return np.nan if not x else np.mean([j for j,c in x])-np.mean([c for j,c in x])
     * print(len(ids), stat([r for i in ids for r in rows[i]],0), stat([r for i in ids for r in rows[i]],1))
     * rng=np.random.default_rng(1); b0=[];b1=[]
     * for _ in range(20000):
     *     S=[r for i in rng.choice(len(ids),len(ids)) for r in rows[ids[i]]]
     *     b0.append(stat(S,0)); b1.append(stat(S,1))
     * for b in (b0,b1):
     *     b=np.array(b); b=b[~np.isnan(b)]; print(np.percentile(b,[2.5,97.5]))
     */
}
