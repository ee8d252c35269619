# Reference values of StudyDesignTest.marginGivesEquivalenceAndNonInferiority: StudyAnalysisTest's data, condition b
# (7 Good of 24) against human (6 Good of 24), overall, margin 0.2, statsmodels Wald tests.
# Run: /usr/bin/python3 small-equivalence.py
from statsmodels.stats.proportion import test_proportions_2indep, confint_proportions_2indep
lower = test_proportions_2indep(7, 24, 6, 24, value=-0.2, method="wald", compare="diff", alternative="larger")
upper = test_proportions_2indep(7, 24, 6, 24, value=0.2, method="wald", compare="diff", alternative="smaller")
ci = confint_proportions_2indep(7, 24, 6, 24, method="wald", compare="diff", alpha=0.1)
print("lowerP", repr(lower.pvalue), "upperP", repr(upper.pvalue), "ci", repr(ci[0]), repr(ci[1]))
