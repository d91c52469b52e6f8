#!/usr/bin/env bash
# Sets up (system libraries, release build) and runs the bundled demo recipe end to end:
# validate -> run (tiny random-weight model, 12 synthetic clips) -> report in Reports/demo.md.
# The demo's numbers mean nothing (random weights); it shows the flow with no downloads.
set -euo pipefail
cd "$(dirname "$0")/.."
bash Scripts/setup.sh release
bin=.build/release/emoeval
"$bin" info
"$bin" validate Recipes/demo.yaml
"$bin" run Recipes/demo.yaml --progress lines
"$bin" report Recipes/demo.yaml -o Reports/demo.md
echo "demo: report written to Reports/demo.md (database: Results/demo.sqlite)"
