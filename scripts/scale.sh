#!/usr/bin/env bash
# Scale and memory (issue 12 §6, issue 14 §3): generated records through `aggregate`, `ingest` and the store's
# `aggregate`, with wall time and peak resident memory (/usr/bin/time -v), at SMALL and LARGE records; then, from the
# slope between the two sizes, the figures for 250 million records (all of Japan, 50 years of inter-municipal
# moves). Then the crafted inputs of the reliability report that once made memory explode.
#
#   scripts/scale.sh                        (SMALL=10000000 LARGE=100000000 THREADS=2 RUNS=1 to change)
#
# Files go to bench-data/ (git-ignored): the 100M CSV is 3.3 GB, its store 0.9 GB. The machine may be shared:
# the load average is printed with the table.
set -euo pipefail
cd "$(dirname "$0")/.."
SMALL=${SMALL:-10000000}
LARGE=${LARGE:-100000000}
THREADS=${THREADS:-2}
RUNS=${RUNS:-1}
DIR=bench-data
mkdir -p "$DIR"
source scripts/setup.sh >/dev/null
swift build -c release --product idou 2>&1 | tail -1
B=.build/release/idou

# best wall time (s) and the largest peak RSS (MB) of RUNS runs
measure() {
  local best="" rss=0
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -v -o "$DIR/scale-time.txt" "$@" > /dev/null 2> "$DIR/scale-err.txt" || { cat "$DIR/scale-err.txt"; exit 1; }
    local wall kb
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$DIR/scale-time.txt")
    kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$DIR/scale-time.txt")
    if [ -z "$best" ] || awk "BEGIN{exit !($wall < $best)}"; then best=$wall; fi
    if [ "$kb" -gt "$rss" ]; then rss=$kb; fi
  done
  awk -v t="$best" -v k="$rss" 'BEGIN{printf "%.3f %.1f\n", t, k/1024}'
}

declare -A T M
for N in "$SMALL" "$LARGE"; do
  CSV=$DIR/moves-$N.csv
  STORE=$DIR/scale-$N.idou
  [ -f "$CSV" ] || { echo "== generate $N records"; "$B" generate --records "$N" --seed 1 --output "$CSV"; }
  cat "$CSV" > /dev/null
  read -r T[agg,$N] M[agg,$N] < <(measure "$B" aggregate "$CSV" --threads "$THREADS")
  read -r T[mun,$N] M[mun,$N] < <(measure "$B" aggregate "$CSV" --threads "$THREADS" --level municipality)
  rm -f "$STORE"
  read -r T[ing,$N] M[ing,$N] < <(measure "$B" ingest "$CSV" --store "$STORE" --threads "$THREADS")
  read -r T[sto,$N] M[sto,$N] < <(measure "$B" aggregate "$STORE" --threads "$THREADS")
  read -r T[stm,$N] M[stm,$N] < <(measure "$B" aggregate "$STORE" --threads "$THREADS" --level municipality)
  echo "$N records: CSV $(($(stat -c %s "$CSV") / 1000000)) MB, store $(($(stat -c %s "$STORE") / 1000000)) MB"
done

echo "== $THREADS threads; load: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-34s %12s %12s %12s %12s %14s\n' "" "$SMALL s" "MB" "$LARGE s" "MB" "250M s (slope)"
for k in agg mun ing sto stm; do
  case $k in
    agg) name="aggregate CSV (prefecture)" ;; mun) name="aggregate CSV (municipality)" ;;
    ing) name="ingest CSV → store" ;; sto) name="aggregate store (prefecture)" ;; stm) name="aggregate store (municipality)" ;;
  esac
  awk -v n="$name" -v s="$SMALL" -v l="$LARGE" -v ts="${T[$k,$SMALL]}" -v ms="${M[$k,$SMALL]}" \
      -v tl="${T[$k,$LARGE]}" -v ml="${M[$k,$LARGE]}" \
    'BEGIN{b=(tl-ts)/(l-s); a=ts-b*s; printf "%-34s %12.3f %12.1f %12.3f %12.1f %14.2f\n", n, ts, ms, tl, ml, a+b*250e6}'
done

echo "== crafted inputs (reliability report findings 4): peak memory must stay ≤ 256 MB"
# 4,800 rows spanning the 2,400 months 1900–2099 (105 KB), as the report built it.
python3 -c "r=['date,from,to,sex']+['%04d-%02d,13101,27100,1'%(y,m) for y in range(1900,2100) for m in range(1,13)]; open('$DIR/months.csv','w').write('\n'.join(r+r[1:])+'\n')"
for args in "--level municipality --threads 1" "--level municipality --threads 2" "--level municipality --threads 256" \
            "--threads 256"; do
  # shellcheck disable=SC2086
  read -r t m < <(measure "$B" aggregate "$DIR/months.csv" $args)
  awk -v a="$args" -v t="$t" -v m="$m" 'BEGIN{printf "months.csv %-36s %7.3f s %8.1f MB %s\n", a, t, m, (m <= 256 ? "ok" : "OVER 256 MB")}'
done
# shellcheck disable=SC2086
read -r t m < <(measure "$B" aggregate "$DIR/moves-$SMALL.csv" --threads 256 --level municipality)
awk -v t="$t" -v m="$m" -v s="$SMALL" 'BEGIN{printf "%s records --level municipality --threads 256 %7.3f s %8.1f MB\n", s, t, m}'
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
