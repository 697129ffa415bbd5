#!/usr/bin/env bash
# Runs idou's coverage-guided fuzz targets (libFuzzer, Fuzz/Targets/Fuzz*) for a set time each, with
# AddressSanitizer, at the lowest CPU priority. Each target gets the repository's fixtures of its layout as seeds;
# the corpus grows across runs in .build-fuzz/corpus/TARGET, and anything found (crash-*, oom-*, timeout-*,
# leak-*) is kept in .build-fuzz/artifacts/TARGET. Prints per target the executions, the corpus size and the
# findings, appends them to .build-fuzz/fuzz-log.tsv, and exits 1 if anything was found.
#
#   scripts/fuzz.sh                       # every target, 600 s each
#   scripts/fuzz.sh --seconds 60 FuzzEStat FuzzMatrix
#   scripts/fuzz.sh --replay FILE TARGET  # run one input through a target (to reproduce a finding)
#
# Limits: inputs up to 64 KiB, 1 GiB of memory (an input of that size must run in far less: issue 14 §3),
# 30 s per input (the machine is shared: a slow input under load is not a hang).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
seconds=600
replay=""
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --replay) replay="$2"; shift 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
if [ ${#targets[@]} -eq 0 ]; then
  for d in Fuzz/Targets/Fuzz*/; do [ "$(basename "$d")" = FuzzSupport ] || targets+=("$(basename "$d")"); done
fi

scratch=.build-fuzz
# -O keeps Swift's bounds and overflow checks (only -Ounchecked drops them) and runs 2–3× as many inputs per
# second as -Onone.
echo "fuzz: building ${targets[*]} (-O, -sanitize=fuzzer,address)" >&2
for t in "${targets[@]}"; do
  nice -n 19 swift build --package-path Fuzz --scratch-path "$scratch" -Xswiftc -sanitize=fuzzer,address \
    -Xswiftc -use-ld=lld -Xswiftc -O --product "$t" 2>&1 | grep -E "error|warning: unre|Compiling|Build of" >&2 || true
  [ -x "$scratch/debug/$t" ] || { echo "fuzz: $t did not build" >&2; exit 2; }
done

if [ -n "$replay" ]; then
  exec "$scratch/debug/${targets[0]}" -rss_limit_mb=1024 -timeout=10 "$replay"
fi

fixtures=Tests/IdouIngestTests/Fixtures
seeds() {
  case "$1" in
    FuzzEStat) ls $fixtures/estat-*.csv ;;
    FuzzLongTable) ls $fixtures/long-*.csv $fixtures/expected-summary-2024.csv ;;
    FuzzTidyTable) ls $fixtures/expected-tidy.csv ;;
    FuzzCounterpartTable) ls datasets/reference/*.csv ;;
    FuzzMatrix) ls datasets/real/*.csv ;;
    FuzzAnyInput) ls $fixtures/*.csv datasets/reference/*.csv datasets/real/*.csv datasets/regions/*.csv ;;
  esac
  # A target may bring its own seeds (records, stores).
  [ -d "Fuzz/Targets/$1/seeds" ] && find "Fuzz/Targets/$1/seeds" -type f
  return 0
}

found=0
printf '%-22s %8s %12s %8s %s\n' target seconds executions corpus findings
for t in "${targets[@]}"; do
  corpus="$scratch/corpus/$t" artifacts="$scratch/artifacts/$t"
  mkdir -p "$corpus" "$artifacts"
  for f in $(seeds "$t"); do
    # Seeds above the length limit are cut: their first 64 KiB still hold a header and many rows.
    head -c 65536 "$f" > "$corpus/seed-$(basename "$f")"
  done
  log="$scratch/$t.log"
  before=$(ls "$artifacts" | wc -l)
  nice -n 19 "$scratch/debug/$t" "$corpus" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=1024 \
    -timeout=30 -print_final_stats=1 -artifact_prefix="$artifacts/" >"$log" 2>&1 || true
  runs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo 0)
  [ -n "$runs" ] || runs=$(grep -oE 'Done [0-9]+ runs' "$log" | grep -oE '[0-9]+' || echo 0)
  new=$(( $(ls "$artifacts" | wc -l) - before ))
  size=$(ls "$corpus" | wc -l)
  what="none"
  if [ "$new" -gt 0 ]; then
    found=1
    what="$new new in $artifacts: $(grep -m1 -E 'ERROR: |==ERROR|deadly signal|Fatal error|out-of-memory|timeout' "$log" | cut -c1-160)"
  fi
  printf '%-22s %8s %12s %8s %s\n' "$t" "$seconds" "$runs" "$size" "$what"
  printf '%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$t" "$seconds" "$runs" "$new" >> "$scratch/fuzz-log.tsv"
done
exit $found
