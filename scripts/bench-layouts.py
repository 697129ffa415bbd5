#!/usr/bin/env python3
"""The layouts of the peer benchmark (issue 12 §8) and the peers' queries on each.

Run inside the benchmark's own venv (duckdb, polars), by scripts/bench-peers.sh:

    bench-layouts.py write CANONICAL.csv DIR          # writes DIR/LAYOUT.csv for every layout (once)
    bench-layouts.py layouts                          # the layout names, one a line
    bench-layouts.py peer-file LAYOUT DIR             # the file the peers read (the UTF-8 twin for CP932)
    bench-layouts.py duckdb LAYOUT DIR OUT THREADS    # DuckDB's table
    bench-layouts.py polars LAYOUT DIR OUT THREADS    # Polars' table

Every layout holds the same moves as the canonical file idou generated (same rows, same order), written by DuckDB
(not by idou), so the three tables must be byte-identical. The question: 転入, 転出 and net per month ×
prefecture × sex, moves between prefectures only, sorted by month, area, sex (`month,area,sex,in,out,net`).
"""
import os
import sys

# name: (file, the peers' file, month expression, code divisor, sex mapping)
# DuckDB expressions over all-VARCHAR columns; Polars expressions are built from the same facts below.
LAYOUTS = {
    # the generator's own: date,from,to,sex,age,nationality (YYYY-MM-DD, 6-digit codes, LF)
    "canonical": dict(date="date", frm="from", to="to", sex="sex", month="slice7", div=10000, sexmap=None),
    # the same with CRLF line ends
    "crlf": dict(date="date", frm="from", to="to", sex="sex", month="slice7", div=10000, sexmap=None),
    # date,from,to,sex,age: 5-digit codes (no check digit), no nationality
    "code5": dict(date="date", frm="from", to="to", sex="sex", month="slice7", div=1000, sexmap=None),
    # date,from,to,sex: YYYY-MM and 2-digit prefecture codes (moves within a prefecture are 43,43)
    "prefmonth": dict(date="date", frm="from", to="to", sex="sex", month="whole", div=1, sexmap=None),
    # 性別,転出元,転入先,異動年月日,国籍,年齢 in CP932, CRLF, 男/女, 日本人/外国人 (peers read the UTF-8 twin)
    "cp932": dict(date="異動年月日", frm="転出元", to="転入先", sex="性別", month="slice7", div=10000,
                  sexmap={"男": 1, "女": 2}),
    # every field quoted
    "quoted": dict(date="date", frm="from", to="to", sex="sex", month="slice7", div=10000, sexmap=None),
    # ID,異動年月日,転出元,転入先,性別,年齢,備考: YYYY/MM/DD, M/F, extra columns (one in ten notes quoted, with a comma)
    "extra": dict(date="異動年月日", frm="転出元", to="転入先", sex="性別", month="slash7", div=10000,
                  sexmap={"M": 1, "F": 2}),
}


