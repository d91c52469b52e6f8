#!/usr/bin/env bash
# Sets up (system libraries, build) and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash Scripts/setup.sh debug
bash Scripts/check-imports.sh
swift test --skip-build "$@"
bash Scripts/test-slurm.sh   # real one-node Slurm: the README's array + merge (skips loudly when not root)
