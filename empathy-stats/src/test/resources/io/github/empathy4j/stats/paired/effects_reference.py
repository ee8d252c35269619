"""Reference values for EffectSizes and PairedTests (Cochran's Q, Stuart-Maxwell), on fresh random cases.

Run from this folder:  /usr/bin/python3 effects_reference.py   (statsmodels 0.13.5, scipy 1.10.1, numpy)
Writes proportions.csv, cochran.csv, stuart_maxwell_statsmodels.csv and cliff.csv, numbers with 17 digits.
Cliff's delta is computed here independently from its formula on the expanded samples' dominance matrix
(Cliff 1996 consistent variance, asymmetric interval, normal quantile; as effsize::cliff.delta(x, y,
use.unbiased=FALSE, use.normal=TRUE) in R, whose package is not installed here).
"""
import csv

import numpy as np
from scipy import stats
from statsmodels.stats.contingency_tables import SquareTable, Table2x2, cochrans_q
from statsmodels.stats.proportion import confint_proportions_2indep

rng = np.random.default_rng(20261127)


def num(v):
    return "NaN" if np.isnan(v) else repr(float(v))


def write(name, header, rows):
    with open(name, "w", newline="") as f:
        w = csv.writer(f, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def counts():
    n = int(rng.choice([1, 2, 5, 10, 40, 200, 2000]))
    x = int(rng.binomial(n, rng.choice([0.0, 0.02, rng.uniform(), 0.98, 1.0])))
    return x, n


# Two independent proportions: Newcombe risk difference, risk ratio (Katz log) and odds ratio (Woolf); 0.5
# added to all four cells when one is 0 (shift_zeros=False, so statsmodels does not replace zeros itself).
rows = []
for i in range(200):
    (x1, n1), (x2, n2) = counts(), counts()
    confidence = [0.9, 0.95, 0.99][i % 3]
    alpha = 1 - confidence
    rd_low, rd_upp = confint_proportions_2indep(x1, n1, x2, n2, method="newcomb", compare="diff", alpha=alpha)
    cells = np.array([[x1, n1 - x1], [x2, n2 - x2]], dtype=float)
    if (cells == 0).any():
        cells += 0.5
    t = Table2x2(cells, shift_zeros=False)
    rr_low, rr_upp = t.riskratio_confint(alpha=alpha)
    or_low, or_upp = t.oddsratio_confint(alpha=alpha)
    rows.append([x1, n1, x2, n2, confidence, num(x1 / n1 - x2 / n2), num(rd_low), num(rd_upp),
                 num(t.riskratio), num(rr_low), num(rr_upp), num(t.oddsratio), num(or_low), num(or_upp)])
write("proportions.csv", ["x1", "n1", "x2", "n2", "confidence", "rd", "rd_lower", "rd_upper",
                          "rr", "rr_lower", "rr_upper", "or", "or_lower", "or_upper"], rows)

# Cochran's Q on dialogues (rows) by conditions (columns) of 0/1 successes.
rows = []
for i in range(200):
    n = int(rng.integers(2, 80))
    k = int(rng.integers(2, 7))
    base = rng.uniform(size=n) < rng.uniform()
    m = np.where(rng.uniform(size=(n, k)) < rng.uniform(), base[:, None],
                 rng.uniform(size=(n, k)) < rng.uniform(size=k)).astype(int)
    with np.errstate(invalid="ignore", divide="ignore"):
        r = cochrans_q(m)
    rows.append([";".join(" ".join(map(str, row)) for row in m), num(r.statistic), int(r.df), num(r.pvalue)])
write("cochran.csv", ["table", "statistic", "df", "p"], rows)

# Stuart-Maxwell on k x k tables where statsmodels defines it (every level in a discordant pair), as it is.
rows = []
while len(rows) < 200:
    k = int(rng.integers(2, 6))
    m = rng.poisson(rng.uniform(0.5, 30), size=(k, k))
    m[rng.uniform(size=(k, k)) < 0.2] = 0
    r = SquareTable(m, shift_zeros=False).homogeneity(method="stuart_maxwell")
    if np.isnan(r.statistic):
        continue
    rows.append([";".join(" ".join(map(str, row)) for row in m), num(r.statistic), int(r.df), num(r.pvalue)])
write("stuart_maxwell_statsmodels.csv", ["table", "statistic", "df", "p"], rows)


# Cliff's delta from two samples' counts on a few levels, by the dominance matrix of the expanded samples.
def cliff(x, y, confidence):
    d = np.sign(np.subtract.outer(x, y))
    n1, n2 = d.shape
    delta = d.mean()
    if n1 < 2 or n2 < 2:
        return delta, np.nan, np.nan
    centre = delta * (n1 * n2 - 1) / (n1 * n2) if abs(delta) == 1 else delta
    s_i = ((d.mean(axis=1) - centre) ** 2).sum() / (n1 - 1)
    s_j = ((d.mean(axis=0) - centre) ** 2).sum() / (n2 - 1)
    s_ij = ((d - centre) ** 2).sum() / ((n1 - 1) * (n2 - 1))
    s2 = ((n2 - 1) * s_i + (n1 - 1) * s_j + s_ij) / (n1 * n2)
    if s2 == 0:
        return delta, np.nan, np.nan
    z = stats.norm.ppf((1 + confidence) / 2)
    root = z * np.sqrt(s2) * np.sqrt((1 - centre ** 2) ** 2 + z ** 2 * s2)
    low = (centre - centre ** 3 - root) / (1 - centre ** 2 + z ** 2 * s2)
    upp = (centre - centre ** 3 + root) / (1 - centre ** 2 + z ** 2 * s2)
    return delta, -1.0 if delta == -1 else low, 1.0 if delta == 1 else upp


rows = []
for i in range(200):
    levels = int(rng.choice([2, 3, 5]))
    cx = rng.multinomial(int(rng.choice([1, 2, 3, 5, 8, 20, 20, 100, 100, 600])), rng.dirichlet(np.ones(levels) * 0.7))
    cy = rng.multinomial(int(rng.choice([2, 3, 5, 8, 20, 20, 100, 100, 600])), rng.dirichlet(np.ones(levels) * 0.7))
    if i % 25 == 0:  # disjoint samples
        cx = np.array([0] * (levels - 1) + [int(rng.integers(1, 9))])
        cy = np.array([int(rng.integers(1, 9))] + [0] * (levels - 1))
    if i % 25 == 1:  # every value on one level
        cx = np.array([0] * (levels - 1) + [int(rng.integers(1, 9))])
        cy = np.array([0] * (levels - 1) + [int(rng.integers(1, 9))])
    confidence = [0.9, 0.95, 0.99][i % 3]
    delta, low, upp = cliff(np.repeat(np.arange(levels), cx), np.repeat(np.arange(levels), cy), confidence)
    rows.append([" ".join(map(str, cx)), " ".join(map(str, cy)), confidence, num(delta), num(low), num(upp)])
write("cliff.csv", ["x", "y", "confidence", "delta", "lower", "upper"], rows)
