// Vectorised GELU and softmax with run-time AVX2+FMA dispatch (see include/CEmoKernels.h). One source
// body per kernel, instantiated twice: with target("avx2,fma") and for the baseline target.
//
// exp: x = n·ln2 + r, |r| ≤ ln2/2, then a degree-7 polynomial (Cephes expf coefficients), scaled by 2ⁿ
//      through the exponent bits; ≈ 2 ulp relative error for x ≥ −87.3, 0 below (so −inf → 0).
// erf: x·P(x²)/Q(x²) on x clamped to [−4, 4], coefficients fitted by Scripts/kernels-bench/fit_erf.py;
//      ≤ 4e-7 absolute and ≤ 5e-7 relative error in float32.
#include "CEmoKernels.h"
#include <math.h>
#include <string.h>

// The v8f helpers are always inlined, so no vector ever crosses a call boundary: the ABI note is moot.
#pragma clang diagnostic ignored "-Wpsabi"

typedef float v8f __attribute__((vector_size(32), aligned(4)));
typedef int v8i __attribute__((vector_size(32), aligned(4)));

// Lane select: mask lanes all-ones pick a, all-zero pick b (C has no vector ?:).
#define SELECT(mask, a, b) ((v8f)(((v8i)(a) & (mask)) | ((v8i)(b) & ~(mask))))

#define DEFINE_KERNELS(SUFFIX, ATTRIBUTES)                                                              \
ATTRIBUTES static inline __attribute__((always_inline)) v8f exp8_##SUFFIX(v8f x) {                                                    \
    v8f shifted = x * 1.44269504088896341f + 12582912.0f; /* 1.5·2²³ rounds to an integer */          \
    v8f n = shifted - 12582912.0f;                                                                      \
    v8f r = x - n * 0.693359375f - n * -2.12194440e-4f;   /* ln2 split in hi + lo */                   \
    v8f p = r * 1.9875691500e-4f + 1.3981999507e-3f;                                                    \
    p = p * r + 8.3334519073e-3f;                                                                       \
    p = p * r + 4.1665795894e-2f;                                                                       \
    p = p * r + 1.6666665459e-1f;                                                                       \
    p = p * r + 5.0000001201e-1f;                                                                       \
    p = p * (r * r) + r + 1.0f;                                                                         \
    v8i bits = ((v8i)shifted - 0x4B400000 + 127) << 23;   /* 2ⁿ from n in shifted's low bits */       \
    v8f result = p * (v8f)bits;                                                                         \
    return (v8f)((v8i)result & ~(v8i)(x < -87.3f));       /* e^x < 1.2e-38: 0, and −inf → 0 */        \
}                                                                                                       \
                                                                                                        \
ATTRIBUTES static inline __attribute__((always_inline)) v8f erf8_##SUFFIX(v8f x) {                                                    \
    v8f four = {4, 4, 4, 4, 4, 4, 4, 4};                                                                \
    v8f c = SELECT(x > four, four, x);                                                                  \
    c = SELECT(c < -four, -four, c);                                                                    \
    v8f u = c * c;                                                                                      \
    v8f p = u * 1.9336507506295675e-08f - 1.9699373297044076e-06f;                                      \
    p = p * u + 1.502371596870944e-04f;                                                                 \
    p = p * u + 4.076842684298754e-03f;                                                                 \
    p = p * u + 5.175698548555374e-02f;                                                                 \
    p = p * u + 2.0890790224075317e-01f;                                                                \
    p = p * u + 1.1283788681030273f;                                                                    \
    v8f q = u * 1.0452128481119871e-03f + 1.511544268578291e-02f;                                       \
    q = q * u + 1.1870791763067245e-01f;                                                                \
    q = q * u + 5.18468976020813e-01f;                                                                  \
    q = q * u + 1.0f;                                                                                   \
    return c * p / q;                                                                                   \
}                                                                                                       \
                                                                                                        \
