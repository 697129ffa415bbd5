#!/usr/bin/env bash
# Renders `idou report` to a PNG with headless Chromium, to look at what a statistician will see.
#
#   scripts/screenshot-report.sh [OUT_DIR]          (default: out/)
#
# Installs Debian's `chromium` and a CJK font (`fonts-noto-cjk`) when missing, builds idou, writes a SYNTHETIC
# multi-year input (scripts/generate-report-sample.sh — made-up numbers, labelled as such in the report), renders
# the report for 熊本県 2025 through September and screenshots it; then the seed's report on the bundled real data
# (熊本県 2025 from January–September with --target=-1624, beside the actual year). Outputs:
# OUT_DIR/report-synthetic.{html,png} and OUT_DIR/report-kumamoto-2025-09.{html,png}. Set WIDTH/HEIGHT to change the window (default 1280×4100, the whole page).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-out}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
source scripts/setup.sh

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need+=(fonts-noto-cjk)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "screenshot: installing ${need[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

swift build --product idou >&2
idou=.build/debug/idou

data="$out/synthetic-od-2014-2025.csv"
scripts/generate-report-sample.sh "$data"
html="$out/report-synthetic.html"
"$idou" report --area 43 --year 2025 --through 9 --era --regions kumamoto-report --input "$data" --source synthetic \
  --banner "合成データによる表示例：数値は scripts/generate-report-sample.sh が作った架空のもので、実際の統計ではありません。" \
  --output "$html"

png="$out/report-synthetic.png"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
  --window-size="${WIDTH:-1280},${HEIGHT:-4100}" --screenshot="$png" "file://$html" 2>/dev/null
echo "screenshot: $png (from $html)" >&2

# The seed's report redone on the bundled real data (no --input): 熊本県 2025 from January–September, the KPI.
html="$out/report-kumamoto-2025-09.html"
"$idou" report --area 43 --year 2025 --through 9 --era --target=-1624 --output "$html"
png="$out/report-kumamoto-2025-09.png"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
  --window-size="${WIDTH:-1280},${HEIGHT:-4200}" --screenshot="$png" "file://$html" 2>/dev/null
echo "screenshot: $png (from $html)" >&2
