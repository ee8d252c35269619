# Fresh synthetic data sets for CumulativeLinkMixedModelTest and their ordinal::clmm fits.
# Run from this folder: Rscript synthetic.R   (R 4.x, ordinal 2022.11.16)
# Writes synthetic-<k>.csv (level,condition,rater,dialogue; 0-based indices) and synthetic-expected.csv
# (set,key,value: thresholds alpha<j>, effects beta<c>, sd_rater, sd_dialogue, their standard errors se_*
# from sqrt(diag(vcov(m))) (NA for a standard deviation on its boundary), logLik, clmm's max.grad).
library(ordinal)
logistic <- function(x) 1 / (1 + exp(-x))
expected <- NULL
for (k in 1:10) {
  set.seed(1000 + k)
  K <- c(2, 3, 3, 4, 5, 3, 3, 4, 2, 3)[k]          # levels
  C <- c(2, 3, 2, 3, 4, 3, 2, 2, 3, 3)[k]          # conditions
  D <- c(60, 80, 120, 100, 90, 150, 70, 110, 130, 100)[k]   # dialogues
  batched <- k %% 2 == 0                           # the release's design: one rater per batch x condition
  sdR <- runif(1, 0.4, 1.2); sdD <- runif(1, 0.3, 0.9)
  alpha <- sort(rnorm(K - 1, 0, 1.2)); alpha <- alpha + seq(0, by = 0.5, length.out = K - 1)
  beta <- c(0, rnorm(C - 1, 0.4, 0.5))
  rows <- expand.grid(dialogue = 0:(D - 1), condition = 0:(C - 1))
  if (batched) {
    batch <- rows$dialogue %/% 5
    rows$rater <- as.integer(factor(paste(batch, rows$condition))) - 1
  } else {
    raters <- c(15, 25, 30, 20, 35)[(k + 1) / 2]
    rows$rater <- sample(0:(raters - 1), nrow(rows), replace = TRUE)
  }
  rows$rater <- as.integer(factor(rows$rater)) - 1
  uR <- rnorm(max(rows$rater) + 1, 0, sdR); uD <- rnorm(D, 0, sdD)
  eta <- beta[rows$condition + 1] + uR[rows$rater + 1] + uD[rows$dialogue + 1]
  cum <- sapply(alpha, function(a) logistic(a - eta))
  cum <- cbind(if (K == 2) matrix(cum) else cum, 1)
  v <- runif(nrow(rows))
  rows$level <- apply(cbind(v, cum), 1, function(r) sum(r[1] > r[-1]))
  data <- rows[, c("level", "condition", "rater", "dialogue")]
  stopifnot(all(table(data$level) > 0), length(unique(data$level)) == K)
  write.csv(data, sprintf("synthetic-%d.csv", k), row.names = FALSE, quote = FALSE)
  m <- clmm(factor(level, ordered = TRUE) ~ factor(condition) + (1 | rater) + (1 | dialogue), data = data,
            link = "logit")
  se <- sqrt(diag(vcov(m)))
  nf <- length(m$coefficients)
  st <- unlist(m$ST)
  names(st) <- names(m$ST)
  sest <- c(NA, NA); names(sest) <- names(m$ST)
  sest[st >= 1e-3] <- se[-(1:nf)]   # clmm leaves a standard deviation below 1e-3 out of the Hessian
  keys <- c(paste0("alpha", 1:(K - 1)), if (C > 1) paste0("beta", 1:(C - 1)), "sd_rater", "sd_dialogue",
            paste0("se_alpha", 1:(K - 1)), paste0("se_beta", 1:(C - 1)), "se_sd_rater", "se_sd_dialogue",
            "logLik", "maxgrad")
  values <- c(m$coefficients, st["rater"], st["dialogue"], se[1:nf], sest["rater"], sest["dialogue"],
              as.numeric(logLik(m)), max(abs(m$gradient)))
  expected <- rbind(expected, data.frame(set = k, key = keys, value = sprintf("%.17g", values)))
}
write.csv(expected, "synthetic-expected.csv", row.names = FALSE, quote = FALSE)