ATTRIBUTES static void gelu_##SUFFIX(float *x, ptrdiff_t n) {                                          \
    ptrdiff_t i = 0;                                                                                    \
    for (; i + 8 <= n; i += 8) {                                                                        \
        v8f v;                                                                                          \
        memcpy(&v, x + i, sizeof v);                                                                    \
        v = 0.5f * v * (1.0f + erf8_##SUFFIX(v * 0.70710678118654752440f));                             \
        memcpy(x + i, &v, sizeof v);                                                                    \
    }                                                                                                   \
    if (i < n) {                                                                                        \
        v8f v = {0};                                                                                    \
        memcpy(&v, x + i, (size_t)(n - i) * sizeof(float));                                             \
        v = 0.5f * v * (1.0f + erf8_##SUFFIX(v * 0.70710678118654752440f));                             \
        memcpy(x + i, &v, (size_t)(n - i) * sizeof(float));                                             \
    }                                                                                                   \
}                                                                                                       \
                                                                                                        \
ATTRIBUTES static void softmax_##SUFFIX(float *x, ptrdiff_t n) {                                       \
    float maximum = -INFINITY;                                                                          \
    ptrdiff_t i = 0;                                                                                    \
    v8f best = {-INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY};\
    for (; i + 8 <= n; i += 8) {                                                                        \
        v8f v;                                                                                          \
        memcpy(&v, x + i, sizeof v);                                                                    \
        best = SELECT(v > best, v, best);                                                               \
    }                                                                                                   \
    for (int k = 0; k < 8; k++) maximum = best[k] > maximum ? best[k] : maximum;                        \
    for (; i < n; i++) maximum = x[i] > maximum ? x[i] : maximum;                                       \
    if (maximum == -INFINITY) { /* every entry masked: 0/0 in PyTorch */                               \
        for (i = 0; i < n; i++) x[i] = NAN;                                                             \
        return;                                                                                         \
    }                                                                                                   \
    v8f sums = {0};                                                                                     \
    for (i = 0; i + 8 <= n; i += 8) {                                                                   \
        v8f v;                                                                                          \
        memcpy(&v, x + i, sizeof v);                                                                    \
        v = exp8_##SUFFIX(v - maximum);                                                                 \
        sums += v;                                                                                      \
        memcpy(x + i, &v, sizeof v);                                                                    \
    }                                                                                                   \
    float sum = 0;                                                                                      \
    for (int k = 0; k < 8; k++) sum += sums[k];                                                         \
    if (i < n) {                                                                                        \
        v8f v = {-INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY};\
        memcpy(&v, x + i, (size_t)(n - i) * sizeof(float));                                             \
        v = exp8_##SUFFIX(v - maximum);                                                                 \
        for (ptrdiff_t k = 0; k < n - i; k++) sum += v[k];                                              \
        memcpy(x + i, &v, (size_t)(n - i) * sizeof(float));                                             \
    }                                                                                                   \
    float inv = 1.0f / sum;                                                                             \
    for (i = 0; i < n; i++) x[i] *= inv;                                                                \
}

DEFINE_KERNELS(portable, )

void emo_gelu_portable(float *x, ptrdiff_t n) { gelu_portable(x, n); }
void emo_softmax_portable(float *x, ptrdiff_t n) { softmax_portable(x, n); }

#if defined(__x86_64__) || defined(__i386__)
DEFINE_KERNELS(avx2, __attribute__((target("avx2,fma"))))

int emo_kernels_use_avx2(void) {
    static int cached = -1;   // every thread computes the same value; relaxed atomics avoid a data race
    int value = __atomic_load_n(&cached, __ATOMIC_RELAXED);
    if (value < 0) {
        value = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
        __atomic_store_n(&cached, value, __ATOMIC_RELAXED);
    }
    return value;
}

void emo_gelu(float *x, ptrdiff_t n) { if (emo_kernels_use_avx2()) gelu_avx2(x, n); else gelu_portable(x, n); }
void emo_softmax(float *x, ptrdiff_t n) { if (emo_kernels_use_avx2()) softmax_avx2(x, n); else softmax_portable(x, n); }
#else
int emo_kernels_use_avx2(void) { return 0; }
void emo_gelu(float *x, ptrdiff_t n) { gelu_portable(x, n); }
void emo_softmax(float *x, ptrdiff_t n) { softmax_portable(x, n); }
#endif
