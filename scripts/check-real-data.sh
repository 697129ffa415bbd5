#!/usr/bin/env bash
# Reads every real file of a directory (default ../shared/data/real, or datasets/real) through the release `idou`,
# as it is, and checks the published figures of its SOURCES.md against idou's CSV output (Python only checks the
# output here; it is not needed to build or run idou). Exit 1 when a check fails.
#
#   scripts/check-real-data.sh [DIR]
set -uo pipefail
cd "$(dirname "$0")/.."
R="$(cd "${1:-../shared/data/real}" && pwd)"
source scripts/setup.sh >/dev/null
set +e  # setup.sh turns -e on; the refusals below are expected exits
swift build -c release --product idou 2>&1 | grep -E "error|Build" >&2
B="$PWD/.build/release/idou"
out=$(mktemp -d /tmp/idou-real-XXXXXX)
trap 'rm -rf "$out"' EXIT
run() {  # name, args… → $out/name.csv, account lines on $out/name.err
  local name="$1"; shift
  "$B" "$@" --format csv > "$out/$name.csv" 2> "$out/$name.err" || { echo "FAIL  idou $* (exit $?)"; cat "$out/$name.err"; }
}
T1="$R/estat-annual-table1-2010-2025.csv"
# Each scope over the years the table has (移動者 from 2014, 日本人 from 2010, 外国人 from 2020), and one year it has
# not for two of them, which must be refused.
for y in $(seq 2014 2025); do run "t1-all-$y" summary --input "$T1" --scope all --year "$y"; done
for y in $(seq 2010 2025); do run "t1-japanese-$y" summary --input "$T1" --scope japanese --year "$y"; done
for y in $(seq 2020 2025); do run "t1-foreign-$y" summary --input "$T1" --scope foreign --year "$y"; done
for a in "all 2010" "foreign 2015"; do set -- $a
  "$B" summary --input "$T1" --scope "$1" --year "$2" > /dev/null 2> "$out/refused-$1-$2.err"
  echo $? > "$out/refused-$1-$2.rc"
done
run t1-43-2025-male summary --input "$T1" --area 43 --year 2025 --sex male
run t1-43-2025-female summary --input "$T1" --area 43 --year 2025 --sex female
run t1-metro summary --input "$T1" --year 2025 --regions three-metro
run t1-cities summary --input "$T1" --year 2025 --regions 21-cities
run matrix summary --input "$R/jp-prefecture-migration-2025.csv"
[ -f "$R/FY2025-migration_prefecture.json" ] && run json summary --input "$R/FY2025-migration_prefecture.json"
run monthly tidy "$R/monthly-prefecture-2013-07_2026-07.csv"
# A table of per-area totals has no counterparts: their figures are absent (—), never 0, and a chart of them is
# refused; 全国計 is the table's.
run monthly-cp table --input "$R/monthly-prefecture-2013-07_2026-07.csv" --area 43 --by counterpart --year 2026
"$B" chart outflow-by-counterpart --input "$R/monthly-prefecture-2013-07_2026-07.csv" --area 43 --output "$out/c.svg" \
  > /dev/null 2> "$out/monthly-chart.err"
echo $? > "$out/monthly-chart.rc"
"$B" project --input "$R/monthly-prefecture-2013-07_2026-07.csv" --area 43 --counterparts three-metro \
  > /dev/null 2> "$out/monthly-project.err"
echo $? > "$out/monthly-project.rc"
run od tidy "$R/od-prefecture-2019-2025.csv"
[ -f "$R/od-prefecture-2019-2025.json" ] && run odjson tidy "$R/od-prefecture-2019-2025.json"
W="$R/wakayama-2024"
run wakayama summary --input "$W/estat-municipal-in-2024.csv" "$W/estat-municipal-out-2024.csv" --year 2024
run wakayama-pref summary --input "$W/estat-municipal-in-2024.csv" "$W/estat-municipal-out-2024.csv" --year 2024 --area 30
run wakayama-age summary --input "$W/estat-municipal-in-2024.csv" "$W/estat-municipal-out-2024.csv" --year 2024 --area 30 --by age

python3 - "$out" "$R" <<'EOF'
import csv, json, os, sys
from collections import defaultdict
out, R = sys.argv[1], sys.argv[2]
bad = 0
def rows(name):
    p = os.path.join(out, name + ".csv")
    return list(csv.DictReader(open(p, encoding="utf-8"))) if os.path.exists(p) and os.path.getsize(p) else None
def check(what, ok):
    global bad
    print(("ok    " if ok else "FAIL  ") + what)
    bad += not ok
