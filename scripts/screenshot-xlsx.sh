#!/usr/bin/env bash
# Renders idou's xlsx workbooks the way a statistician opens them, to look at: LibreOffice Calc headless → PDF →
# PNG (one per page, pdftoppm).
#
#   scripts/screenshot-xlsx.sh [OUT_DIR]          (default: out/xlsx)
#
# Installs Debian's `libreoffice-calc`, `poppler-utils` and a CJK font (`fonts-noto-cjk`) when missing, builds
# idou, writes the workbooks below from the bundled real data and renders each. Outputs OUT_DIR/NAME.xlsx,
# OUT_DIR/NAME.pdf and OUT_DIR/NAME.page-P.png (P = page).
#   table-43-out      idou table --area 43 --year 2025 --through 9 --direction out  (the seed's 転出 table)
#   table-43          the same with 転出, 転入 and 社会増減: three sheets (the PDF has a page per sheet)
#   summary           idou summary --year 2025 (47 prefectures)
# Extra workbooks can be added as NAME=ARGS… on the command line after OUT_DIR, e.g.
#   scripts/screenshot-xlsx.sh out/xlsx "age=summary --input a.csv b.csv --by age --area 30"
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-out/xlsx}"
shift || true
mkdir -p "$out"
out="$(cd "$out" && pwd)"
source scripts/setup.sh

need=()
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-calc)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need+=(fonts-noto-cjk)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "screenshot-xlsx: installing ${need[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

swift build --product idou >&2
idou="$PWD/.build/debug/idou"

jobs=(
  "table-43-out=table --area 43 --year 2025 --through 9 --direction out"
  "table-43=table --area 43 --year 2025 --through 9"
  "summary=summary --year 2025"
  "$@"
)
for job in "${jobs[@]}"; do
  name="${job%%=*}"
  read -r -a args <<< "${job#*=}"
  xlsx="$out/$name.xlsx"
  "$idou" "${args[@]}" --format xlsx --output "$xlsx" 2>/dev/null
  # A private profile: a running LibreOffice or a first-start dialog cannot get in the way.
  soffice -env:UserInstallation="file://$out/.lo-profile" --headless --calc --convert-to pdf --outdir "$out" "$xlsx" \
    >/dev/null 2>&1
  rm -f "$out/$name".page-*.png
  pdftoppm -png -r 110 "$out/$name.pdf" "$out/$name.page"
  echo "screenshot-xlsx: $(ls "$out/$name".page-*.png | tr '\n' ' ')(from $xlsx)" >&2
done
