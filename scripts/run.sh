#!/usr/bin/env bash
# Sets up, builds idou in release mode and runs it.
#
#   scripts/run.sh                       # the monthly job (below), with the report of 熊本県 (43)
#   scripts/run.sh --area 13             # … with the report of 東京都; other options go to both commands
#   scripts/run.sh summary --area 43     # any idou command: `scripts/run.sh COMMAND …` is `idou COMMAND …`
#
# The monthly job (issue 11): on the latest month of the bundled data (or of --input files), for every
# prefecture, 1～M月 転入/転出/社会増減 with 前年同期差 and the year-end projection with its backtest interval,
# sorted by code; then the HTML report of one area. Writes out/monthly-YYYY-MM.txt, out/monthly-YYYY-MM.csv and
# out/report-AREA-YYYY-MM.html, and prints the table.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
swift build -c release --product idou >&2
idou=.build/release/idou

if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then
  exec "$idou" "$@"
fi

area=43
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --area) area="$2"; shift 2 ;;
    --area=*) area="${1#--area=}"; shift ;;
    *) args+=("$1"); shift ;;
  esac
done
mkdir -p out

# The year and month the data ends with, as idou resolves them.
read -r year month < <("$idou" project --area "$area" --format json "${args[@]}" 2>/dev/null \
  | sed -n 's/.*"year": \([0-9]*\), "through": \([0-9]*\).*/\1 \2/p' | head -n 1)
stamp=$(printf '%04d-%02d' "$year" "$month")

"$idou" project --format text "${args[@]}" 2>/dev/null | tee "out/monthly-$stamp.txt"
"$idou" project --format csv --output "out/monthly-$stamp.csv" "${args[@]}" 2>/dev/null
"$idou" report --area "$area" --era --output "out/report-$area-$stamp.html" "${args[@]}" 2>/dev/null
echo "run.sh: out/monthly-$stamp.txt, out/monthly-$stamp.csv, out/report-$area-$stamp.html" >&2
