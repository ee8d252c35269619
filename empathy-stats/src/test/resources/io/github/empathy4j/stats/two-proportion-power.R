# References of PowerTest.twoProportionPowerMatchesR and minimumDetectableDifferenceMatchesR: pw() is the normal
# approximation of ChiSquarePower.twoProportions (cc = 1 for the Yates-corrected test); the last lines compare it
# with the exact power of chisq.test(correct=TRUE). Run: Rscript two-proportion-power.R
options(digits = 17)
pw <- function(p1, p2, n1, n2, a, cc) {
  inv <- 1 / n1 + 1 / n2
  pb <- (n1 * p1 + n2 * p2) / (n1 + n2)
  z <- qnorm(a / 2, lower.tail = FALSE)
  t <- cc * inv / 2 + z * sqrt(pb * (1 - pb) * inv)
  d <- abs(p2 - p1)
  s1 <- sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
  pnorm((d - t) / s1) + pnorm((-d - t) / s1)
}
print(power.prop.test(n = 100, p1 = 0.5, p2 = 0.65, strict = TRUE)$power); print(pw(0.5, 0.65, 100, 100, 0.05, 0))
print(power.prop.test(n = 2000, p1 = 0.493, p2 = 0.53, sig.level = 0.01, strict = TRUE)$power)
print(pw(0.493, 0.53, 2000, 2000, 0.01, 0))
print(pw(0.3, 0.45, 80, 150, 0.05, 0)); print(pw(0.3, 0.45, 80, 150, 0.05, 1)); print(pw(0.6, 0.4, 1000, 400, 0.05, 1))
print(power.prop.test(n = 320, p1 = 0.5, power = 0.8, strict = TRUE, tol = 1e-12)$p2 - 0.5)
print(uniroot(function(d) pw(0.3, 0.3 + d, 80, 150, 0.05, 1) - 0.8, c(0.01, 0.7), tol = 1e-14)$root)
print(uniroot(function(d) pw(0.3, 0.3 + d, 80, 150, 0.05, 0) - 0.8, c(0.01, 0.7), tol = 1e-14)$root)
print(pw(0.9, 1, 5, 5, 0.05, 1))
# Exact power of chisq.test(correct=TRUE) at 0.05 by enumeration, n1 = n2 = 100, p1 = 0.5, p2 = 0.65
e <- 0
for (a in 0:100) for (b in 0:100) {
  p <- suppressWarnings(chisq.test(matrix(c(a, 100 - a, b, 100 - b), 2, byrow = TRUE))$p.value)
  if (!is.na(p) && p < 0.05) e <- e + dbinom(a, 100, 0.5) * dbinom(b, 100, 0.65)
}
print(c(exact = e, approx = pw(0.5, 0.65, 100, 100, 0.05, 1)))
