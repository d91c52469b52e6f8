#!/usr/bin/env bash
# Sets up (system libraries, release build) and runs the bundled demo.
set -euo pipefail
cd "$(dirname "$0")/.."
bash Scripts/setup.sh release
bin=.build/release/emoeval
"$bin" info
"$bin" audio-info Tests/Fixtures/audio/speech_3s.wav Tests/Fixtures/audio/stereo_44k1_2s.wav
