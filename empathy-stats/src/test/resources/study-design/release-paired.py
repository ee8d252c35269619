# Reference values of StudyDesignTest.releasePairedTestsAndEffectSizes (statsmodels): Cochran's Q and Stuart-Maxwell
# on the release, paired by dialogue, and the overall effect sizes of gpt-4 against human.
# Run: /usr/bin/python3 release-paired.py [path of dataset_and_ratings.csv]
import csv, sys
import numpy as np
from statsmodels.stats.contingency_tables import SquareTable, cochrans_q
from statsmodels.stats.proportion import confint_proportions_2indep
from statsmodels.stats.contingency_tables import Table2x2
path = sys.argv[1] if len(sys.argv) > 1 else "../../../../../../shared/data/welivita-pu-2024/dataset_and_ratings.csv"
rows = list(csv.DictReader(open(path, newline="", encoding="utf-8")))
cols = {"human": "rating_human", "gpt-4": "rating_chatgpt_empathy", "gpt-4-plain": "rating_chatgpt"}
for g in ["overall", "positive", "negative"]:
    s = [r for r in rows if g == "overall" or r["sentiment"] == g]
    v = {c: np.array([int(r[k]) for r in s]) for c, k in cols.items()}
    q = cochrans_q(np.column_stack([v[c] == 3 for c in cols]).astype(int))
    print(g, "cochranQ", repr(q.statistic), repr(q.pvalue))
    for c in ["gpt-4", "gpt-4-plain"]:
        t = np.zeros((3, 3))
        for a, b in zip(v[c], v["human"]):
            t[a - 1, b - 1] += 1
        sm = SquareTable(t, shift_zeros=False).homogeneity(method="stuart_maxwell")
        print(g, c, "stuartMaxwell", repr(sm.statistic), sm.df, repr(sm.pvalue))
v = {c: np.array([int(r[k]) for r in rows]) for c, k in cols.items()}
x1, x2, n = int((v["gpt-4"] == 3).sum()), int((v["human"] == 3).sum()), len(rows)
lo, hi = confint_proportions_2indep(x1, n, x2, n, method="newcomb", compare="diff")
print("overall gpt-4 riskDifference", repr(x1 / n - x2 / n), repr(lo), repr(hi))
t = Table2x2(np.array([[x1, n - x1], [x2, n - x2]]), shift_zeros=False)
print("overall gpt-4 riskRatio", repr(t.riskratio), *map(repr, t.riskratio_confint()))
print("overall gpt-4 oddsRatio", repr(t.oddsratio), *map(repr, t.oddsratio_confint()))
