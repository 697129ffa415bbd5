#!/usr/bin/env bash
# The memory bombs of shared/findings/reliability-3101aa7.md (findings 4 and 5, issue 14 §3): small crafted inputs
# that once made idou allocate gigabytes, and a file of many rejects written to --rejects. Each is run with /usr/bin/time -v and must peak at ≤ 256 MB, or be
# refused with a clear error (exit 65) — never an abort. Prints one line per case: peak RSS, exit code, verdict.
#
#   scripts/memory-bombs.sh            (release build; exits 1 if a case breaks its promise)
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
set +e
swift build -c release --product idou 2>&1 | grep -E "error|Build" >&2
B="$PWD/.build/release/idou"
work=$(mktemp -d /tmp/idou-bombs-XXXXXX)
trap 'rm -rf "$work"' EXIT
limit_kb=$((256 * 1024))
failed=0

# finding 4: 4,800 municipal records over the 2,400 months 1900–2099 (105 KB)
{
  echo "date,from,to,sex"
  for pass in 1 2; do
    for y in $(seq 1900 2099); do for m in 01 02 03 04 05 06 07 08 09 10 11 12; do echo "$y-$m,13101,27100,1"; done; done
  done
} > "$work/months.csv"
# finding 5: a long table of 16,000 distinct municipal codes (384 KB)
awk 'BEGIN {
  n = 0
  for (p = 1; p <= 47 && n < 16000; p++) for (x = 100; x < 1000 && n < 16000; x++) c[n++] = sprintf("%02d%03d", p, x)
  print "month,from,to,sex,count"
  for (i = 0; i < 16000; i++) printf "2025-01,%s,%s,0,1\n", c[i], c[(i + 1) % 16000]
}' > "$work/codes.csv"
sed 's/^month,from,to,sex,count$/period,scope,from,to,sex,count/; s/^2025-01,/2025-01,all,/' "$work/codes.csv" > "$work/tidy.csv"
# a million rows, every other one rejected (sex 9), with --rejects: the rejects' words are made window by window
# and their pages handed back (once 2 GB, then 370 MB: the pages re-read for the words stayed mapped)
awk 'BEGIN {
  print "date,from,to,sex,age,nationality"
  for (i = 0; i < 1000000; i++) printf "2025-%02d-15,131016,271004,%d,%d,JP\n", i % 12 + 1, i % 2 ? 1 : 9, i % 90
}' > "$work/rejects.csv"

run() {  # name, command…
  local name="$1"; shift
  /usr/bin/time -v -o "$work/time.txt" "$@" > /dev/null 2> "$work/err.txt"
  local rc=$? kb
  kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
  local verdict=ok
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 65 ]; then verdict="FAIL (exit $rc)"; failed=1; fi
  if [ "$kb" -gt "$limit_kb" ]; then verdict="FAIL (over 256 MB)"; failed=1; fi
  printf '%-58s %8.1f MB  exit %-3s %s\n' "$name" "$(echo "$kb / 1024" | bc -l)" "$rc" "$verdict"
  [ "$rc" -eq 65 ] && sed 's/^/    /' "$work/err.txt" | tail -1
}

printf 'inputs: months.csv %s bytes, codes.csv %s bytes, tidy.csv %s bytes\n' \
  "$(stat -c %s "$work/months.csv")" "$(stat -c %s "$work/codes.csv")" "$(stat -c %s "$work/tidy.csv")"
run "aggregate months.csv --level municipality (2 threads)" "$B" aggregate "$work/months.csv" --level municipality
run "aggregate months.csv --level municipality --threads 1" "$B" aggregate "$work/months.csv" --level municipality --threads 1
run "aggregate months.csv --threads 256" "$B" aggregate "$work/months.csv" --threads 256
run "summary --input codes.csv (16,000 codes)" "$B" summary --input "$work/codes.csv"
run "tidy codes.csv" "$B" tidy "$work/codes.csv"
run "aggregate rejects.csv --rejects (500,000 rejects)" "$B" aggregate "$work/rejects.csv" --rejects "$work/rejects-out.csv"
run "summary --input tidy.csv (16,000 codes, tidy form)" "$B" summary --input "$work/tidy.csv"
exit $failed