def n(v): return int(v) if v not in ("", None) else None
# Table 1: every scope × year given, 47 prefecture rows, Σ in = Σ out, no empty figure; the published figures.
for scope, years in (("all", range(2014, 2026)), ("japanese", range(2010, 2026)), ("foreign", range(2020, 2026))):
    for y in years:
        r = rows(f"t1-{scope}-{y}")
        ok = r is not None and len(r) == 47 and all(x["in"] and x["out"] for x in r) \
            and sum(n(x["in"]) for x in r) == sum(n(x["out"]) for x in r) and sum(n(x["net"]) for x in r) == 0
        bad_years = locals().setdefault("bad_years", [])
        if not ok: bad_years.append((scope, y))
    check(f"table 1 {scope} {years.start}–{years.stop - 1}: every year 47 prefecture rows, no —, Σ in = Σ out, Σ net = 0",
          not [b for b in bad_years if b[0] == scope])
for scope, y in (("all", 2010), ("foreign", 2015)):
    rc = open(os.path.join(out, f"refused-{scope}-{y}.rc")).read().strip()
    err = open(os.path.join(out, f"refused-{scope}-{y}.err"), encoding="utf-8").read()
    check(f"table 1 {scope} {y}: refused with exit 65, naming the years it has", rc == "65" and "the data has" in err)
k = {y: next(x for x in rows(f"t1-all-{y}") if x["area"] == "43") for y in (2023, 2024, 2025)}
check("熊本県 2023 30,375 / 31,999 / ▲1,624", (n(k[2023]["in"]), n(k[2023]["out"]), n(k[2023]["net"])) == (30375, 31999, -1624))
check("熊本県 2024 29,700 / 31,242 / ▲1,542", (n(k[2024]["in"]), n(k[2024]["out"]), n(k[2024]["net"])) == (29700, 31242, -1542))
check("熊本県 2025 28,923 / 31,256 / ▲2,333", (n(k[2025]["in"]), n(k[2025]["out"]), n(k[2025]["net"])) == (28923, 31256, -2333))
m, f = rows("t1-43-2025-male")[0], rows("t1-43-2025-female")[0]
check("熊本県 2025 男 16,521 / 17,279, 女 12,402 / 13,977", (n(m["in"]), n(m["out"]), n(f["in"]), n(f["out"])) == (16521, 17279, 12402, 13977))
metro = {x["area"]: x for x in rows("t1-metro")}
check("東京圏 2025 515,892 / 392,358 / 123,534 (the file's 51000 row)", (n(metro["51000"]["in"]), n(metro["51000"]["out"])) == (515892, 392358))
cities = rows("t1-cities")
kc = next(x for x in cities if x["area"] == "43100")
check(f"21-cities 2025: {len(cities)} rows (21 cities + 21大都市計), 熊本市 24,263 / 24,599", len(cities) == 22 and (n(kc["in"]), n(kc["out"])) == (24263, 24599))
# The 2025 matrix: Σ 2,515,731, and every prefecture = the JSON's domestic_in/out.
mx = rows("matrix")
js = json.load(open(os.path.join(R, "FY2025-migration_prefecture.json"), encoding="utf-8"))
byname = {x["prefecture"]: x for x in js}
check("matrix 2025: Σ in = Σ out = 2,515,731", sum(n(x["in"]) for x in mx) == 2515731 == sum(n(x["out"]) for x in mx))
check("matrix 2025: every prefecture = the JSON's domestic_in/out", all(n(x["in"]) == byname[x["name"]]["domestic_in"] and n(x["out"]) == byname[x["name"]]["domestic_out"] for x in mx))
if rows("json") is not None:
    jr = rows("json")
    check("per-prefecture JSON read as it is: 47 rows = the matrix's", len(jr) == 47 and all(a["in"] == b["in"] and a["out"] == b["out"] for a, b in zip(jr, mx)))
# Monthly: Σ 47 net = 0 every month; 12 months = table 1 for 2014–2025; 熊本県 2024 Oct–Dec.
mo = rows("monthly")
months = defaultdict(lambda: [0, 0]); inout = defaultdict(lambda: [0, 0])
for x in mo:
    if x["sex"] != "0": continue
    c = n(x["count"])
    if x["from"] == "99300": inout[(x["to"], x["period"])][0] += c
    elif x["to"] == "99300": inout[(x["from"], x["period"])][1] += c
