#!/usr/bin/env bash
# Times projection + backtest over all 47 prefectures × counterparts (three-metro: 全国計 + 5 groups) × sexes
# (総数, 男, 女) × 10 backtest years, on generated data, in a release build. Not part of the tests.
#   scripts/projection-timing.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
swift build -c release --product idou >&2
mkdir -p bench-data
data=bench-data/monthly-od-2012-2025.csv
[ -s "$data" ] || scripts/generate-monthly-od.sh 2012 2025 9 > "$data"
echo "== project (all series at once; one shown)" >&2
.build/release/idou project --area 43 --through 9 --sex all --counterparts three-metro --timings --input "$data" >/dev/null
echo "== backtest, every method, 2015–2024 (k = 3: 2012–2014 are history)" >&2
.build/release/idou backtest --area 43 --through 9 --method all --history 3 --counterparts three-metro --timings \
  --input "$data" >/dev/null
