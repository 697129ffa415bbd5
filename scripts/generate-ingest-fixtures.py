#!/usr/bin/env python3
"""Writes the small e-Stat and table fixtures of Tests/IdouIngestTests/Fixtures from one set of figures, and the
tidy rows and 転入/転出 those figures must give (computed here, independently of idou's readers).

The figures are invented (small, municipal: 熊本市 43100, 髙森町 43428 — written with the CP932-only 髙 —, 福岡市
40130; two months of 2024; 移動者 and 日本人移動者; 総数/男/女), except that the per-prefecture table carries the
published 2025 totals of 熊本県 (in 28,923, out 31,256) and 東京都 (net +65,219) with an invented split by sex.

Run from the repository root:  python3 scripts/generate-ingest-fixtures.py
Python is needed only to regenerate the fixtures, never to build or test idou.
"""
import os

OUT = "Tests/IdouIngestTests/Fixtures"
AREAS = [("43100", "熊本市"), ("43428", "髙森町"), ("40130", "福岡市")]
NAME = dict(AREAS)
MONTHS = [("2024000101", "2024年1月", "2024-01"), ("2024000202", "2024年2月", "2024-02")]
SCOPES = [("60000", "移動者（外国人含む）", "all"), ("61000", "日本人移動者", "japanese")]
MARKER = ("2024-02", "40130", "43428")  # 福岡市 → 髙森町 in February: *** (no value), in every scope

# (month, origin, destination) -> (male, female) for 移動者; 日本人移動者 = a little fewer.
BASE = {
    ("2024-01", "43100", "43428"): (12, 10), ("2024-01", "43100", "40130"): (30, 25),
    ("2024-01", "43428", "43100"): (8, 9), ("2024-01", "43428", "40130"): (2, 1),
    ("2024-01", "40130", "43100"): (1040, 1038), ("2024-01", "40130", "43428"): (1, 0),
    ("2024-02", "43100", "43428"): (15, 11), ("2024-02", "43100", "40130"): (33, 29),
    ("2024-02", "43428", "43100"): (7, 7), ("2024-02", "43428", "40130"): (3, 2),
    ("2024-02", "40130", "43100"): (41, 35),
}


def figures(scope):
    out = {}
    for k, (m, f) in BASE.items():
        if scope == "japanese":
            m, f = max(m - 1, 0), max(f - 2, 0)
        out[k] = (m + f, m, f)
    return out


def fmt(n):
    return f"{n:,}"


def q(fields):
    return ",".join('"' + str(x).replace('"', '""') + '"' for x in fields)


def value_of(scope, month, o, d):
    """(total, male, female) or None for a marker ('-' on the diagonal, *** for MARKER)."""
    if o == d:
        return "-"
    if (month, o, d) == MARKER:
        return "***"
    return figures(scope)[(month, o, d)]


METADATA = [
    q(["統計名：", "住民基本台帳人口移動報告 月報（実数）"]),
    q(["表番号：", "2"]),
    q(["表題：", "市区町村間移動者数①（試験用：㈱idou作成、髙森町を含む）"]),
    q(["調査年月：", "2024年1月～2024年2月"]),
    "",
    q(["「凡例」"]),
    q(["***", "調査していないため該当数値がないもの"]),
    q(["-", "定義上該当数値がないもの"]),
    "",
]
DIMS = ["表章項目 コード", "表章項目", "国籍 コード", "国籍", "移動後の住所地 コード", "移動後の住所地",
        "時間軸（月次） コード", "時間軸（月次）", "移動前の住所地 コード", "移動前の住所地"]


def crosstab_lines():
    lines = METADATA + [q([""] * len(DIMS) + ["/性別 コード", "0", "1", "2"]),
                        q(DIMS + ["/性別", "総数", "男", "女"])]
    for scode, slabel, scope in SCOPES:
        for dcode, dname in AREAS:
            for tcode, tlabel, month in MONTHS:
                # 00999 総数 first, as e-Stat lists it: the sum of the origins that have a value.
                sums = [0, 0, 0]
                for ocode, _ in AREAS:
                    v = value_of(scope, month, ocode, dcode)
                    if isinstance(v, tuple):
                        sums = [a + b for a, b in zip(sums, v)]
                rows = [("00999", "総数", tuple(sums))] + [(o, n, value_of(scope, month, o, dcode)) for o, n in AREAS]
                for ocode, oname, v in rows:
                    cells = [v, v, v] if isinstance(v, str) else [fmt(x) for x in v]
                    lines.append(q(["010", "移動者数", scode, slabel, dcode, dname, tcode, tlabel, ocode, oname, ""] + cells))
    return lines


def long_lines():
    lines = METADATA[:4] + [""] + [q(DIMS + ["性別 コード", "性別", "unit", "value"])]
    for scode, slabel, scope in SCOPES:
        for tcode, tlabel, month in MONTHS:
            for ocode, oname in AREAS:
                for dcode, dname in AREAS:
                    v = value_of(scope, month, ocode, dcode)
                    for i, (xcode, xname) in enumerate([("0", "総数"), ("1", "男"), ("2", "女")]):
                        cell = v if isinstance(v, str) else fmt(v[i])
                        lines.append(q(["010", "移動者数", scode, slabel, dcode, dname, tcode, tlabel, ocode, oname,
                                        xcode, xname, "人", cell]))
    return lines


