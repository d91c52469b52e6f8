#!/bin/sh
# int8 GEMM kernel choice by measurement (issue 20; a measurement, not a test): builds bench_int8.c
# against oneDNN (Debian libdnnl-dev, installed when missing), OpenBLAS and emoeval's own int8 kernels
# (Sources/CEmoKernels/int8_gemm.c, compiled as SwiftPM compiles it: clang -O2), then runs it twice:
# oneDNN at its best ISA on this CPU, and oneDNN capped at AVX2 (the ISA of the machines without VNNI).
# OPENBLAS_CORETYPE is never set: the report names the core OpenBLAS picked.
#
# Usage: Scripts/bench-int8-onednn/run.sh [bench_int8 options, e.g. --quick | --threads 1 --m 250]
# Env:   EMOEVAL_ROOT   the checkout whose int8_gemm.c is measured (default: this one)
#        BENCH_OUT      directory for the binary, reports and CSVs (default: $TMPDIR/emoeval-int8-bench)
#        BENCH_ISAS     oneDNN ISA caps to run, space-separated (default: "native avx2")
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=${EMOEVAL_ROOT:-$(cd "$here/../.." && pwd)}
out=${BENCH_OUT:-${TMPDIR:-/tmp}/emoeval-int8-bench}
src="$root/Sources/CEmoKernels/int8_gemm.c"
[ -f "$src" ] || { echo "run.sh: $src not found (set EMOEVAL_ROOT to a checkout with the int8 kernels)" >&2; exit 1; }
if [ ! -f /usr/include/oneapi/dnnl/dnnl.h ] && [ ! -f /usr/include/dnnl.h ]; then
    echo "run.sh: installing libdnnl-dev (oneDNN) ..." >&2
    if [ "$(id -u)" = 0 ]; then apt-get install -y libdnnl-dev >&2 || { apt-get update >&2 && apt-get install -y libdnnl-dev >&2; }
    else sudo apt-get install -y libdnnl-dev >&2; fi
fi
mkdir -p "$out"
cc=${CC:-$(command -v clang || { command -v swiftc >/dev/null && echo "$(dirname "$(command -v swiftc)")/clang"; } || echo cc)}
blas_cflags=$(pkg-config --cflags openblas 2>/dev/null || echo "-I/usr/include/x86_64-linux-gnu/openblas-pthread")
blas_libs=$(pkg-config --libs openblas 2>/dev/null || echo "-lopenblas")
"$cc" -O2 -std=c11 -Wall -I "$root/Sources/CEmoKernels/include" $blas_cflags \
    "$here/bench_int8.c" "$src" -o "$out/bench_int8" -ldnnl -lgomp $blas_libs -lpthread -lm
echo "emoeval int8_gemm.c: $src ($(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?'))"
echo "compiler: $("$cc" --version | head -1)"
echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores online"
echo "CPU flags: $(grep -m1 '^flags' /proc/cpuinfo | tr ' ' '\n' | grep -E '^(avx|avx2|fma|avx512[a-z_]*|avx_vnni|amx[a-z_]*)$' | tr '\n' ' ')"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for isa in ${BENCH_ISAS:-native avx2}; do
    echo
    echo "=== oneDNN ISA cap: $isa ==="
    "$out/bench_int8" --onednn-isa "$isa" --csv "$out/int8-$isa.csv" "$@" | tee "$out/int8-$isa.md"
done
