# Reference values of StudyDesignTest.smallJudgedDataSet: StudyAnalysisTest's data (one judge, one rating per reply),
# condition a against human, overall, paired by dialogue; and the logistic regression clustered by dialogue.
# Run: Rscript small.R   (R 4.2, sandwich, lmtest)
suppressPackageStartupMessages({ library(sandwich); library(lmtest) })
d <- list(afraid=list(human=c(1,2,2,3,1,2,3,2), a=c(2,3,3,3,2,2,3,3), b=c(1,1,2,3,2,2,2,3)),
          joyful=list(human=c(2,2,3,3,1,3,2,2), a=c(3,3,3,2,3,3,2,3), b=c(2,3,2,2,3,1,2,2)),
          proud =list(human=c(1,1,2,2,3,2,1,2), a=c(2,3,3,3,3,2,2,3), b=c(2,2,2,3,1,2,3,3)))
f <- function(x) sprintf("%.17g", x)
h <- unlist(lapply(d, `[[`, "human")); a <- unlist(lapply(d, `[[`, "a")); b <- unlist(lapply(d, `[[`, "b"))
m <- mcnemar.test(table(factor(a == 3, c(TRUE, FALSE)), factor(h == 3, c(TRUE, FALSE))))
w <- suppressWarnings(wilcox.test(a, h, paired = TRUE, exact = FALSE, correct = TRUE))
fr <- friedman.test(cbind(h, a, b))
cat("mcnemar a", f(m$statistic), f(m$p.value), "\nwilcoxon a", f(w$statistic), f(w$p.value),
    "\nfriedman", f(fr$statistic), f(fr$p.value), "\n")
l <- data.frame(condition = factor(rep(c("human", "a", "b"), each = 24), levels = c("human", "a", "b")),
                good = as.integer(c(h, a, b) == 3), dialogue = rep(1:24, 3))
fit <- glm(good ~ condition, family = binomial, data = l, control = glm.control(epsilon = 1e-14, maxit = 100))
fit <- glm(good ~ condition, family = binomial, data = l, start = coef(fit), control = glm.control(epsilon = 1e-14))
ct <- coeftest(fit, vcov. = vcovCL(fit, cluster = ~ dialogue))
cat("clustered by dialogue a", f(ct[2, 1]), f(ct[2, 2]), f(ct[2, 4]), "\n")
# without dialogue afraid-7 under b: pairs of a and human stay 24, Friedman's complete dialogues become 23
fr23 <- friedman.test(cbind(h, a, b)[-8, ])
cat("friedman without afraid-7", f(fr23$statistic), f(fr23$p.value), "\n")
# power of the Yates test at the observed sizes (the formula of ../io/github/empathy4j/stats/two-proportion-power.R)
pw <- function(p1, p2, n1, n2, a, cc) {
  inv <- 1 / n1 + 1 / n2; pb <- (n1 * p1 + n2 * p2) / (n1 + n2); z <- qnorm(a / 2, lower.tail = FALSE)
  t <- cc * inv / 2 + z * sqrt(pb * (1 - pb) * inv); d <- abs(p2 - p1); s1 <- sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
  pnorm((d - t) / s1) + pnorm((-d - t) / s1)
}
p0 <- mean(h == 3); pa <- mean(a == 3); pb <- mean(b == 3)
cat("power a", f(pw(p0, pa, 24, 24, 0.05, 1)), "power b", f(pw(p0, pb, 24, 24, 0.05, 1)), "\n")
cat("mdd", f(uniroot(function(d) pw(p0, p0 + d, 24, 24, 0.05, 1) - 0.8, c(0.01, 1 - p0), tol = 1e-14)$root), "\n")
