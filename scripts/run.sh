#!/usr/bin/env bash
# The monthly job (issue 11): on the latest month of the bundled data (or of --input files), for every prefecture,
# 1～M月 転入/転出/社会増減 with 前年同期差 and the year-end projection with its backtest interval, sorted by code;
# then the HTML report of one area.
#
#   scripts/run.sh                 # every prefecture, and the report of 熊本県 (43)
#   scripts/run.sh 13              # … and the report of 東京都
#   scripts/run.sh 43 --target=-1624 --input a.csv b.csv   # options after the area go to both commands
#
# Writes out/monthly-YYYY-MM.txt, out/monthly-YYYY-MM.csv and out/report-AREA-YYYY-MM.html.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
area="${1:-43}"
[ $# -gt 0 ] && shift
swift build -c release --product idou >&2
idou=.build/release/idou
mkdir -p out

# The year and month the data ends with, as idou resolves them.
read -r year month < <("$idou" project --area "$area" --format json "$@" 2>/dev/null \
  | sed -n 's/.*"year": \([0-9]*\), "through": \([0-9]*\).*/\1 \2/p' | head -n 1)
stamp=$(printf '%04d-%02d' "$year" "$month")

"$idou" project --format text "$@" 2>/dev/null | tee "out/monthly-$stamp.txt"
"$idou" project --format csv --output "out/monthly-$stamp.csv" "$@" 2>/dev/null
"$idou" report --area "$area" --era --output "out/report-$area-$stamp.html" "$@"
echo "run.sh: out/monthly-$stamp.txt, out/monthly-$stamp.csv, out/report-$area-$stamp.html" >&2
