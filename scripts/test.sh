#!/usr/bin/env bash
# Sets up and runs the whole test suite (`swift test`), in parallel on the machine's cores.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
swift test --parallel "$@"
