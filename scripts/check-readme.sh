#!/usr/bin/env bash
# Runs every `idou …` example of README.md as written, on the bundled data, and says which fail.
#
# The examples run in a scratch directory holding a link to datasets/ (so `--input datasets/…` works and the
# files they write — report.html, moves.csv — land there), with the release `idou` first on PATH, as
# `source scripts/setup.sh` puts it after a build. A line is an example when, inside an indented code block, it
# starts with `idou ` or `$ idou ` (a trailing `# comment` is dropped). Exit 1 if any example fails.
#
#   scripts/check-readme.sh [README.md]
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
readme="${1:-README.md}"
source scripts/setup.sh
swift build -c release --product idou 2>&1 | grep -E "error|Build" >&2 || true
work=$(mktemp -d /tmp/idou-readme-XXXXXX)
trap 'rm -rf "$work"' EXIT
ln -s "$repo/datasets" "$work/datasets"
ln -s "$repo/scripts" "$work/scripts"
export PATH="$repo/.build/release:$PATH"
cd "$work"

failed=0 ran=0
while IFS= read -r line; do
  cmd=$(sed -E 's/^ {4}(\$ )?//; s/[[:space:]]+#[^"'"'"']*$//' <<<"$line")
  ran=$((ran + 1))
  if bash -c "$cmd" >out.txt 2>err.txt; then
    printf 'ok    %s\n' "$cmd"
  else
    failed=$((failed + 1))
    printf 'FAIL  %s\n      %s\n' "$cmd" "$(grep -m1 'idou:' err.txt || tail -n1 err.txt)"
  fi
done < <(awk '/^    (\$ )?idou /' "$repo/$readme")
echo "$ran examples, $failed failed"
[ "$failed" -eq 0 ]
