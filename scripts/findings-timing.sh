#!/usr/bin/env bash
# The timing-dependent reproductions of shared/findings/reliability-3101aa7.md, which a unit test cannot hit
# reliably: each is tried several times with different delays, and every try must end as promised.
#
#   1  a record file truncated while aggregate/ingest read it: an error (65/74), never a signal (was SIGBUS, 135)
#   7  output to a full file system: exit 74, nothing half-written left (skipped when tmpfs cannot be mounted)
#   14 SIGKILL during ingest: the store is never partial, and the next run removes the dead run's STORE.tmp-PID
#   —  SIGINT/SIGTERM during a write: no temporary file is left, the old target is untouched
#
#   scripts/findings-timing.sh [TRIES]        (default 6 tries per case; release build)
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
set +e  # setup.sh turns -e on; every case below looks at its own exit codes
tries="${1:-6}"
swift build -c release --product idou 2>&1 | grep -E "error|Compiling|Build" >&2 || true
B="$PWD/.build/release/idou"
work=$(mktemp -d /tmp/idou-timing-XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"
failures=0
report() {  # case, ok count, tries, detail
  local status="ok"; [ "$2" -eq "$3" ] || { status="FAILED"; failures=$((failures + 1)); }
  printf '%-62s %s/%s %s %s\n' "$1" "$2" "$3" "$status" "${4:-}"
}

"$B" generate --records 4000000 --seed 5 --output big.csv 2>/dev/null
size=$(stat -c %s big.csv)

# 1. Truncation during the read.
for cmd in "aggregate FILE --threads 1" "aggregate FILE --threads 2 --level municipality" "ingest FILE --store t.idou"; do
  ok=0; seen=""
  for i in $(seq 1 "$tries"); do
    cp big.csv m.csv
    delay=$(awk -v i="$i" 'BEGIN { printf "%.3f", 0.005 * i * i }')
    # shellcheck disable=SC2086
    "$B" ${cmd/FILE/m.csv} >/dev/null 2>err.txt &
    pid=$!
    sleep "$delay"; truncate -s 1000 m.csv
    wait $pid; rc=$?
    seen="$seen $rc"
    [ "$rc" -lt 128 ] && ok=$((ok + 1))
  done
  report "1: ${cmd/FILE /}, file truncated to 1000 bytes while read" "$ok" "$tries" "(exits:$seen)"
done

# 14. SIGKILL during ingest, then the next run.
ok=0
for i in $(seq 1 "$tries"); do
  rm -f s.idou s.idou.tmp-*
  "$B" ingest big.csv --store s.idou >/dev/null 2>&1 &
  pid=$!
  sleep "$(awk -v i="$i" 'BEGIN { printf "%.2f", 0.15 * i }')"; kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
  left=$(ls s.idou.tmp-* 2>/dev/null | wc -l)
  partial=0
  [ -e s.idou ] && ! "$B" aggregate s.idou >/dev/null 2>&1 && partial=1
  "$B" ingest big.csv --store s.idou >/dev/null 2>&1
  after=$(ls s.idou.tmp-* 2>/dev/null | wc -l)
  [ "$partial" -eq 0 ] && [ "$after" -eq 0 ] && ok=$((ok + 1))
done
report "14: SIGKILL during ingest; the next ingest removes the leftover" "$ok" "$tries"

# SIGINT and SIGTERM during a write: no temporary file, the old file intact.
for sig in INT TERM; do
  ok=0
  for i in $(seq 1 "$tries"); do
    echo old > g.csv
    "$B" generate --records 3000000 --seed "$i" --output g.csv 2>/dev/null &
    pid=$!
    sleep "$(awk -v i="$i" 'BEGIN { printf "%.2f", 0.1 * i }')"; kill -s "$sig" $pid 2>/dev/null; wait $pid
    rc=$?
    left=$(ls g.csv.tmp-* 2>/dev/null | wc -l)
    content=$(head -c 4 g.csv)
    # Either the signal came first (old file, no temp) or the write had finished (whole new file, exit 0).
    if [ "$left" -eq 0 ] && { [ "$content" = "old" ] || [ "$rc" -eq 0 ]; }; then ok=$((ok + 1)); fi
  done
  report "—: SIG$sig during generate: no temp file left, target old or whole" "$ok" "$tries"
done

# 7. A full file system (needs permission to mount a tmpfs).
if mkdir -p full && mount -t tmpfs -o size=1m tmpfs full 2>/dev/null; then
  ok=0 left=0
  for cmd in "aggregate big.csv --level municipality" "tidy" "summary --format csv" "generate --records 100000 --output full/g.csv" "summary --format csv --output full/s.csv"; do
    rm -f full/*
    # Fill the file system so that even a small output finds no room.
    dd if=/dev/zero of=full/filler bs=4k 2>/dev/null
    # shellcheck disable=SC2086
    if [[ $cmd == *--output* ]]; then "$B" $cmd >/dev/null 2>err.txt; else "$B" $cmd > full/out 2>err.txt; fi
    rc=$?
    left=$((left + $(ls full | grep -c tmp- || true)))
    [ "$rc" -eq 74 ] && grep -q "cannot write" err.txt && [ ! -e full/g.csv ] && [ ! -e full/s.csv ] && ok=$((ok + 1))
  done
  rm -f full/*
  umount full
  report "7: stdout or --output on a full 1 MiB tmpfs: exit 74, 'cannot write'" "$ok" 5 "(temporary files left: $left)"
else
  echo "7: full file system: skipped (cannot mount a tmpfs here; /dev/full is tested in swift test)"
fi

[ "$failures" -eq 0 ]
