# Synthetic reference cases for ClusteredLogitTest: logistic regression of success on condition with
# model-based, one-way cluster-robust and two-way cluster-robust standard errors (sandwich::vcovCL defaults).
# Run from this folder:  Rscript generate.R
# Writes data-NN.csv (condition, success, rater, dialogue) and expected.csv.
# R 4.2.2, sandwich 3.0.2, lmtest 0.9.40.
suppressPackageStartupMessages({ library(sandwich); library(lmtest) })
set.seed(20261127)
f <- function(x) sprintf("%.17g", x)
rows <- list()
for (s in 1:20) {
  repeat {
    k <- sample(2:4, 1)
    raters <- sample(3:40, 1)            # raters per condition
    dialogues <- sample(20:300, 1)
    crossed <- s %% 5 == 0               # every fifth set: raters rate replies of several conditions
    a <- rnorm(k, 0, 0.8)
    sdr <- runif(1, 0, 1.2); sdd <- runif(1, 0, 1.2)
    u <- rnorm(raters * k, 0, sdr); v <- rnorm(dialogues, 0, sdd)
    d <- NULL
    for (cond in 0:(k - 1)) for (r in 1:raters) {
      m <- sample(1:12, 1)
      dl <- sample(dialogues, m)
      rater <- if (crossed) sample(raters * k, 1) else cond * raters + r
      eta <- a[cond + 1] + u[rater] + v[dl]
      d <- rbind(d, data.frame(condition = cond, success = rbinom(m, 1, plogis(eta)),
                               rater = rater * 7 - 50, dialogue = dl - 1))   # ids need not be contiguous
    }
    t <- tapply(d$success, d$condition, mean)
    if (all(t > 0 & t < 1) && length(t) == k) break
  }
  d <- d[sample(nrow(d)), ]
  write.csv(d, sprintf("data-%02d.csv", s), row.names = FALSE)
  d$cf <- factor(d$condition)
  # glm's default fit stops IRLS with the working weights of the last-but-one iterate, so its vcov (and every
  # sandwich) can be up to ~1e-4 relative off the one at the MLE (1.3e-4 on set 06; 4.5e-8 even with epsilon
  # 1e-14). A second IRLS pass started at the converged estimate evaluates everything at the MLE (~1e-14 off
  # the closed form); vcovCL's own arguments stay at their defaults.
  fit <- glm(success ~ cf, family = binomial, data = d, control = glm.control(epsilon = 1e-14, maxit = 100))
  fit <- glm(success ~ cf, family = binomial, data = d, start = coef(fit), control = glm.control(epsilon = 1e-14))
  # the fit is saturated in condition: its MLE is closed form; report how close R's IRLS got
  closed <- qlogis(t); closed <- c(closed[1], closed[-1] - closed[1])
  cat(sprintf("set %02d: n %d, k %d, max |glm - closed form| %.3g\n", s, nrow(d), k, max(abs(coef(fit) - closed))))
  vs <- list(glm = vcov(fit),
             rater = vcovCL(fit, cluster = ~ rater),
             dialogue = vcovCL(fit, cluster = ~ dialogue),
             twoway = vcovCL(fit, cluster = ~ rater + dialogue))
  for (e in names(vs)) {
    ct <- coeftest(fit, vcov. = vs[[e]])
    ci <- coefci(fit, vcov. = vs[[e]], level = 0.95)
    b <- coef(fit)
    for (j in seq_along(b)) {
      # share difference p_c - p_0 = plogis(b0 + bc) - plogis(b0), delta-method standard error
      if (j > 1) {
        p0 <- plogis(b[1]); pc <- plogis(b[1] + b[j])
        g <- c(pc * (1 - pc) - p0 * (1 - p0), pc * (1 - pc))
        idx <- c(1, j)
        dse <- sqrt(drop(t(g) %*% vs[[e]][idx, idx] %*% g)); diff <- pc - p0
      } else { dse <- NA; diff <- NA }
      rows[[length(rows) + 1]] <- data.frame(set = s, estimator = e, term = j - 1,
        estimate = f(ct[j, 1]), se = f(ct[j, 2]), z = f(ct[j, 3]), p = f(ct[j, 4]),
        lower = f(ci[j, 1]), upper = f(ci[j, 2]), share_difference = f(diff), share_difference_se = f(dse))
    }
  }
}
write.csv(do.call(rbind, rows), "expected.csv", row.names = FALSE, quote = FALSE)
