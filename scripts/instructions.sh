#!/usr/bin/env bash
# Instructions per row of the record reader (issue 12), without the host's noise: callgrind counts every
# instruction of `idou aggregate` on the first ROWS rows of a layout of bench-data/ (written by bench-peers.sh), one
# thread, and prints the total per row and the hot loop's most expensive source lines. Deterministic: use it to
# compare two versions of a row parser on a shared machine whose wall-clock times swing ±30%.
#
#   scripts/instructions.sh [LAYOUT ...]        (ROWS=1000000 TOP=25 to change; default: every layout)
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-1000000}
TOP=${TOP:-25}
command -v valgrind > /dev/null || { echo "needs valgrind (apt-get install -y valgrind)" >&2; exit 1; }
swift build -c release --product idou 2>&1 | grep -E "error|Build" >&2
B=${B:-.build/release/idou}
S=$(mktemp -d)
trap 'rm -rf "$S"' EXIT
strip -g -o "$S/idou" "$B"  # valgrind cannot read the static binary's DWARF; addresses stay the same
LAYOUTS=("$@")
[ ${#LAYOUTS[@]} -gt 0 ] || LAYOUTS=(canonical crlf code5 prefmonth cp932 quoted extra)
for L in "${LAYOUTS[@]}"; do
  F=bench-data/layouts-10000000/$L.csv
  [ -f "$F" ] || { echo "$F missing: run scripts/bench-peers.sh first" >&2; exit 1; }
  head -n $((ROWS + 1)) "$F" > "$S/rows.csv"
  valgrind --tool=callgrind --dump-instr=yes --callgrind-out-file="$S/cg" "$S/idou" aggregate "$S/rows.csv" \
    --threads 1 > /dev/null 2> "$S/log"
  total=$(awk '/refs:/ {gsub(",", "", $NF); print $NF}' "$S/log")
  # the row loop: the RowParser function with the most instructions (canonicalRun, shapeRun or columnsRun)
  python3 scripts/callgrind-lines.py "$S/cg" RowParserV "$B" "$ROWS" > "$S/lines"
  loop=$(awk '!/^#/ {s += $1} END {printf "%.0f", s}' "$S/lines")
  fn=$(head -1 "$S/lines" | grep -o 'canonicalRun\|shapeRun\|columnsRun\|parse' | head -1)
  echo "== $L: $loop instructions per row in $fn; the whole process $(awk -v t="$total" -v n="$ROWS" 'BEGIN{printf "%.0f", t / n}' ) per row (start-up included)"
  awk '!/^#/ {s[$NF] += $1} END {for (k in s) if (s[k] >= 2) printf "%7.2f %s\n", s[k], k}' "$S/lines" | sort -rn \
    | head -"$TOP" || true  # head closing the pipe early is not a failure
done