def write(canonical, directory):
    import duckdb

    con = duckdb.connect()
    con.execute("SET preserve_insertion_order = true")
    src = f"read_csv('{canonical}', header=true, all_varchar=true)"

    def copy(select, path, opts=""):
        if not os.path.exists(path):
            con.execute(f"COPY (SELECT {select} FROM {src}) TO '{path}' (HEADER{opts})")

    def crlf(src_path, dst_path, encoding=None):
        """Copies a file with CRLF line ends (and CP932 text), in blocks."""
        import codecs

        if os.path.exists(dst_path):
            return
        dec = codecs.getincrementaldecoder("utf-8")()
        with open(src_path, "rb") as i, open(dst_path + ".part", "wb") as o:
            while True:
                b = i.read(1 << 24)
                if not b:
                    break
                b = b.replace(b"\n", b"\r\n")
                o.write(dec.decode(b).encode(encoding) if encoding else b)
        os.rename(dst_path + ".part", dst_path)

    d = directory
    if not os.path.exists(f"{d}/canonical.csv"):
        os.link(canonical, f"{d}/canonical.csv")
    crlf(canonical, f"{d}/crlf.csv")
    copy('date, substr("from", 1, 5) AS "from", substr("to", 1, 5) AS "to", sex, age', f"{d}/code5.csv")
    copy('substr(date, 1, 7) AS date, substr("from", 1, 2) AS "from", substr("to", 1, 2) AS "to", sex',
         f"{d}/prefmonth.csv")
    copy("""CASE sex WHEN '1' THEN '男' ELSE '女' END AS 性別, "from" AS 転出元, "to" AS 転入先, date AS 異動年月日,
            CASE nationality WHEN 'JP' THEN '日本人' ELSE '外国人' END AS 国籍, age AS 年齢""",
         f"{d}/cp932-utf8-lf.csv")
    crlf(f"{d}/cp932-utf8-lf.csv", f"{d}/cp932-utf8.csv")
    crlf(f"{d}/cp932-utf8-lf.csv", f"{d}/cp932.csv", encoding="cp932")
    copy("*", f"{d}/quoted.csv", ", FORCE_QUOTE *")
    copy("""row_number() OVER () AS ID, replace(date, '-', '/') AS 異動年月日, "from" AS 転出元, "to" AS 転入先,
            CASE sex WHEN '1' THEN 'M' ELSE 'F' END AS 性別, age AS 年齢,
            CASE WHEN row_number() OVER () % 10 = 0 THEN '転居, 世帯主' ELSE '転居' END AS 備考""",
         f"{d}/extra.csv")


def peer_file(layout, d):
    return f"{d}/cp932-utf8.csv" if layout == "cp932" else f"{d}/{layout}.csv"


def duckdb_query(layout, d, out, threads):
    import duckdb

    L = LAYOUTS[layout]
    con = duckdb.connect()
    con.execute(f"SET threads = {threads}")
    date, frm, to, sex = (f'"{L[k]}"' for k in ("date", "frm", "to", "sex"))
    month = {"slice7": f"substr({date}, 1, 7)", "whole": date, "slash7": f"replace(substr({date}, 1, 7), '/', '-')"}[L["month"]]
    sexv = (f"CASE {sex} " + " ".join(f"WHEN '{k}' THEN {v}" for k, v in L["sexmap"].items()) + " END"
            if L["sexmap"] else f"CAST({sex} AS INTEGER)")
    div = L["div"]
    con.execute(f"""
COPY (
  WITH r AS (
    SELECT {month} AS month, CAST({frm} AS INTEGER) // {div} AS o, CAST({to} AS INTEGER) // {div} AS d, {sexv} AS sex
    FROM read_csv('{peer_file(layout, d)}', header = true, all_varchar = true)
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


def polars_query(layout, d, out, threads):
    os.environ["POLARS_MAX_THREADS"] = str(threads)
    import polars as pl

    L = LAYOUTS[layout]
    date = pl.col(L["date"])
    month = {"slice7": date.str.slice(0, 7), "whole": date,
             "slash7": date.str.slice(0, 7).str.replace("/", "-")}[L["month"]]
    sex = (pl.col(L["sex"]).replace_strict(L["sexmap"], return_dtype=pl.Int32) if L["sexmap"]
           else pl.col(L["sex"]).cast(pl.Int32))
    div = L["div"]
    g = (pl.scan_csv(peer_file(layout, d), infer_schema=False)
         .select(month.alias("month"), (pl.col(L["frm"]).cast(pl.Int32) // div).alias("o"),
                 (pl.col(L["to"]).cast(pl.Int32) // div).alias("d"), sex.alias("sex"))
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


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "write":
        write(sys.argv[2], sys.argv[3])
    elif cmd == "layouts":
        print("\n".join(LAYOUTS))
    elif cmd == "peer-file":
        print(peer_file(sys.argv[2], sys.argv[3]))
    elif cmd == "duckdb":
        duckdb_query(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
    elif cmd == "polars":
        polars_query(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
    else:
        sys.exit(f"unknown command {cmd}")
