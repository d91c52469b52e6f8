#!/usr/bin/env bash
# The `emoeval serve` page in headless Chromium (WebDriver): installs Debian's chromium and chromium-driver
# when missing, then runs Scripts/test-browser.py against the built binary (default: the debug build).
# Skips -- loudly -- only when the two packages cannot be installed.
# Usage: Scripts/test-browser.sh [--binary PATH] [--screenshots DIR]
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(chromium chromium-driver)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "test-browser: installing ${missing[*]}" >&2
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  if ! { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null; }; then
    echo "############################################################################" >&2
    echo "## test-browser: SKIPPED -- could not install ${missing[*]}" >&2
    echo "## The web page (emoeval serve) was NOT tested in a browser." >&2
    echo "############################################################################" >&2
    exit 0
  fi
fi
command -v chromedriver >/dev/null && command -v chromium >/dev/null || {
  echo "test-browser: chromium / chromedriver not on PATH after installing" >&2; exit 1; }
[ -x .build/debug/emoeval ] || swift build --product emoeval
exec python3 Scripts/test-browser.py "$@"
