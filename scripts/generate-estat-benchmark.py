#!/usr/bin/env python3
"""Writes a large e-Stat download-style CSV (CP932, CRLF, cross-tab by 性別) for timing `idou tidy`/`summary`:
12 months x 47 destinations x (00999 総数 + 47 origins) x 2 scopes = 54,144 rows, built from the bundled real
2025 matrix (each month = the annual figure // 12; 男 = 52 %). Not committed: generate it when needed.

    python3 scripts/generate-estat-benchmark.py /tmp/big-estat.csv
    /usr/bin/time -f "%e s %U user %M KB" .build/release/idou tidy /tmp/big-estat.csv > /dev/null
"""
import csv
import sys

out_path = sys.argv[1] if len(sys.argv) > 1 else "/tmp/big-estat.csv"
rows = list(csv.reader(open("datasets/real/jp-prefecture-migration-2025.csv", encoding="utf-8-sig")))
names = rows[0][1:]
codes = [f"{i:02d}000" for i in range(1, 48)]
matrix = {(i, j): 0 if c.strip() == "-" else int(c.replace(",", ""))
          for i, r in enumerate(rows[1:]) for j, c in enumerate(r[1:])}


def q(fields):
    return ",".join('"' + x + '"' for x in fields)


out = [q(["統計名：", "住民基本台帳人口移動報告 月報（実数）"]), q(["表番号：", "2"]), "",
       q([""] * 10 + ["/性別 コード", "0", "1", "2"]),
       q(["表章項目 コード", "表章項目", "国籍 コード", "国籍", "移動後の住所地 コード", "移動後の住所地",
          "時間軸（月次） コード", "時間軸（月次）", "移動前の住所地 コード", "移動前の住所地", "/性別", "総数", "男", "女"])]
for scope_code, scope in [("60000", "移動者"), ("61000", "日本人移動者")]:
    for m in range(1, 13):
        for d in range(47):
            total, body = [0, 0, 0], []
            for o in range(47):
                if o == d:
                    body.append((codes[o], names[o], ["-", "-", "-"]))
                    continue
                v = matrix[(o, d)] // 12
                male = v * 52 // 100
                values = [v, male, v - male]
                total = [a + b for a, b in zip(total, values)]
                body.append((codes[o], names[o], [f"{x:,}" for x in values]))
            for oc, on, cells in [("00999", "総数", [f"{x:,}" for x in total])] + body:
                out.append(q(["010", "移動者数", scope_code, scope, codes[d], names[d], f"202400{m:02d}{m:02d}",
                              f"2024年{m}月", oc, on, ""] + cells))
open(out_path, "wb").write(("\r\n".join(out) + "\r\n").encode("cp932"))
print(f"{len(out) - 5} rows written to {out_path}")
