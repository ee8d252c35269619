# Reference values of StudyDesignTest.aCrowdWithAnUnansweredReply: a crowd, human rated by h0-h3 and m by m0-m2 in
# batches of 4 dialogues (h3 rates one), and m's reply to dialogue 12 refused, counted at the lowest level
# (Bad) as a rating by a rater of its own ("u").
# Run: Rscript crowd.R   (R 4.2, sandwich, lmtest)
suppressPackageStartupMessages({ library(sandwich); library(lmtest) })
f <- function(x) sprintf("%.17g", x)
h <- c(3, 2, 3, 1, 3, 3, 2, 2, 3, 1, 2, 3, 2)
m <- c(3, 3, 3, 2, 3, 3, 3, 1, 2, 3, 3, 2, 1)
l <- data.frame(condition = factor(rep(c("human", "m"), each = 13), levels = c("human", "m")),
                good = as.integer(c(h, m) == 3), dialogue = rep(0:12, 2),
                rater = c(paste0("h", (0:12) %/% 4), paste0("m", (0:11) %/% 4), "u"))
fit <- glm(good ~ condition, family = binomial, data = l, control = glm.control(epsilon = 1e-14, maxit = 100))
fit <- glm(good ~ condition, family = binomial, data = l, start = coef(fit), control = glm.control(epsilon = 1e-14))
for (e in list(list("glm", vcov(fit)), list("rater", vcovCL(fit, cluster = ~ rater)),
               list("twoway", vcovCL(fit, cluster = ~ rater + dialogue)))) {
  ct <- coeftest(fit, vcov. = e[[2]])
  cat(e[[1]], f(ct[2, 1]), f(ct[2, 2]), f(ct[2, 4]), "\n")
}
