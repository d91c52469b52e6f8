#!/bin/sh
# Kernel timing (not a test): compiles Sources/EmoKernels with Scripts/kernels-bench/main.swift, -O, and runs it.
# Usage: Scripts/kernels-bench.sh   (env: BENCH_THREADS=1|2, BENCH_AUDIO_SECONDS=10)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out=${TMPDIR:-/tmp}/emoeval-kernels-bench
swiftc -O -module-name KernelsBench "$root"/Sources/EmoKernels/*.swift "$root"/Scripts/kernels-bench/main.swift \
    -I "$root/Sources/COpenBLAS" $(pkg-config --cflags-only-I openblas | sed 's/-I/-Xcc -I/g') \
    $(pkg-config --libs openblas) -o "$out" 2>&1 | grep -v warning || true
exec "$out"
