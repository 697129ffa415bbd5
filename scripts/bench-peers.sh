#!/usr/bin/env bash
# Peer benchmark (DESIGN §8): idou vs DuckDB vs Polars on the same move-record file and the same question —
# 転入, 転出 and net per month × prefecture × sex, moves between prefectures only, sorted by month, area, sex.
#
# - generates RECORDS (default 10,000,000) synthetic records once under bench-data/ (git-ignored);
# - installs duckdb and polars from PyPI into bench-data/venv (Python is used only here);
# - runs each tool RUNS times (default 3) on the warm file, checks the three tables are byte-identical,
#   and prints the best wall time, the peak resident memory (/usr/bin/time -v) and the ratios;
# - then times idou on the binary store (ingested once): process wall time and the in-process aggregation
#   time (`--timing`), as records per second.
#
# Usage: scripts/bench-peers.sh            (RECORDS=… RUNS=… THREADS=… to change the defaults)
set -euo pipefail
cd "$(dirname "$0")/.."
RECORDS=${RECORDS:-10000000}
RUNS=${RUNS:-3}
THREADS=${THREADS:-2}
DIR=bench-data
CSV=$DIR/moves-$RECORDS.csv
STORE=$DIR/moves-$RECORDS.idou
mkdir -p "$DIR"

echo "== build (release)"
swift build -c release --product idou 2>&1 | tail -1
IDOU=.build/release/idou

if [ ! -f "$CSV" ]; then
  echo "== generate $RECORDS records → $CSV"
  "$IDOU" generate --records "$RECORDS" --seed 1 --output "$CSV"
fi
BYTES=$(stat -c %s "$CSV")
echo "file: $CSV ($BYTES bytes)"

if [ ! -x "$DIR/venv/bin/python" ] || ! "$DIR/venv/bin/python" -c "import duckdb, polars" 2>/dev/null; then
  echo "== install duckdb and polars into $DIR/venv"
  python3 -m venv "$DIR/venv"
  "$DIR/venv/bin/pip" install --quiet duckdb polars
fi
PY=$DIR/venv/bin/python
"$PY" -c "import duckdb, polars; print('duckdb', duckdb.__version__, '· polars', polars.__version__)"

cat > "$DIR/duckdb_query.py" <<'PYEOF'
import sys, duckdb
src, out, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
con = duckdb.connect()
con.execute(f"SET threads = {threads}")
con.execute(f"""
COPY (
  WITH r AS (
    SELECT substr(date, 1, 7) AS month, "from" // 10000 AS o, "to" // 10000 AS d, sex
    FROM read_csv('{src}', header = true,
      columns = {{'date': 'VARCHAR', 'from': 'INTEGER', 'to': 'INTEGER', 'sex': 'INTEGER', 'age': 'INTEGER',
                 'nationality': 'VARCHAR'}})
  ),
  g AS (SELECT month, o, d, sex, count(*) AS n FROM r WHERE o <> d GROUP BY ALL),
  i AS (SELECT month, d AS area, sex, sum(n) AS n FROM g GROUP BY ALL),
  u AS (SELECT month, o AS area, sex, sum(n) AS n FROM g GROUP BY ALL)
  SELECT month, lpad(CAST(area AS VARCHAR), 2, '0') AS area, sex,
         CAST(coalesce(i.n, 0) AS BIGINT) AS "in", CAST(coalesce(u.n, 0) AS BIGINT) AS "out",
         CAST(coalesce(i.n, 0) - coalesce(u.n, 0) AS BIGINT) AS net
  FROM i FULL OUTER JOIN u USING (month, area, sex)
  ORDER BY month, area, sex
) TO '{out}' (HEADER, DELIMITER ',')
""")
PYEOF

