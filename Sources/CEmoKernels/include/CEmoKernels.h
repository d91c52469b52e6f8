// Vectorised element-wise kernels for EmoKernels (GELU, softmax), in C so that the AVX2+FMA variants can be
// selected at run time (Swift has no per-function target features; the package builds for baseline
// x86-64 = SSE2). Each kernel has a portable twin built from the same source for the baseline target.
#ifndef CEMOKERNELS_H
#define CEMOKERNELS_H

#include <stddef.h>

/// GELU in place: x = 0.5·x·(1 + erf(x/√2)) over n floats (rational erf, |error| ≤ 4e-7).
void emo_gelu(float *x, ptrdiff_t n);
/// Softmax in place over n ≥ 1 floats: −inf entries become 0; an all −inf row becomes NaN (as PyTorch).
void emo_softmax(float *x, ptrdiff_t n);

/// The baseline-target twins (SSE2 on x86-64), for tests: same results up to FMA rounding.
void emo_gelu_portable(float *x, ptrdiff_t n);
void emo_softmax_portable(float *x, ptrdiff_t n);

/// 1 when emo_gelu / emo_softmax use the AVX2+FMA code on this CPU, else 0.
int emo_kernels_use_avx2(void);

#endif
