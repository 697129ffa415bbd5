#!/usr/bin/env bash
# Sets up, builds idou in release mode and runs it: `scripts/run.sh summary --area 43`.
# With no arguments it runs the main job on the bundled data: `idou summary`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
swift build -c release --product idou >&2
[ $# -gt 0 ] || set -- summary
exec .build/release/idou "$@"
