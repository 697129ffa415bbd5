#!/usr/bin/env bash
# Writes a SYNTHETIC monthly OD count table (month,from,to,sex,count) for a handful of prefectures, January 2014
# through September 2025, 男 and 女 — for demonstrating `idou chart` and `idou report` on several years. The numbers
# are made up by a seeded generator (same output every run); they are NOT figures of 住民基本台帳人口移動報告.
#
#   scripts/generate-report-sample.sh out/synthetic-od-2014-2025.csv
#
# Shape: 熊本県 (43) gains slightly in the first years and loses more and more later; March and April carry the
# school and job moves (about 3× and 2.4× a usual month); 東京圏 draws from everyone.
set -euo pipefail
out="${1:-out/synthetic-od-2014-2025.csv}"
mkdir -p "$(dirname "$out")"
awk -v last_year=2025 -v last_month=9 'BEGIN {
  split("11 12 13 14 23 26 27 28 40 42 43 46", area, " ")
  n = 12
  state = 20251121
  print "month,from,to,sex,count"
  for (y = 2014; y <= last_year; y++) {
    for (m = 1; m <= 12; m++) {
      if (y == last_year && m > last_month) break
      season = (m == 3) ? 3.0 : (m == 4) ? 2.4 : (m == 8 || m == 12) ? 0.85 : 1.0
      for (i = 1; i <= n; i++) for (j = 1; j <= n; j++) {
        if (i == j) continue
        o = area[i]; d = area[j]
        base = 40
        if (d >= 11 && d <= 14) base = 110              # 東京圏 draws
        if (o >= 11 && o <= 14 && d >= 11 && d <= 14) base = 420
        if ((o == 40 && d == 43) || (o == 43 && d == 40)) base = 330
        if (o == 42 || o == 46 || d == 42 || d == 46) base = base * 0.6
        if (d == 43) base = base * (1.48 - 0.045 * (y - 2014))   # 熊本県: gains early, losses later
        if (o == 43 && d >= 11 && d <= 14) base = base * (1 + 0.015 * (y - 2014))
        for (s = 1; s <= 2; s++) {
          state = (state * 1103515245 + 12345) % 2147483648
          noise = (state % 1000) / 1000.0 * 0.16 - 0.08
          share = (s == 1) ? 0.53 : 0.47
          count = int(base * season * share * (1 + noise) + 0.5)
          printf "%04d-%02d,%s,%s,%d,%d\n", y, m, o, d, s, count
        }
      }
    }
  }
}' > "$out"
echo "wrote $out ($(($(wc -l < "$out") - 1)) rows, SYNTHETIC)" >&2
