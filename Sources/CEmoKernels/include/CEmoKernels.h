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

// ---- int8 linear layers (int8_gemm.c) -------------------------------------------------------------------
// Weights are quantized per output channel, symmetric to [−127, 127]; activations per row, asymmetric to
// [0, 127] with a zero point (7-bit: vpmaddubsw cannot saturate); the dot products are exact int32, so every
// kernel gives bit-identical results (see int8_gemm.c).
#include <stdint.h>

/// k rounded up to a multiple of 4 (the row stride of quantized activations).
ptrdiff_t emo_q8_padded_k(ptrdiff_t k);
/// n rounded up to a multiple of 16 (the channel count of packed weights, scales and row sums).
ptrdiff_t emo_q8_padded_n(ptrdiff_t n);
/// Bytes of packed weights for an (n, k) matrix.
size_t emo_q8_packed_bytes(ptrdiff_t n, ptrdiff_t k);
/// Quantizes w (n, k) row-major into `packed` (emo_q8_packed_bytes), `scales` and `row_sums` (padded n
/// each). Returns 0, −1 for a bad size (k > 66 000), −2 for a non-finite weight anywhere (nothing written),
/// −3 when a row buffer cannot be allocated.
int emo_q8_pack_weights(const float *w, ptrdiff_t n, ptrdiff_t k, int8_t *packed, float *scales, int32_t *row_sums);
/// Quantizes m rows of x (row stride ldx) into xq (m × padded k, values in [0, 127]), row_scales (m) and
/// row_zeros (m, each in [0, 127]): x ≈ scale · (q − zero).
/// Rows may overlap (ldx < k): a time-major conv's im2col rows are x read with a stride of S·Cin.
void emo_q8_quantize_rows(const float *x, ptrdiff_t m, ptrdiff_t k, ptrdiff_t ldx, uint8_t *xq, float *row_scales,
                          int32_t *row_zeros);
/// The same with a chosen implementation (0 scalar, 1 AVX2; capped at what the CPU has) — both give the same
/// bytes, scales and zero points; and the best level this CPU runs.
void emo_q8_quantize_rows_level(int level, const float *x, ptrdiff_t m, ptrdiff_t k, ptrdiff_t ldx, uint8_t *xq,
                                float *row_scales, int32_t *row_zeros);
int emo_q8_quantize_level(void);
/// The scalar definition of the same (lrintf per value), for tests: emo_q8_quantize_rows gives the same bytes,
/// scales and zero points for any input, NaN and infinity included.
void emo_q8_quantize_rows_scalar(const float *x, ptrdiff_t m, ptrdiff_t k, ptrdiff_t ldx, uint8_t *xq, float *row_scales,
                                 int32_t *row_zeros);
/// y (m, n; row stride ldy) = ((xq − row_zeros) · packedᵀ) · row_scales · scales + bias (bias may be NULL), the
/// fastest kernel.
void emo_q8_gemm(const uint8_t *xq, const float *row_scales, const int32_t *row_zeros, ptrdiff_t m, ptrdiff_t k,
                 const int8_t *packed, const float *scales, const int32_t *row_sums,
                 const float *bias, ptrdiff_t n, float *y, ptrdiff_t ldy);
/// The same with a chosen kernel (0 portable, 1 AVX2, 2 AVX-512 VNNI; capped at what the CPU has).
void emo_q8_gemm_kernel(int kernel, const uint8_t *xq, const float *row_scales, const int32_t *row_zeros, ptrdiff_t m, ptrdiff_t k,
                        const int8_t *packed, const float *scales, const int32_t *row_sums,
                        const float *bias, ptrdiff_t n, float *y, ptrdiff_t ldy);
/// The portable twin (reference integer arithmetic, one output at a time).
void emo_q8_gemm_portable(const uint8_t *xq, const float *row_scales, const int32_t *row_zeros, ptrdiff_t m, ptrdiff_t k,
                          const int8_t *packed, const float *scales, const int32_t *row_sums,
                          const float *bias, ptrdiff_t n, float *y, ptrdiff_t ldy);
/// The best kernel this CPU runs (0, 1 or 2) and its name ("portable", "avx2", "avx512-vnni").
int emo_q8_kernel(void);
const char *emo_q8_kernel_name(void);


/// This CPU's vector extensions as OpenBLAS's kernels need them: bit 0 AVX2 and FMA, bit 1 AVX-512 F, BW, VL,
/// DQ and CD (OpenBLAS's SkylakeX). 0 off x86-64.
int emo_cpu_vector_features(void);

#endif
