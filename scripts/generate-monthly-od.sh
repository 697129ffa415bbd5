#!/usr/bin/env bash
# Writes synthetic monthly OD counts of the 47 prefectures as a long table `month,from,to,sex,count` (男 and 女),
# for projection and backtest runs: `scripts/generate-monthly-od.sh FIRST_YEAR LAST_YEAR LAST_MONTH > file.csv`.
# Deterministic (fixed seed). Flows have a base size per pair, a seasonal profile with the 3・4月 peak of the real
# report, a yearly level that drifts a few per cent, and noise. Synthetic: not published figures.
set -euo pipefail
first=${1:-2015}
last=${2:-2025}
last_month=${3:-9}
awk -v first="$first" -v last="$last" -v lastm="$last_month" 'BEGIN {
  srand(20251121)
  split("0.85 0.85 2.9 2.2 1.0 0.85 0.95 0.9 0.85 0.85 0.8 0.85", season, " ")
  for (o = 1; o <= 47; o++) for (d = 1; d <= 47; d++) base[o, d] = 2 + int(rand() * rand() * 400)
  print "month,from,to,sex,count"
  for (y = first; y <= last; y++) {
    level = 0.95 + rand() * 0.1
    for (m = 1; m <= 12; m++) {
      if (y == last && m > lastm) break
      month = sprintf("%d-%02d", y, m)
      for (o = 1; o <= 47; o++) for (d = 1; d <= 47; d++) if (o != d) {
        mean = base[o, d] * season[m] * level
        male = int(mean * (0.5 + rand() * 0.2)); female = int(mean * (0.35 + rand() * 0.2))
        printf "%s,%02d,%02d,1,%d\n%s,%02d,%02d,2,%d\n", month, o, d, male, month, o, d, female
      }
    }
  }
}'
