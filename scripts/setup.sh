#!/usr/bin/env bash
# Installs what idou needs to build on a fresh Debian/Ubuntu machine: OpenBLAS (libopenblas-dev), libxlsxwriter
# (libxlsxwriter-dev, with zlib1g-dev) and pkg-config.
# Safe to run again: it installs only what is missing.
set -euo pipefail

need=()
dpkg -s libopenblas-dev >/dev/null 2>&1 || need+=(libopenblas-dev)
dpkg -s libxlsxwriter-dev >/dev/null 2>&1 || need+=(libxlsxwriter-dev)   # xlsx output
dpkg -s zlib1g-dev >/dev/null 2>&1 || need+=(zlib1g-dev)                 # libxlsxwriter's headers include zlib.h
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "setup: installing ${need[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
command -v swift >/dev/null 2>&1 || export PATH="/opt/swift/usr/bin:/opt/swift/bin:$PATH"
command -v swift >/dev/null 2>&1 || { echo "setup: swift not found (expected in PATH or /opt/swift)" >&2; exit 1; }
# Sourced (`source scripts/setup.sh`), this also puts the release build of idou on PATH, so that README's bare
# `idou …` examples work once it is built (`swift build -c release`, or `scripts/run.sh`).
idou_release="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.build/release"
case ":$PATH:" in *":$idou_release:"*) ;; *) export PATH="$idou_release:$PATH" ;; esac
