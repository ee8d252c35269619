# Run: Rscript empathy-stats/src/test/resources/clmm/release.R (R 4.x, ordinal 2022.11.16); output in release.out
# (reads the shared release from /work/shared/data; writes release_fit.rds into the working folder)
library(ordinal)
d <- read.csv("/work/shared/data/welivita-pu-2024/dataset_and_ratings.csv", stringsAsFactors = FALSE)
long <- rbind(
  data.frame(level = d$rating_human, condition = "human", rater = paste0("h", d$annotator_human), dialogue = d$dialog_id),
  data.frame(level = d$rating_chatgpt_empathy, condition = "gpt-4", rater = paste0("e", d$annotator_chatgpt_empathy), dialogue = d$dialog_id),
  data.frame(level = d$rating_chatgpt, condition = "gpt-4-plain", rater = paste0("p", d$annotator_chatgpt), dialogue = d$dialog_id))
long$condition <- factor(long$condition, levels = c("human", "gpt-4", "gpt-4-plain"))
cat("raters", length(unique(long$rater)), "dialogues", length(unique(long$dialogue)), "\n")
print(system.time(m <- clmm(factor(level, ordered = TRUE) ~ condition + (1 | rater) + (1 | dialogue), data = long, link = "logit")))
options(digits = 17)
print(summary(m))
print(m$Theta); print(m$ST); print(m$logLik); print(m$coefficients); print(sqrt(diag(vcov(m))))
print(m$optRes); print(m$info)
saveRDS(m, "release_fit.rds")
