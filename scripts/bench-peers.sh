#!/usr/bin/env bash
# Peer benchmark (DESIGN §8, issue 12 §8): idou vs DuckDB vs Polars on the same moves written in several layouts,
# the same question on each — 転入, 転出 and net per month × prefecture × sex, moves between prefectures only,
# sorted by month, area, sex.
#
# - generates RECORDS (default 10,000,000) records once with idou, then writes the same moves in every layout of
#   scripts/bench-layouts.py with DuckDB (not idou) under bench-data/ (git-ignored): the canonical export, CRLF,
#   5-digit codes without nationality, YYYY-MM with 2-digit prefecture codes, CP932 with Japanese names and words
#   in another column order (the peers read its UTF-8 twin: they cannot read CP932), every field quoted, and
#   YYYY/MM/DD with extra columns;
# - installs duckdb and polars from PyPI into bench-data/venv (Python is used only here);
# - runs each tool RUNS times (default 3) on the warm file of each layout, checks the three tables are
#   byte-identical (and idou's for 1 and THREADS threads), and prints per layout the best wall time, the peak
#   resident memory (/usr/bin/time -v), GB/s, and the peers' times as multiples of idou's;
# - then ingests the canonical file into a store (time, peak memory; to a new store and replacing an existing one) and
#   times the store → table (process and in-process, as records per second).
# The machine may be shared: the load average is printed with every table; run it when the load is low.
#
# Usage: scripts/bench-peers.sh            (RECORDS=… RUNS=… THREADS=… LAYOUTS="canonical code5" to change)
set -euo pipefail
cd "$(dirname "$0")/.."
RECORDS=${RECORDS:-10000000}
RUNS=${RUNS:-3}
THREADS=${THREADS:-2}
DIR=bench-data
CSV=$DIR/moves-$RECORDS.csv
LDIR=$DIR/layouts-$RECORDS
STORE=$DIR/moves-$RECORDS.idou
mkdir -p "$DIR" "$LDIR"

echo "== build (release)"
swift build -c release --product idou 2>&1 | tail -1
IDOU=.build/release/idou

if [ ! -f "$CSV" ]; then
  echo "== generate $RECORDS records → $CSV"
  "$IDOU" generate --records "$RECORDS" --seed 1 --output "$CSV"
fi

if [ ! -x "$DIR/venv/bin/python" ] || ! "$DIR/venv/bin/python" -c "import duckdb, polars" 2>/dev/null; then
  echo "== install duckdb and polars into $DIR/venv"
  python3 -m venv "$DIR/venv"
  "$DIR/venv/bin/pip" install --quiet duckdb polars
fi
PY=$DIR/venv/bin/python
"$PY" -c "import duckdb, polars; print('duckdb', duckdb.__version__, '· polars', polars.__version__)"
echo "== layouts (written once by DuckDB from the canonical file)"
"$PY" scripts/bench-layouts.py write "$CSV" "$LDIR"
LAYOUTS=${LAYOUTS:-$("$PY" scripts/bench-layouts.py layouts | tr '\n' ' ')}

# best wall time (s) and peak RSS (KB) of RUNS runs of a command (BEFORE: a command run, untimed, before each)
measure() {
  local best="" rss=0
  for _ in $(seq "$RUNS"); do
    [ -z "${BEFORE:-}" ] || eval "$BEFORE"
    local t0=$EPOCHREALTIME
    /usr/bin/time -v -o "$DIR/time.txt" "$@" > /dev/null 2> "$DIR/stderr.txt" || { cat "$DIR/stderr.txt"; exit 1; }
    local t1=$EPOCHREALTIME wall kb
    # wall time from bash's microsecond clock (time -v rounds to 10 ms, too coarse for 0.1 s runs); it includes
    # starting /usr/bin/time (≈1 ms), the same for every tool
    wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.4f", b - a}')
    kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$DIR/time.txt")
    if [ -z "$best" ] || awk "BEGIN{exit !($wall < $best)}"; then best=$wall; fi
    if [ "$kb" -gt "$rss" ]; then rss=$kb; fi
  done
  echo "$best $rss"
}

# in-process best of RUNS (idou --timing), seconds
inprocess() {
  for _ in $(seq "$RUNS"); do "$IDOU" aggregate "$1" --threads "$2" --timing 2>&1 > /dev/null | grep timing; done \
    | awk '{print $2}' | sort -n | head -1
}