cat > "$DIR/polars_query.py" <<'PYEOF'
import os, sys
src, out, threads = sys.argv[1], sys.argv[2], sys.argv[3]
os.environ["POLARS_MAX_THREADS"] = threads
import polars as pl
schema = {"date": pl.Utf8, "from": pl.Int32, "to": pl.Int32, "sex": pl.Int32, "age": pl.Int32, "nationality": pl.Utf8}
g = (pl.scan_csv(src, schema=schema)
     .select(pl.col("date").str.slice(0, 7).alias("month"), (pl.col("from") // 10000).alias("o"),
             (pl.col("to") // 10000).alias("d"), pl.col("sex"))
     .filter(pl.col("o") != pl.col("d"))
     .group_by(["month", "o", "d", "sex"]).agg(pl.len().alias("n"))
     .collect())
inn = g.group_by(["month", "d", "sex"]).agg(pl.col("n").sum().alias("in")).rename({"d": "area"})
outf = g.group_by(["month", "o", "sex"]).agg(pl.col("n").sum().alias("out")).rename({"o": "area"})
t = (inn.join(outf, on=["month", "area", "sex"], how="full", coalesce=True)
     .with_columns(pl.col("in").fill_null(0).cast(pl.Int64), pl.col("out").fill_null(0).cast(pl.Int64))
     .with_columns((pl.col("in") - pl.col("out")).alias("net"), pl.col("area").cast(pl.Utf8).str.zfill(2))
     .sort(["month", "area", "sex"])
     .select(["month", "area", "sex", "in", "out", "net"]))
t.write_csv(out)
PYEOF

# best wall time (s) and peak RSS (KB) of RUNS runs of a command; the output goes to $OUT
measure() {
  local best="" rss=0
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -v -o "$DIR/time.txt" "$@" > /dev/null 2> "$DIR/stderr.txt" || { cat "$DIR/stderr.txt"; exit 1; }
    local wall kb
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$DIR/time.txt")
    kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$DIR/time.txt")
    if [ -z "$best" ] || awk "BEGIN{exit !($wall < $best)}"; then best=$wall; fi
    if [ "$kb" -gt "$rss" ]; then rss=$kb; fi
  done
  echo "$best $rss"
}

cat "$CSV" > /dev/null   # warm the page cache for everyone
echo "== CSV → table, $THREADS threads, best of $RUNS"
read -r T_IDOU M_IDOU < <(measure sh -c "$IDOU aggregate '$CSV' --threads $THREADS > '$DIR/idou.csv'")
read -r T_ONE M_ONE < <(measure sh -c "$IDOU aggregate '$CSV' --threads 1 > '$DIR/idou-1.csv'")
cmp -s "$DIR/idou.csv" "$DIR/idou-1.csv" || { echo "idou: 1 thread and $THREADS threads differ"; exit 1; }
read -r T_DUCK M_DUCK < <(measure "$PY" "$DIR/duckdb_query.py" "$CSV" "$DIR/duckdb.csv" "$THREADS")
read -r T_POLA M_POLA < <(measure "$PY" "$DIR/polars_query.py" "$CSV" "$DIR/polars.csv" "$THREADS")

if cmp -s "$DIR/idou.csv" "$DIR/duckdb.csv" && cmp -s "$DIR/idou.csv" "$DIR/polars.csv"; then
  echo "tables identical: yes ($(($(wc -l < "$DIR/idou.csv") - 1)) rows)"
else
  echo "tables identical: NO"; diff <(head -5 "$DIR/idou.csv") <(head -5 "$DIR/duckdb.csv") || true
  diff <(head -5 "$DIR/idou.csv") <(head -5 "$DIR/polars.csv") || true
  exit 1
fi

printf '%-8s %9s %12s %14s %10s\n' tool "wall s" "peak MB" "CSV MB/s" "× idou"
for row in "idou $T_IDOU $M_IDOU" "duckdb $T_DUCK $M_DUCK" "polars $T_POLA $M_POLA"; do
  set -- $row
  awk -v n="$1" -v t="$2" -v m="$3" -v b="$BYTES" -v ti="$T_IDOU" -v th="$THREADS" \
    'BEGIN{printf "%-8s %9.3f %12.1f %14.0f %10.1f\n", n, t, m/1024, b/1e6/t, t/ti}'
done
awk -v b="$BYTES" -v t="$T_IDOU" -v th="$THREADS" -v t1="$T_ONE" -v m1="$M_ONE" \
  'BEGIN{printf "idou CSV: %.2f GB/s on %d threads (%.2f GB/s per thread); 1 thread: %.3f s, %.2f GB/s, peak %.1f MB (same table)\n", b/1e9/t, th, b/1e9/t/th, t1, b/1e9/t1, m1/1024}'
for t in $(seq "$RUNS"); do "$IDOU" aggregate "$CSV" --threads 1 --timing 2>&1 > /dev/null | grep timing; done | sort -k2 -n | head -1 | sed 's/^/idou CSV, in-process best, 1 thread: /'

echo "== store → table"
[ -f "$STORE" ] || "$IDOU" ingest "$CSV" --store "$STORE" 2> /dev/null
read -r T_STORE M_STORE < <(measure sh -c "$IDOU aggregate '$STORE' --threads $THREADS > '$DIR/idou-store.csv'")
cmp -s "$DIR/idou.csv" "$DIR/idou-store.csv" && echo "store table identical to CSV table: yes" || { echo "store table differs"; exit 1; }
for t in 1 2 3 4 5; do "$IDOU" aggregate "$STORE" --threads "$THREADS" --timing 2>&1 > /dev/null | grep timing; done \
  | sort -k2 -n | head -1 | sed 's/^/store, in-process best of 5: /'
awk -v t="$T_STORE" -v m="$M_STORE" -v n="$RECORDS" \
  'BEGIN{printf "store, whole process: %.3f s, peak %.1f MB, %.0f M records/s\n", t, m/1024, n/t/1e6}'
echo "load: $(uptime)"
