#!/usr/bin/env bash
# Runs the whole test suite once under AddressSanitizer (issue 14 §10): every unsafe pointer, SIMD tail and
# mapped or buffered read is checked for out-of-bounds and use-after-free access while the tests run. The tests
# that run the `idou` binary run the sanitized binary of the same build. Separate build folder (.build-asan), so
# the normal build is untouched.
#
#   scripts/asan.sh                 # all tests
#   scripts/asan.sh --filter Store  # some of them
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
# lld: gold stops with an internal error on ASan's debug information.
# detect_leaks=0: the Swift runtime keeps metadata caches alive to exit by design.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1:halt_on_error=1}"
exec nice -n 10 swift test --sanitize=address --scratch-path .build-asan -Xswiftc -use-ld=lld "$@"
