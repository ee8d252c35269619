# Generates fisher-2x2.csv: random 2x2 tables with total n <= 40 and R's two-sided fisher.test p-values, the
# reference of ContingencyTestsTest.fisherMatchesROnRandomTables. Run from this folder: Rscript fisher-2x2.R
# The three tables of issue 9 (item 2, ties of the observed probability) come first; of the others, half are drawn
# with equal cell probabilities and half with random (exponential) ones, for unbalanced margins.
set.seed(20261127)
tables <- list(c(2, 8, 13, 7), c(4, 5, 10, 2), c(0, 2, 2, 3))
while (length(tables) < 400) {
  n <- sample(1:40, 1)
  p <- if (length(tables) %% 2 == 0) rep(0.25, 4) else rexp(4)
  tables[[length(tables) + 1]] <- as.vector(rmultinom(1, n, p / sum(p)))
}
rows <- lapply(tables, function(t) {
  m <- matrix(t, 2, byrow = TRUE)
  sprintf("%d,%d,%d,%d,%.17g", t[1], t[2], t[3], t[4], fisher.test(m)$p.value)
})
writeLines(c("a,b,c,d,p", unlist(rows)), "fisher-2x2.csv")
