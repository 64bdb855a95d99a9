#!/usr/bin/env Rscript
# The oracle of survey-score's design-based figures: R's survey package
# (Lumley), svydesign + svymean / svyciprop / svytotal + svycontrast, one
# domain (subset) per --by group, over the samples gendesign.py wrote.
# Writes one CSV per configuration, named as survey-score's columns, with
# 17 significant digits; tests/survey-score.bats compares survey-score's
# output with them to 1e-9 relative (testdata/survey-score/rcheck.py).
#
# Usage: Rscript tests/r/survey-design.R testdata/survey-score OUTDIR
# (OUTDIR = testdata/survey-score/r to refresh the pinned files).
suppressMessages(library(survey))
args <- commandArgs(TRUE)
dir <- args[1]
out <- args[2]
num <- function(x) ifelse(is.finite(x), sprintf("%.17g", x), "")

prep <- function(d) {
  d$npsv <- ifelse(is.na(d$ltr), NA, 100 * ((d$ltr >= 9) - (d$ltr <= 6)))
  d$top <- ifelse(is.na(d$q1), NA, as.numeric(d$q1 >= 4))
  d$x1 <- ifelse(is.na(d$q1), 0, d$q1)
  d$n1 <- as.numeric(!is.na(d$q1))
  d$x2 <- ifelse(is.na(d$q2), 0, d$q2)
  d$n2 <- as.numeric(!is.na(d$q2))
  d
}

# Every figure of one domain: --nps ltr --csat q1 --ces effort:7
# --index q1=2,q2=1 --ci 0.95
figures <- function(des) {
  df <- degf(des)
  mean1 <- function(f, name) {
    m <- svymean(f, des, na.rm = TRUE, deff = TRUE)
    ci <- confint(m, df = df)
    r <- c(coef(m), SE(m), deff(m), ci[1], ci[2])
    names(r) <- paste0(name, c("", "_se", "_deff", "_lo", "_hi"))
    r
  }
  share <- mean1(~top, "csat")
  p <- svyciprop(~I(top == 1), des, method = "mean", na.rm = TRUE)
  share[c("csat_lo", "csat_hi")] <- attr(p, "ci")
  tot <- svytotal(~x1 + n1 + x2 + n2, des)
  k1 <- 100 * 2 / 3 / 4
  k2 <- 100 * 1 / 3 / 4
  ix <- svycontrast(tot, bquote(.(k1) * (x1 / n1 - 1) + .(k2) * (x2 / n2 - 1)))
  t <- qt(0.975, df)
  c(df = df, mean1(~npsv, "nps"), share, mean1(~q1, "csat_mean"),
    mean1(~effort, "ces"), index = coef(ix)[[1]], index_se = SE(ix)[[1]],
    index_lo = coef(ix)[[1]] - t * SE(ix)[[1]],
    index_hi = coef(ix)[[1]] + t * SE(ix)[[1]])
}

# One configuration: rows for each --by value (bytewise order), then the
# total (or the one row without --by).
write_config <- function(name, des, by = NULL) {
  rows <- list()
  keys <- character(0)
  if (!is.null(by)) {
    vals <- sort(unique(as.character(des$variables[[by]])), method = "radix")
    for (v in vals) {
      rows[[length(rows) + 1]] <- figures(subset(des, des$variables[[by]] == v))
      keys <- c(keys, v)
    }
    keys <- c(keys, "total")
  } else {
    keys <- ""
  }
  rows[[length(rows) + 1]] <- figures(des)
  m <- do.call(rbind, rows)
  f <- file.path(out, paste0(name, ".csv"))
  cat("key,", paste(colnames(m), collapse = ","), "\n", sep = "", file = f)
  for (i in seq_len(nrow(m)))
    cat(keys[i], ",", paste(num(m[i, ]), collapse = ","), "\n", sep = "",
        file = f, append = TRUE)
}

d <- prep(read.csv(file.path(dir, "design.csv"), na.strings = ""))
lonely <- prep(read.csv(file.path(dir, "lonely.csv"), na.strings = ""))
options(survey.lonely.psu = "fail")

# A: --strata region --cluster shop --fpc N_shops --weight w --by channel --total
write_config("strat_clus_fpc", svydesign(ids = ~shop, strata = ~region,
  fpc = ~N_shops, weights = ~w, nest = TRUE, data = d), by = "channel")
# B: --strata region --weight w (each respondent a PSU)
write_config("strat_weight", svydesign(ids = ~1, strata = ~region,
  weights = ~w, data = d))
# C: --cluster region (clusters, no strata, no weights)
write_config("clus", svydesign(ids = ~region, data = d))
# D: --strata region --cluster shop --fpc frac (weights from the fractions)
write_config("strat_clus_frac", svydesign(ids = ~shop, strata = ~region,
  fpc = ~frac, nest = TRUE, data = d))
# F: --compare channel --reference web under design A: phone - web of the
# NPS, the CSAT share and mean, as a contrast of domain totals (svytotal
# + svycontrast), p on the design's df
cmp <- d
out_rows <- c()
for (v in c("npsv", "top", "q1")) {
  y <- cmp[[v]]
  for (g in c("phone", "web")) {
    cmp[[paste0("y_", g)]] <- ifelse(is.na(y) | cmp$channel != g, 0, y)
    cmp[[paste0("n_", g)]] <- as.numeric(!is.na(y) & cmp$channel == g)
  }
  des <- svydesign(ids = ~shop, strata = ~region, fpc = ~N_shops,
                   weights = ~w, nest = TRUE, data = cmp)
  tot <- svytotal(~y_phone + n_phone + y_web + n_web, des)
  ct <- svycontrast(tot, quote(y_phone / n_phone - y_web / n_web))
  z <- coef(ct)[[1]] / SE(ct)[[1]]
  out_rows <- c(out_rows, coef(ct)[[1]], SE(ct)[[1]], 2 * pt(-abs(z), degf(des)))
}
f <- file.path(out, "compare_design.csv")
cat("key,nps_diff,nps_diff_se,p,csat_diff,csat_diff_se,csat_p,csat_mean_diff,csat_mean_diff_se,csat_mean_p\n", file = f)
cat("phone,", paste(num(out_rows), collapse = ","), "\n", sep = "", file = f, append = TRUE)

# G: raked (rake() with its default control, epsilon 1, maxit 10) to the
# population margins of region and channel (rake_region.csv,
# rake_channel.csv): --rake region=... --rake channel=...
margin <- function(f, col) {
  m <- read.csv(file.path(dir, f), colClasses = c("character", "numeric"))
  names(m) <- c(col, "Freq")
  m
}
rk <- function(des) rake(des, list(~region, ~channel),
  list(margin("rake_region.csv", "region"), margin("rake_channel.csv", "channel")))
# on design A, by channel with a total
write_config("rake_strat_clus_fpc", rk(svydesign(ids = ~shop, strata = ~region,
  fpc = ~N_shops, weights = ~w, nest = TRUE, data = d)), by = "channel")
# weights only (each respondent a PSU), by region
write_config("rake_weight", rk(svydesign(ids = ~1, weights = ~w, data = d)),
  by = "region")
# no weights: equal weights raked; strata without clusters
write_config("rake_strat", rk(suppressWarnings(svydesign(ids = ~1,
  strata = ~region, data = d))))

# E: a stratum of one shop, each lonely-PSU rule
for (rule in c("remove", "certainty", "average", "adjust")) {
  options(survey.lonely.psu = rule)
  write_config(paste0("lonely_", rule), svydesign(ids = ~shop,
    strata = ~region, weights = ~w, nest = TRUE, data = lonely))
}