echo "== CSV → table, $THREADS threads, best of $RUNS; load: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-10s %8s %7s %9s %7s | %7s %6s %7s | %7s %6s %7s | %s\n' layout "MB" "idou s" "in-proc s" "GB/s" \
  "duckdb" "×" "MB" "polars" "×" "MB" "idou peak MB, 1 thread"
for L in $LAYOUTS; do
  F=$LDIR/$L.csv
  P=$("$PY" scripts/bench-layouts.py peer-file "$L" "$LDIR")
  cat "$F" "$P" > /dev/null   # warm the page cache for everyone
  BYTES=$(stat -c %s "$F")
  read -r T_I M_I < <(measure sh -c "$IDOU aggregate '$F' --threads $THREADS > '$DIR/idou.csv'")
  read -r T_1 M_1 < <(measure sh -c "$IDOU aggregate '$F' --threads 1 > '$DIR/idou-1.csv'")
  T_IN=$(inprocess "$F" "$THREADS")
  read -r T_D M_D < <(measure "$PY" scripts/bench-layouts.py duckdb "$L" "$LDIR" "$DIR/duckdb.csv" "$THREADS")
  read -r T_P M_P < <(measure "$PY" scripts/bench-layouts.py polars "$L" "$LDIR" "$DIR/polars.csv" "$THREADS")
  if ! cmp -s "$DIR/idou.csv" "$DIR/idou-1.csv"; then echo "$L: idou 1 and $THREADS threads differ"; exit 1; fi
  if ! cmp -s "$DIR/idou.csv" "$DIR/duckdb.csv" || ! cmp -s "$DIR/idou.csv" "$DIR/polars.csv"; then
    echo "$L: tables differ"; diff <(head -5 "$DIR/idou.csv") <(head -5 "$DIR/duckdb.csv") || true
    diff <(head -5 "$DIR/idou.csv") <(head -5 "$DIR/polars.csv") || true
    exit 1
  fi
  awk -v l="$L" -v b="$BYTES" -v ti="$T_I" -v tin="$T_IN" -v mi="$M_I" -v td="$T_D" -v md="$M_D" -v tp="$T_P" \
      -v mp="$M_P" -v m1="$M_1" -v t1="$T_1" \
    'BEGIN{printf "%-10s %8.0f %7.3f %9.3f %7.2f | %7.3f %6.1f %7.0f | %7.3f %6.1f %7.0f | %.1f (1 thread %.3f s, %.2f GB/s)\n",
      l, b/1e6, ti, tin, b/1e9/ti, td, td/ti, md/1024, tp, tp/ti, mp/1024, mi/1024, t1, b/1e9/t1}'
done
echo "(tables identical for idou 1 and $THREADS threads, DuckDB and Polars on every layout; $(($(wc -l < "$DIR/idou.csv") - 1)) rows in the last)"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== ingest (CSV → store) and store → table"
# A new store each run (the old one removed and the removal synced, untimed), then replacing an existing one: on a
# file system mounted with `discard` freeing the old store's blocks is part of the rename (≈50 ms for 90 MB here).
read -r T_ING M_ING < <(BEFORE="rm -f '$STORE'; sync" measure sh -c "$IDOU ingest '$CSV' --store '$STORE' --threads $THREADS")
read -r T_REP M_REP < <(measure sh -c "$IDOU ingest '$CSV' --store '$STORE' --threads $THREADS")
read -r T_STORE M_STORE < <(measure sh -c "$IDOU aggregate '$STORE' --threads $THREADS > '$DIR/idou-store.csv'")
"$IDOU" aggregate "$CSV" --threads "$THREADS" > "$DIR/idou.csv" 2>/dev/null
cmp -s "$DIR/idou.csv" "$DIR/idou-store.csv" && echo "store table identical to CSV table: yes" || { echo "store table differs"; exit 1; }
T_SIN=$(inprocess "$STORE" "$THREADS")
awk -v t="$T_ING" -v m="$M_ING" -v b="$(stat -c %s "$CSV")" -v s="$(stat -c %s "$STORE")" \
  -v r="$T_REP" 'BEGIN{printf "ingest: %.3f s (%.2f GB/s of CSV) to a new store, %.3f s (%.2f GB/s) replacing one; peak %.1f MB, store %.0f MB (synced before it is renamed into place)\n",
    t, b/1e9/t, r, b/1e9/r, m/1024, s/1e6}'
awk -v t="$T_STORE" -v m="$M_STORE" -v n="$RECORDS" -v ti="$T_SIN" \
  'BEGIN{printf "store → table: %.3f s whole process, peak %.1f MB; in-process %.4f s = %.2f G records/s\n", t, m/1024, ti, n/ti/1e9}'
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
