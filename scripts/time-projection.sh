#!/usr/bin/env bash
# How long idou takes to project and backtest every prefecture (README "Timing"): the compute time idou reports
# with --timings (reading the inputs excluded), the median of RUNS runs, for
#   - project: all 47 prefectures projected by 同期比率法, each backtested over the years before (interval);
#   - backtest --method all: all 47 prefectures × every method × every backtest year, plus each method's
#     current projection;
#   - backtest --study: the rolling-origin study (16 candidates × 47 prefectures × M = 1…11 × 2014–2025).
# A script, not a timed unit test: timings depend on the machine and its load.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
runs="${RUNS:-7}"
# Extra arguments (e.g. --input FILE…) go to every command; by default the bundled real data.
extra=("$@")
[ -n "${NO_BUILD:-}" ] || swift build -c release --product idou >&2
idou=.build/release/idou

# The milliseconds of the last "timing:" line of a command's stderr ("… in 0.00123 seconds").
ms() { sed -n 's/.* in \([0-9.e-]*\) seconds.*/\1/p' | tail -n 1 | awk '{ printf "%.3f\n", $1 * 1000 }'; }
median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

measure() {
  local label="$1"; shift
  local times=()
  for _ in $(seq "$runs"); do times+=("$("$idou" "$@" "${extra[@]}" --timings 2>&1 >/dev/null | ms)"); done
  printf '%-58s %10s ms (median of %d)\n' "$label" "$(printf '%s\n' "${times[@]}" | median)" "$runs"
}

measure "project: 47 prefectures, with backtest and interval" project --year 2025 --through 9
measure "backtest --method all: 47 prefectures × 6 methods × 8 years" backtest --method all --year 2025 --through 9
measure "backtest --method all --history 1: 47 × 6 methods × 10 years" backtest --method all --history 1 --year 2025 --through 9
measure "backtest --study: 16 candidates × 47 × M 1–11" backtest --study
