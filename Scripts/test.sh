#!/usr/bin/env bash
# Sets up (system libraries, build) and runs the whole test suite, the Slurm test and the page's browser test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash Scripts/setup.sh debug
bash Scripts/check-imports.sh
swift test --skip-build "$@"
bash Scripts/test-slurm.sh   # real one-node Slurm: the README's array + merge (skips loudly when not root)
bash Scripts/test-browser.sh  # emoeval serve in headless Chromium via WebDriver (skips loudly when it cannot install it)
