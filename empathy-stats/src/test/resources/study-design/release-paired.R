# Reference values of StudyDesignTest.releasePairedTestsAndEffectSizes: the release's paired tests, overall and by
# valence, each condition against human, paired by dialogue (one crowd rating per reply).
# Run: Rscript release-paired.R [path of dataset_and_ratings.csv]
a <- commandArgs(TRUE)
d <- read.csv(if (length(a)) a[1] else "../../../../../../shared/data/welivita-pu-2024/dataset_and_ratings.csv")
f <- function(x) sprintf("%.17g", x)
cols <- c("gpt-4" = "rating_chatgpt_empathy", "gpt-4-plain" = "rating_chatgpt")
for (g in c("overall", "positive", "negative")) {
  s <- if (g == "overall") d else d[d$sentiment == g, ]
  h <- s$rating_human
  for (cn in names(cols)) {
    x <- s[[cols[[cn]]]]
    m <- mcnemar.test(table(factor(x == 3, c(TRUE, FALSE)), factor(h == 3, c(TRUE, FALSE))))
    w <- suppressWarnings(wilcox.test(x, h, paired = TRUE, exact = FALSE, correct = TRUE))
    cat(g, cn, "mcnemar", f(m$statistic), f(m$p.value), "wilcoxon", f(w$statistic), f(w$p.value), "\n")
  }
  fr <- friedman.test(cbind(h, s$rating_chatgpt_empathy, s$rating_chatgpt))
  cat(g, "friedman", f(fr$statistic), f(fr$p.value), "\n")
}