def api_lines():
    lines = [
        q(["RESULT"]), q(["STATUS", "ERROR_MSG", "DATE"]), q(["0", "正常に終了しました。", "2026-01-10T10:00:00.000+09:00"]), "",
        q(["PARAMETER"]), q(["LANG", "STATS_DATA_ID", "DATA_FORMAT", "START_POSITION", "METAGET_FLG"]),
        q(["J", "0003420481", "C", "1", "Y"]), "",
        q(["STATISTICAL_DATA"]), q(["TOTAL_NUMBER", "FROM_NUMBER", "TO_NUMBER"]), q(["216", "1", "216"]), "",
        q(["TABLE_INF", "STAT_NAME", "GOV_ORG", "STATISTICS_NAME", "TITLE", "CYCLE", "SURVEY_DATE"]),
        q(["0003420481", "00200523 住民基本台帳人口移動報告", "総務省", "月報（実数）",
           "市区町村間移動者数\n（移動前の住所地別）①", "月次", "202401-202402"]), "",
        q(["VALUE"]),
        q(["tab_code", "表章項目", "cat01_code", "国籍", "cat02_code", "性別", "area_code", "移動後の住所地",
           "time_code", "時間軸（月次）", "cat03_code", "移動前の住所地", "unit", "value", "annotation"]),
    ]
    for scode, slabel, scope in SCOPES:
        for xcode, xname, i in [("0", "総数", 0), ("1", "男", 1), ("2", "女", 2)]:
            for dcode, dname in AREAS:
                for tcode, tlabel, month in MONTHS:
                    for ocode, oname in AREAS:
                        v = value_of(scope, month, ocode, dcode)
                        cell = v if isinstance(v, str) else str(v[i])
                        note = "" if not isinstance(v, str) else v
                        lines.append(q(["010", "移動者数", scode, slabel, xcode, xname, dcode, dname, tcode, tlabel,
                                        ocode, oname, "人", cell, note]))
    return lines


def tidy_rows():
    rows = []
    for month in ["2024-01", "2024-02"]:
        for scope in ["all", "japanese"]:
            for o in sorted(NAME):
                for d in sorted(NAME):
                    v = value_of(scope, month, o, d)
                    if isinstance(v, str):
                        continue
                    for sex in range(3):
                        if v[sex] != 0:
                            rows.append(f"{month},{scope},{o},{d},{sex},{v[sex]}")
    return ["period,scope,from,to,sex,count"] + rows


def long_table_rows():
    """The 移動者 figures as issue 6's long OD table month,from,to,sex,count (男 and 女 only)."""
    rows = ["month,from,to,sex,count"]
    for month in ["2024-01", "2024-02"]:
        for o in sorted(NAME):
            for d in sorted(NAME):
                v = value_of("all", month, o, d)
                if isinstance(v, str):
                    continue
                rows += [f"{month},{o},{d},1,{v[1]}", f"{month},{o},{d},2,{v[2]}"]
    return rows


def summary_2024():
    """転入, 転出 of each municipality over both months, 移動者 総数 (the summary idou must print)."""
    out = ["area,in,out,net"]
    for a in sorted(NAME):
        i = o = 0
        for month in ["2024-01", "2024-02"]:
            for b in NAME:
                v = value_of("all", month, b, a)
                if isinstance(v, tuple):
                    i += v[0]
                w = value_of("all", month, a, b)
                if isinstance(w, tuple):
                    o += w[0]
        out.append(f"{a},{i},{o},{i - o}")
    return out


# Per-prefecture 転入/転出/転入超過 (2025 年報 totals from datasets/real, invented 男/女 split).
PREFS = [("00000", "全国", 2515731, 2515731), ("13000", "東京都", None, None), ("43000", "熊本県", 28923, 31256)]


def area_table_lines():
    import json
    real = {r["area"]: r for r in json.load(open("datasets/real/FY2025-migration_prefecture.json"))}
    tokyo = real["東京都"]
    figures = {"00000": (2515731, 2515731), "13000": (tokyo["domestic_in"], tokyo["domestic_out"]),
               "43000": (28923, 31256)}
    lines = [q(["統計名：", "住民基本台帳人口移動報告 年報（実数）"]), q(["表番号：", "1"]),
             q(["表題：", "転入者数・転出者数・転入超過数－全国，都道府県（移動者），男女別"]), "",
             q(["***", "調査していないため該当数値がないもの"]), q(["-", "定義上該当数値がないもの"]), "",
             q(["", "", "", "", "", "", "", "", "/性別 コード", "0", "1", "2"]),
             q(["表章項目 コード", "表章項目", "国籍 コード", "国籍", "全国・都道府県 コード", "全国・都道府県",
                "時間軸（年次） コード", "時間軸（年次）", "/性別", "総数", "男", "女"])]
    expected = ["area,in,out,net"]
    for code, name in [("00000", "全国"), ("13000", "東京都"), ("43000", "熊本県")]:
        i, o = figures[code]
        im, om = i * 51 // 100, o * 49 // 100
        for tcode, tname, vals in [("110", "転入者数", (i, im, i - im)), ("120", "転出者数", (o, om, o - om)),
                                   ("130", "転入超過数", (i - o, im - om, (i - im) - (o - om)))]:
            cells = ["-", "-", "-"] if code == "00000" and tcode == "130" else [fmt(x) for x in vals]
            lines.append(q([tcode, tname, "60000", "移動者", code, name, "2025000000", "2025年", ""] + cells))
        if code != "00000":
            expected.append(f"{code[:2]},{i},{o},{i - o}")
    return lines, expected


