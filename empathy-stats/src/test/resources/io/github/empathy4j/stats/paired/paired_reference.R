# Reference values for PairedTests and EffectSizes.cramersV, from R itself, on fresh random cases.
# Run from this folder:  Rscript paired_reference.R   (R 4.2; MASS for ginv)
# Writes mcnemar.csv, wilcoxon.csv, friedman.csv, stuart_maxwell.csv, cramers_v.csv. Numbers with 17 digits.
set.seed(20261127)
num <- function(v) ifelse(is.na(v), "NaN", sprintf("%.17g", v))
codes <- function(v) paste(v, collapse = " ")
rows <- function(m) paste(apply(m, 1, paste, collapse = " "), collapse = ";")
write <- function(frame, file) write.csv(frame, file, row.names = FALSE, quote = TRUE)

# McNemar: paired 0/1 outcomes; mcnemar.test on the 2x2 table with and without continuity correction.
out <- NULL
for (i in 1:200) {
  n <- sample(1:80, 1)
  agree <- runif(1)
  x <- rbinom(n, 1, runif(1))
  y <- ifelse(runif(n) < agree, x, rbinom(n, 1, runif(1)))
  t <- table(factor(x, 0:1), factor(y, 0:1))
  correct <- i %% 2 == 0
  r <- suppressWarnings(mcnemar.test(t, correct = correct))
  out <- rbind(out, data.frame(x = codes(x), y = codes(y), b = t["1", "0"], c = t["0", "1"],
    correct = correct, statistic = num(r$statistic), p = num(r$p.value)))
}
write(out, "mcnemar.csv")

# Wilcoxon signed-rank on paired level codes: wilcox.test(x, y, paired = TRUE, exact = FALSE, correct = TRUE).
out <- NULL
for (i in 1:200) {
  n <- sample(1:80, 1)
  k <- sample(c(2, 3, 5, 7), 1)
  x <- sample(1:k, n, replace = TRUE, prob = runif(k))
  y <- ifelse(runif(n) < runif(1), x, sample(1:k, n, replace = TRUE, prob = runif(k)))
  r <- suppressWarnings(wilcox.test(x, y, paired = TRUE, exact = FALSE, correct = TRUE))
  out <- rbind(out, data.frame(x = codes(x), y = codes(y), statistic = num(r$statistic), p = num(r$p.value)))
}
write(out, "wilcoxon.csv")

# Friedman: dialogues (rows) by conditions (columns) of level codes; friedman.test(m).
out <- NULL
for (i in 1:200) {
  n <- sample(2:60, 1)  # friedman.test drops a one-row matrix to a vector
  k <- sample(2:6, 1)
  levels <- sample(c(3, 5), 1)
  m <- matrix(sample(1:levels, n * k, replace = TRUE), n, k)
  r <- friedman.test(m)
  out <- rbind(out, data.frame(table = rows(m), statistic = num(r$statistic), df = r$parameter,
    p = num(r$p.value)))
}
write(out, "friedman.csv")

# Stuart-Maxwell: d' V^+ d with the Moore-Penrose inverse (MASS::ginv) and rank(V) degrees of freedom, on
# k x k tables, many with levels that have no discordant pair (where statsmodels gives NaN).
out <- NULL
for (i in 1:200) {
  k <- sample(2:5, 1)
  cells <- matrix(rpois(k * k, runif(1, 0, 8)), k, k)
  cells[matrix(runif(k * k) < 0.3, k, k)] <- 0
  s <- cells + t(cells)
  v <- -s
  diag(v) <- rowSums(s) - 2 * diag(cells)
  d <- rowSums(cells) - colSums(cells)
  df <- if (all(v == 0)) 0 else qr(v)$rank
  statistic <- if (df == 0) NA else as.numeric(t(d) %*% MASS::ginv(v) %*% d)
  p <- if (df == 0) NA else pchisq(statistic, df, lower.tail = FALSE)
  out <- rbind(out, data.frame(table = rows(cells), statistic = num(statistic), df = df, p = num(p)))
}
write(out, "stuart_maxwell.csv")

# Cramer's V interval by inverting the noncentral chi-square: lambda with pchisq(X2, df, ncp = lambda) = p,
# found by uniroot to 1e-13, bounds sqrt(lambda / (N (min(r, c) - 1))) capped at 1 (V's largest value), 0 when
# pchisq(X2, df, 0) <= p.
ncp <- function(x2, df, p) {
  f <- function(l) pchisq(x2, df, ncp = l) - p
  if (f(0) <= 0) return(0)
  hi <- max(1, x2)
  while (f(hi) > 0) hi <- 2 * hi
  uniroot(f, c(0, hi), tol = 1e-13)$root
}
out <- NULL
for (i in 1:200) {
  r <- sample(2:5, 1)
  c <- sample(2:4, 1)
  n <- sample(c(10, 30, 100, 400, 2000), 1)
  probs <- runif(r * c)^ifelse(i %% 3 == 0, 0.2, 2)
  m <- matrix(rmultinom(1, n, probs), r, c)
  confidence <- c(0.9, 0.95, 0.99)[i %% 3 + 1]
  keep <- m[rowSums(m) > 0, colSums(m) > 0, drop = FALSE]
  if (nrow(keep) < 2 || ncol(keep) < 2) next
  x2 <- suppressWarnings(chisq.test(keep, correct = FALSE)$statistic)
  df <- (nrow(keep) - 1) * (ncol(keep) - 1)
  scale <- sum(keep) * (min(dim(keep)) - 1)
  out <- rbind(out, data.frame(table = rows(m), confidence = confidence, v = num(sqrt(x2 / scale)),
    lower = num(min(1, sqrt(ncp(x2, df, (1 + confidence) / 2) / scale))),
    upper = num(min(1, sqrt(ncp(x2, df, (1 - confidence) / 2) / scale)))))
}
write(out, "cramers_v.csv")
