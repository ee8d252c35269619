# Reference values of ClusteredLogitTest.releaseHumanVsGpt4VsGpt4Plain on the study's release.
# Run: Rscript release.R [path of dataset_and_ratings.csv]   (default: the shared data folder beside /work/main)
# R 4.2.2, sandwich 3.0.2, lmtest 0.9.40; the refit from its own estimate evaluates everything at the MLE (see generate.R).
suppressPackageStartupMessages({ library(sandwich); library(lmtest) })
a <- commandArgs(TRUE)
d <- read.csv(if (length(a)) a[1] else "../../../../../../shared/data/welivita-pu-2024/dataset_and_ratings.csv")
l <- rbind(data.frame(condition = "human", rating = d$rating_human, rater = d$annotator_human, dialogue = d$dialog_id),
           data.frame(condition = "gpt-4", rating = d$rating_chatgpt_empathy, rater = d$annotator_chatgpt_empathy, dialogue = d$dialog_id),
           data.frame(condition = "gpt-4-plain", rating = d$rating_chatgpt, rater = d$annotator_chatgpt, dialogue = d$dialog_id))
l$condition <- factor(l$condition, levels = c("human", "gpt-4", "gpt-4-plain"))
l$good <- as.integer(l$rating == 3)
fit <- glm(good ~ condition, family = binomial, data = l, control = glm.control(epsilon = 1e-14, maxit = 100))
fit <- glm(good ~ condition, family = binomial, data = l, start = coef(fit), control = glm.control(epsilon = 1e-14))
f <- function(x) sprintf("%.17g", x)
for (e in list(list("glm", vcov(fit)), list("rater", vcovCL(fit, cluster = ~ rater)),
               list("dialogue", vcovCL(fit, cluster = ~ dialogue)), list("twoway", vcovCL(fit, cluster = ~ rater + dialogue)))) {
  ct <- coeftest(fit, vcov. = e[[2]]); ci <- coefci(fit, vcov. = e[[2]])
  cat(e[[1]], "\n"); for (j in 1:3) cat("  ", rownames(ct)[j], f(ct[j, 1]), f(ct[j, 2]), f(ct[j, 3]), f(ct[j, 4]), f(ci[j, 1]), f(ci[j, 2]), "\n")
  b <- coef(fit); p0 <- plogis(b[1]); pc <- plogis(b[1] + b[2]); g <- c(pc*(1-pc) - p0*(1-p0), pc*(1-pc))
  cat("   share diff gpt-4", f(pc - p0), f(sqrt(drop(t(g) %*% e[[2]][1:2,1:2] %*% g))), "\n")
}
