#!/bin/sh
# Kernel timing (not a test): compiles Sources/EmoKernels (+ the CEmoKernels C target) with
# Scripts/kernels-bench/*.swift, -O, and runs it.
# Usage: Scripts/kernels-bench.sh   (env: BENCH_THREADS=1|2, BENCH_AUDIO_SECONDS=10)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
work=${TMPDIR:-/tmp}/emoeval-kernels-bench.d
mkdir -p "$work"
cc=${CC:-$(command -v clang || echo "$(dirname "$(command -v swiftc)")/clang")}
"$cc" -O2 -std=c11 -I "$root/Sources/CEmoKernels/include" -c "$root/Sources/CEmoKernels/vector_math.c" -o "$work/vector_math.o"
printf 'module CEmoKernels { header "%s" export * }\n' "$root/Sources/CEmoKernels/include/CEmoKernels.h" > "$work/module.modulemap"
swiftc -O -module-name KernelsBench "$root"/Sources/EmoKernels/*.swift "$root"/Scripts/kernels-bench/*.swift \
    -I "$root/Sources/COpenBLAS" -I "$work" $(pkg-config --cflags-only-I openblas | sed 's/-I/-Xcc -I/g') \
    "$work/vector_math.o" $(pkg-config --libs openblas) -o "$work/bench" 2>&1 | grep -v warning || true
exec "$work/bench"
