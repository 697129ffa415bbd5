#!/usr/bin/env bash
# Derives datasets/codes/designated-cities.csv (政令指定都市 and the day each was designated) from the 廃置分合
# events of ../shared/data/codes/code-changes-1970-2024.csv (e-Stat 廃置分合等情報 via UchidaMizuki/jpcity, MIT).
# The file starts in 1970: the six cities designated earlier (5 on 1956-09-01, 北九州市 on 1963-04-01, 地方自治法
# 第252条の19) are added by hand. Run from the repository root: bash scripts/designated-cities.sh SOURCE.csv
set -euo pipefail
src=${1:-../shared/data/codes/code-changes-1970-2024.csv}
out=datasets/codes/designated-cities.csv
{
  echo "code,name,designated_on,former_code"
  printf '%s\n' "14100,横浜市,1956-09-01," "23100,名古屋市,1956-09-01," "26100,京都市,1956-09-01," \
    "27100,大阪市,1956-09-01," "28100,神戸市,1956-09-01," "40100,北九州市,1963-04-01,"
  # date,type,event,from_code,from_pref,from_desig,from_name,to_code,… — one line per city (a designation that
  # also merged towns has several rows; the city's own row has from_name = to_desig, the city).
  awk -F, '$2 == "政令指定都市施行" && $7 == $10 && !seen[$8]++ { print $8 "," $10 "," $1 "," $4 }' "$src"
} > "$out.tmp"
{ head -1 "$out.tmp"; tail -n +2 "$out.tmp" | sort -t, -k3,3 -k1,1; } > "$out"
rm "$out.tmp"
echo "$out: $(($(wc -l < "$out") - 1)) cities" >&2