def monthly_area_tables():
    """熊本県 and 東京都 転入/転出 by month and sex (invented, Jan-Mar 2025), as an e-Stat download (cross-tab by
    性別, 転入超過数 rows included) and as issue 6's long area-totals table month,area,sex,in,out."""
    figures = {  # (area, month) -> ((in male, in female), (out male, out female))
        ("43000", 1): ((870, 841), (850, 833)), ("43000", 2): ((820, 857), (901, 845)),
        ("43000", 3): ((3120, 2890), (4410, 4102)),
        ("13000", 1): ((20110, 19870), (18220, 17950)), ("13000", 2): ((21005, 20777), (18900, 18420)),
        ("13000", 3): ((60210, 58890), (45010, 43880)),
    }
    names = {"43000": "熊本県", "13000": "東京都"}
    estat = [q(["統計名：", "住民基本台帳人口移動報告 月報（実数）"]), q(["表番号：", "1"]),
             q(["表題：", "都道府県別転入者数・転出者数・転入超過数（移動者）"]), "",
             q(["", "", "", "", "", "", "", "", "/性別 コード", "0", "1", "2"]),
             q(["表章項目 コード", "表章項目", "国籍 コード", "国籍", "地域 コード", "地域",
                "時間軸（月次） コード", "時間軸（月次）", "/性別", "総数", "男", "女"])]
    long = ["month,area,sex,in,out"]
    for (area, month), ((im, iw), (om, ow)) in sorted(figures.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        tcode, tlabel = f"202500{month:02d}{month:02d}", f"2025年{month}月"
        for code, label, vals in [("110", "転入者数", (im + iw, im, iw)), ("120", "転出者数", (om + ow, om, ow)),
                                  ("130", "転入超過数", (im + iw - om - ow, im - om, iw - ow))]:
            estat.append(q([code, label, "60000", "移動者", area, names[area], tcode, tlabel, ""] + [fmt(x) for x in vals]))
        for sex, i, o in [(1, im, om), (2, iw, ow)]:
            long.append(f"2025-{month:02d},{area[:2]},{sex},{i},{o}")
    return estat, long


def write(name, lines, encoding="utf-8", newline="\r\n", bom=False):
    data = newline.join(lines) + newline
    raw = data.encode(encoding)
    if bom:
        raw = b"\xef\xbb\xbf" + raw
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(raw)


os.makedirs(OUT, exist_ok=True)
write("estat-crosstab-utf8.csv", crosstab_lines(), bom=True)
write("estat-crosstab-cp932.csv", crosstab_lines(), encoding="cp932")
write("estat-long-utf8.csv", long_lines(), newline="\n")
write("estat-api.csv", api_lines(), newline="\n")
write("expected-tidy.csv", tidy_rows(), newline="\n")
write("long-od.csv", long_table_rows(), newline="\n")
write("expected-summary-2024.csv", summary_2024(), newline="\n")
area_lines, area_expected = area_table_lines()
write("estat-prefecture-totals-cp932.csv", area_lines, encoding="cp932")
write("expected-prefecture-totals-2025.csv", area_expected, newline="\n")
monthly_estat, monthly_long = monthly_area_tables()
write("estat-area-monthly-utf8.csv", monthly_estat, newline="\n")
write("long-area-totals.csv", monthly_long, newline="\n")
write("population.csv", ["area,year,sex,population", "43,2024,0,\"1,709,000\"", "43,2024,1,807000",
                         "43,2024,2,902000", "43100,2024,0,736000", "00000,2024,0,123802000"], newline="\n")
write("code-changes.csv", [
    "old_code,new_code,effective_date,share",
    "403059,402311,2018-10-01,",          # 那珂川町 → 那珂川市 (6-digit codes with check digits)
    "43441,43100,2008-10-06,",            # 富合町 → 熊本市 (merger)
    "43442,43100,2010-03-23,",            # 城南町 → 熊本市
    "43443,43100,2010-03-23,",            # 植木町 → 熊本市 (two on one day: many-to-one)
    "43100,43101,2012-04-01,0.4",         # 熊本市 → wards (政令指定都市移行), invented shares
    "43100,43102,2012-04-01,0.6",
], newline="\n")
print("fixtures written to", OUT)
