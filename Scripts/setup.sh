#!/usr/bin/env bash
# Installs emoeval's system libraries (Debian/Ubuntu) when missing, then builds the package.
# Usage: Scripts/setup.sh [release|debug|none]   (default: release)
set -euo pipefail
cd "$(dirname "$0")/.."

# libavformat-dev/libavcodec-dev: optional FFmpeg decoder for mp4/m4a/avi/webm (loaded with dlopen; headers at build time)
packages=(libsndfile1-dev libsamplerate0-dev libopenblas-dev libsqlite3-dev pkg-config jq libavformat-dev libavcodec-dev)   # jq: Scripts/check-imports.sh
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

command -v swift >/dev/null || { echo "setup: swift is not on PATH (Swift 6 toolchain required)" >&2; exit 1; }

case "${1:-release}" in
  release) swift build -c release --product emoeval ;;
  debug)   swift build --build-tests ;;
  none)    ;;
  *) echo "setup: unknown build mode '$1' (release|debug|none)" >&2; exit 2 ;;
esac