check("monthly: only per-area totals (不詳 at the other end), 47 × 157 months", len(inout) == 47 * 157)
net_by_month = defaultdict(int)
for (a, p), (i, o) in inout.items(): net_by_month[p] += i - o
check("monthly: every month Σ 47 net = 0", all(v == 0 for v in net_by_month.values()))
cp = rows("monthly-cp") or []
groups = [r for r in cp if r["counterpart"] != "00000"]
cells = lambda r: [v for k, v in r.items() if k.startswith("2026-") and not k.endswith("_diff")]
total_out = [r for r in cp if r["counterpart"] == "00000" and r["direction"] == "out"]
rc = open(os.path.join(out, "monthly-chart.rc")).read().strip()
err = open(os.path.join(out, "monthly-chart.err"), encoding="utf-8").read()
check("monthly: counterpart groups absent (—), never 0; 全国計 転出 2026-01 1,987; the counterpart chart refused (65)",
      groups and all(v == "" for r in groups for v in cells(r)) and total_out and total_out[0]["2026-01"] == "1987"
      and rc == "65" and "転出入先別のデータがない" in err)
rc = open(os.path.join(out, "monthly-project.rc")).read().strip()
err = open(os.path.join(out, "monthly-project.err"), encoding="utf-8").read()
check("monthly: project --counterparts refused (65): only totals, not a projection without its counterparts",
      rc == "65" and "only its 転入 and 転出 totals" in err)
agree = 0
for y in range(2014, 2026):
    t1 = {x["area"]: x for x in rows(f"t1-all-{y}")}
    for a in t1:
        s = [sum(inout[(a, f"{y}-{mm:02d}")][j] for mm in range(1, 13)) for j in (0, 1)]
        agree += s == [n(t1[a]["in"]), n(t1[a]["out"])]
check(f"monthly: 12 months = table 1 for every prefecture × year 2014–2025 ({agree} of 564)", agree == 564)
check("熊本県 2024 Oct/Nov/Dec in 1,962 / 1,633 / 1,699, out 1,831 / 1,351 / 1,493",
      [inout[("43", f"2024-{mm}")] for mm in (10, 11, 12)] == [[1962, 1831], [1633, 1351], [1699, 1493]])
# OD: margins = table 1 (329 of 329); totals 2024 2,523,249, 2025 2,515,731; the JSON gives the same rows.
od = rows("od")
marg = defaultdict(lambda: [0, 0]); tot = defaultdict(int)
for x in od:
    c = n(x["count"]); marg[(x["to"], x["period"])][0] += c; marg[(x["from"], x["period"])][1] += c; tot[x["period"]] += c
agree = 0
for y in range(2019, 2026):
    t1 = {x["area"]: x for x in rows(f"t1-all-{y}")}
    agree += sum(marg[(a, str(y))] == [n(t1[a]["in"]), n(t1[a]["out"])] for a in t1)
check(f"OD: every prefecture's margins = table 1, 2019–2025 ({agree} of 329)", agree == 329)
check("OD totals 2024 2,523,249, 2025 2,515,731", (tot["2024"], tot["2025"]) == (2523249, 2515731))
if rows("odjson") is not None:
    check("OD JSON read as it is: the same rows as the CSV", rows("odjson") == od)
# Wakayama: 和歌山市; Σ 30 municipalities = 和歌山県; no aggregate row (市部, 郡部, 郡) among the areas; age 20～24歳.
w = rows("wakayama")
codes = [x["area"] for x in w]
check("和歌山県: no 市部/郡部/郡 row counted as an area", not any(c.endswith(("001", "002")) or c in ("30300", "30340", "30360", "30380", "30400", "30420") for c in codes))
wm = next(x for x in w if x["area"] == "30201")
check("和歌山市 2024 6,877 / 7,534 / ▲657", (n(wm["in"]), n(wm["out"]), n(wm["net"])) == (6877, 7534, -657))
munis = [x for x in w if len(x["area"]) == 5 and x["area"].startswith("30")]
wp = rows("wakayama-pref")[0]
check(f"Σ {len(munis)} municipalities = 和歌山県 19,532 / 22,569", len(munis) == 30 and sum(n(x["in"]) for x in munis) == n(wp["in"]) == 19532 and sum(n(x["out"]) for x in munis) == n(wp["out"]) == 22569)
age = next(x for x in rows("wakayama-age") if x["age"] == "20～24歳")
check("和歌山県 2024 20～24歳 3,148 / 4,879 / ▲1,731", (n(age["in"]), n(age["out"]), n(age["net"])) == (3148, 4879, -1731))
sys.exit(1 if bad else 0)
EOF
