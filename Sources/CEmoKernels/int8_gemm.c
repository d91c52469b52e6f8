// int8 linear layers: y = x · Wᵀ + b with W quantized per output channel (symmetric, int8, once at load)
// and x quantized per row (asymmetric, 7-bit: uint8 in [0, 127] with a zero point, per call), int32
// accumulation, float dequantisation.
//
// Why 7-bit activations: the AVX2 instruction that multiplies bytes, vpmaddubsw (unsigned × signed, pairs
// summed into int16 WITH saturation), is exact only while a pair stays within ±32767. With activations in
// [0, 127] and weights in [−127, 127] a pair is at most 2·127·127 = 32258: it cannot saturate, with no
// per-product sign handling (an 8-bit activation needs a vpsignb per product, a third of the AVX2 kernel's
// work). PyTorch's x86 (fbgemm) dynamic int8 linear makes the same choice (quint8 activations with
// reduce_range: [0, 127]); here the range is per row instead of per tensor.
//
// Exactness: every kernel below computes the SAME int32 dot products, so all of them (AVX-512 VNNI,
// AVX2, the portable twin) give bit-identical outputs on any CPU:
//  - weights are in [−127, 127] (−128 is never produced), activations q in [0, 127] with a per-row zero
//    point z in [0, 127]: x ≈ s·(q − z);
//  - each kernel sums q·w (vpdpbusd: four products into int32 without saturation; vpmaddubsw + vpmaddwd with
//    ones: exact, see above) and subtracts z·Σₖ w[n,k] once per output;
//  - int32 cannot overflow for K ≤ 66 000 (|Σ q·w| and |z·Σ w| are at most 127·127·K < 2³¹);
//    emo_q8_pack_weights refuses larger K;
//  - the float epilogue is the same sequence of roundings everywhere: ((float)acc · sx) · sw + b, no FMA.
#include "CEmoKernels.h"
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#pragma clang fp contract(off)

#define KGROUP 4          // bytes per int32 lane of vpdpbusd / vpmaddubsw+vpmaddwd
#define NBLOCK 16         // output channels per packed block (one zmm of int32, two ymm)

ptrdiff_t emo_q8_padded_k(ptrdiff_t k) { return (k + KGROUP - 1) / KGROUP * KGROUP; }
ptrdiff_t emo_q8_padded_n(ptrdiff_t n) { return (n + NBLOCK - 1) / NBLOCK * NBLOCK; }

size_t emo_q8_packed_bytes(ptrdiff_t n, ptrdiff_t k) {
    return (size_t)emo_q8_padded_n(n) * (size_t)emo_q8_padded_k(k);
}

static float symmetric_row(const float *x, ptrdiff_t k, ptrdiff_t kp, uint8_t *out);

// A weight row whose max|x| (an activation row whose range) is below 2⁻¹²⁰ quantizes to zeros: 127 / max|x|
// would overflow to infinity there (0 · ∞ = NaN). Such a row contributes nothing measurable to any dot product.
#define MIN_MAXABS 0x1p-120f

// Packed layout: block b of 16 channels, group g of 4 inputs: packed[((b·G + g)·16 + j)·4 + i] =
// q[16b + j][4g + i] (zero outside n × k). One 64-byte load gives 16 channels × 4 inputs.
// Every weight is checked first (a NaN or infinity anywhere → −2, nothing written); each row is then
// quantized symmetric to [−127, 127] (symmetric_row).
int emo_q8_pack_weights(const float *w, ptrdiff_t n, ptrdiff_t k,
                        int8_t *packed, float *scales, int32_t *row_sums) {
    if (n <= 0 || k <= 0 || k > 66000) return -1;
    for (ptrdiff_t i = 0; i < n * k; i++)
        if (!isfinite(w[i])) return -2;
    ptrdiff_t kp = emo_q8_padded_k(k), np = emo_q8_padded_n(n), groups = kp / KGROUP;
    uint8_t *row_q = malloc((size_t)kp);
    if (!row_q) return -3;
    memset(packed, 0, (size_t)np * (size_t)kp);
    for (ptrdiff_t o = 0; o < np; o++) {
        if (o >= n) { scales[o] = 0; row_sums[o] = 0; continue; }
        float scale = symmetric_row(w + o * k, k, kp, row_q);
        int32_t sum = 0;
        ptrdiff_t b = o / NBLOCK, j = o % NBLOCK;
        for (ptrdiff_t i = 0; i < k; i++) {
            int32_t q = (int32_t)row_q[i] - 128;
            packed[((b * groups + i / KGROUP) * NBLOCK + j) * KGROUP + i % KGROUP] = (int8_t)q;
            sum += q;
        }
        scales[o] = scale;
        row_sums[o] = sum;
    }
    free(row_q);
    return 0;
}

// One weight row, all finite (emo_q8_pack_weights checks every weight first): q = round(x · 127 / max|x|) in
// [−127, 127]; stored shifted by +128 (uint8), padded with 128 (= 0) to kp. Returns the row scale max|x| / 127.
// On x86-64 both passes run in SSE2 (the baseline: no dispatch), with the same result as the scalar loops:
// the maximum of finite values does not depend on the order, and cvtps2dq rounds to nearest-even like lrintf
// in the default rounding mode (lrintf is a libm call per value, ~5 ns: half a second over a base model).
#if defined(__x86_64__)
#include <emmintrin.h>
#endif
static float symmetric_row(const float *x, ptrdiff_t k, ptrdiff_t kp, uint8_t *out) {
    float maxabs = 0;
    ptrdiff_t i = 0;
#if defined(__x86_64__)
    const __m128 absmask = _mm_castsi128_ps(_mm_set1_epi32(0x7fffffff));
    __m128 m0 = _mm_setzero_ps(), m1 = _mm_setzero_ps();
    for (; i + 8 <= k; i += 8) {
        m0 = _mm_max_ps(m0, _mm_and_ps(_mm_loadu_ps(x + i), absmask));
        m1 = _mm_max_ps(m1, _mm_and_ps(_mm_loadu_ps(x + i + 4), absmask));
    }
    float lanes[4];
    _mm_storeu_ps(lanes, _mm_max_ps(m0, m1));
    for (int j = 0; j < 4; j++) if (lanes[j] > maxabs) maxabs = lanes[j];
#endif
    for (; i < k; i++) if (fabsf(x[i]) > maxabs) maxabs = fabsf(x[i]);
    float inv = maxabs >= MIN_MAXABS ? 127.0f / maxabs : 0;
    i = 0;
#if defined(__x86_64__)
    const __m128 vinv = _mm_set1_ps(inv);
    const __m128i floor16 = _mm_set1_epi16(-127), shift = _mm_set1_epi8((char)0x80);
    for (; i + 16 <= k; i += 16) {
        __m128i q0 = _mm_cvtps_epi32(_mm_mul_ps(_mm_loadu_ps(x + i), vinv));
        __m128i q1 = _mm_cvtps_epi32(_mm_mul_ps(_mm_loadu_ps(x + i + 4), vinv));
        __m128i q2 = _mm_cvtps_epi32(_mm_mul_ps(_mm_loadu_ps(x + i + 8), vinv));
        __m128i q3 = _mm_cvtps_epi32(_mm_mul_ps(_mm_loadu_ps(x + i + 12), vinv));
        __m128i lo = _mm_max_epi16(_mm_packs_epi32(q0, q1), floor16);   // ≥ −127; packs_epi16 caps at 127
        __m128i hi = _mm_max_epi16(_mm_packs_epi32(q2, q3), floor16);
        _mm_storeu_si128((__m128i *)(out + i), _mm_xor_si128(_mm_packs_epi16(lo, hi), shift));
    }
#endif
    for (; i < k; i++) {
        long q = lrintf(x[i] * inv);
        if (q > 127) q = 127;
        if (q < -127) q = -127;
        out[i] = (uint8_t)(q + 128);
    }
    for (i = k; i < kp; i++) out[i] = 128;
    return maxabs / 127.0f;
}

// ---- activations: one row, asymmetric 7-bit ------------------------------------------------------------
// The range [lo, hi] is the row's minimum and maximum widened to hold 0; scale s = (hi − lo) / 127, zero point
// z = round(−lo / s) ∈ [0, 127], q = clamp(round(x / s) + z, 0, 127) (uint8), padded with z (= 0) to kp.
// Returns s; *zero = z. A row whose range is below 2⁻¹²⁰ gives s ≈ 0, z = 0, q = 0 (contributes nothing).
// The scalar loop is the definition; the AVX2 path below gives the same bytes, scale and zero point.
static inline int32_t clamp127(long v) { return v < 0 ? 0 : v > 127 ? 127 : (int32_t)v; }

// The row parameters from its extremes lo ≤ 0 ≤ hi (shared by every path): returns the scale, sets 1/scale and z.
// A finite row whose range overflows (hi − lo > FLT_MAX) uses FLT_MAX, so its scale stays finite; a range
// with an infinity gives inv = 0 (every q = z) and an infinite scale, so the row's outputs are NaN (fp32's
// would not be finite either); a NaN range (the scalar path's NaN rows) gives inv = 0.
static inline float row_parameters(float lo, float hi, float *inv_out, int32_t *zero) {
    float range = hi - lo;
    if (isfinite(lo) && isfinite(hi) && range > FLT_MAX) range = FLT_MAX;
    float inv = range >= MIN_MAXABS && range <= FLT_MAX ? 127.0f / range : 0;
    *inv_out = inv;
    *zero = clamp127(lrintf(-lo * inv));
    return range / 127.0f;
}

static float activation_row_scalar(const float *x, ptrdiff_t k, ptrdiff_t kp, uint8_t *out, int32_t *zero) {
    float lo = 0, hi = 0;
    for (ptrdiff_t i = 0; i < k; i++) {
        float v = x[i];
        if (!(v <= hi)) hi = v;
        if (!(v >= lo)) lo = v;
    }
    float inv;
    int32_t z;
    float scale = row_parameters(lo, hi, &inv, &z);
    for (ptrdiff_t i = 0; i < k; i++) out[i] = (uint8_t)clamp127(lrintf(x[i] * inv) + z);
    for (ptrdiff_t i = k; i < kp; i++) out[i] = (uint8_t)z;
    *zero = z;
    return scale;
}

#if defined(__x86_64__)
#include <immintrin.h>
// activation_row_scalar with 8-float vectors (one row, 2 passes over it). A CPU without AVX2 runs the scalar one: its
// int8 GEMM is the portable twin, which costs far more than quantizing.
__attribute__((target("avx2")))
static float activation_row_avx2(const float *x, ptrdiff_t k, ptrdiff_t kp, uint8_t *out, int32_t *zero) {
    __m256 lo0 = _mm256_setzero_ps(), lo1 = _mm256_setzero_ps(), hi0 = _mm256_setzero_ps(), hi1 = _mm256_setzero_ps();
    __m256 unordered = _mm256_setzero_ps();
    ptrdiff_t i = 0;
    for (; i + 16 <= k; i += 16) {
        __m256 a = _mm256_loadu_ps(x + i), b = _mm256_loadu_ps(x + i + 8);
        unordered = _mm256_or_ps(unordered, _mm256_or_ps(_mm256_cmp_ps(a, a, _CMP_UNORD_Q), _mm256_cmp_ps(b, b, _CMP_UNORD_Q)));
        hi0 = _mm256_max_ps(hi0, a);
        hi1 = _mm256_max_ps(hi1, b);
        lo0 = _mm256_min_ps(lo0, a);
        lo1 = _mm256_min_ps(lo1, b);
    }
    // A NaN: the scalar definition's order-dependent extremes decide.
    if (_mm256_movemask_ps(unordered)) return activation_row_scalar(x, k, kp, out, zero);
    float his[8], los[8];
    _mm256_storeu_ps(his, _mm256_max_ps(hi0, hi1));
    _mm256_storeu_ps(los, _mm256_min_ps(lo0, lo1));
    float lo = 0, hi = 0;
    for (int j = 0; j < 8; j++) {   // strict comparisons: a −0 lane never replaces the starting +0
        if (his[j] > hi) hi = his[j];
        if (los[j] < lo) lo = los[j];
    }
    for (; i < k; i++) {
        float v = x[i];
        if (v != v) return activation_row_scalar(x, k, kp, out, zero);
        if (v > hi) hi = v;
        if (v < lo) lo = v;
    }
    // lo and hi are the scalar definition's: 0 or a strict extreme (never −0: only values > 0 or < 0 are taken).
    float inv;
    int32_t z;
    float scale = row_parameters(lo, hi, &inv, &z);
    // |x · inv| ≤ 127 (rounded) or NaN (inv = 0 times an infinity): cvtps2dq rounds like lrintf and gives
    // INT_MIN for NaN, as lrintf gives LONG_MIN; both clamp to 0.
    const __m256 vinv = _mm256_set1_ps(inv);
    const __m256i vz = _mm256_set1_epi32(z), top = _mm256_set1_epi8(127);
    const __m256i order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
    for (i = 0; i + 32 <= k; i += 32) {
        __m256i q0 = _mm256_add_epi32(_mm256_cvtps_epi32(_mm256_mul_ps(_mm256_loadu_ps(x + i), vinv)), vz);
        __m256i q1 = _mm256_add_epi32(_mm256_cvtps_epi32(_mm256_mul_ps(_mm256_loadu_ps(x + i + 8), vinv)), vz);
        __m256i q2 = _mm256_add_epi32(_mm256_cvtps_epi32(_mm256_mul_ps(_mm256_loadu_ps(x + i + 16), vinv)), vz);
        __m256i q3 = _mm256_add_epi32(_mm256_cvtps_epi32(_mm256_mul_ps(_mm256_loadu_ps(x + i + 24), vinv)), vz);
        // packs/packus work within 128-bit lanes: bytes come out as 4-value runs in the order 0 2 4 6 1 3 5 7
        // (runs of q0..q3 low halves, then high halves); vpermd puts the runs back in order.
        __m256i bytes = _mm256_packus_epi16(_mm256_packs_epi32(q0, q1), _mm256_packs_epi32(q2, q3));
        bytes = _mm256_permutevar8x32_epi32(bytes, order);
        _mm256_storeu_si256((__m256i *)(out + i), _mm256_min_epu8(bytes, top));
    }
    for (; i < k; i++) out[i] = (uint8_t)clamp127(lrintf(x[i] * inv) + z);
    for (i = k; i < kp; i++) out[i] = (uint8_t)z;
    *zero = z;
    return scale;
}

static float activation_row_level(int level, const float *x, ptrdiff_t k, ptrdiff_t kp, uint8_t *out, int32_t *zero) {
    return level >= 1 ? activation_row_avx2(x, k, kp, out, zero) : activation_row_scalar(x, k, kp, out, zero);
}
#else
static float activation_row_level(int level, const float *x, ptrdiff_t k, ptrdiff_t kp, uint8_t *out, int32_t *zero) {
    (void)level;
    return activation_row_scalar(x, k, kp, out, zero);
}
#endif


void emo_q8_quantize_rows_scalar(const float *x, ptrdiff_t m, ptrdiff_t k, ptrdiff_t ldx,
                                 uint8_t *xq, float *row_scales, int32_t *row_zeros) {
    ptrdiff_t kp = emo_q8_padded_k(k);
    for (ptrdiff_t r = 0; r < m; r++)
        row_scales[r] = activation_row_scalar(x + r * ldx, k, kp, xq + r * kp, row_zeros + r);
}

// AVX2 when the CPU runs an AVX2 (or AVX-512 VNNI, which implies it) int8 kernel.
int emo_q8_quantize_level(void) { return emo_q8_kernel() >= 1 ? 1 : 0; }

void emo_q8_quantize_rows_level(int level, const float *x, ptrdiff_t m, ptrdiff_t k, ptrdiff_t ldx,
                                uint8_t *xq, float *row_scales, int32_t *row_zeros) {
    int best = emo_q8_quantize_level();
    if (level > best) level = best;
    ptrdiff_t kp = emo_q8_padded_k(k);
    for (ptrdiff_t r = 0; r < m; r++)
        row_scales[r] = activation_row_level(level, x + r * ldx, k, kp, xq + r * kp, row_zeros + r);
}

void emo_q8_quantize_rows(const float *x, ptrdiff_t m, ptrdiff_t k, ptrdiff_t ldx,
                          uint8_t *xq, float *row_scales, int32_t *row_zeros) {
    emo_q8_quantize_rows_level(3, x, m, k, ldx, xq, row_scales, row_zeros);
}

// ---- portable twin: the reference integer arithmetic, one output at a time -----------------------------

static inline float dequantize(int32_t acc, float sx, float sw, float bias) {
    float v = (float)acc;
    v = v * sx;
    v = v * sw;
    return v + bias;
}

void emo_q8_gemm_portable(const uint8_t *xq, const float *row_scales, const int32_t *row_zeros, ptrdiff_t m, ptrdiff_t k,
                          const int8_t *packed, const float *scales, const int32_t *row_sums,
                          const float *bias, ptrdiff_t n, float *y, ptrdiff_t ldy) {
    ptrdiff_t kp = emo_q8_padded_k(k), groups = kp / KGROUP;
    for (ptrdiff_t r = 0; r < m; r++) {
        const uint8_t *a = xq + r * kp;
        for (ptrdiff_t o = 0; o < n; o++) {
            const int8_t *wb = packed + (o / NBLOCK) * groups * NBLOCK * KGROUP + (o % NBLOCK) * KGROUP;
            int32_t acc = 0;
            for (ptrdiff_t g = 0; g < groups; g++)
                for (int i = 0; i < KGROUP; i++)
                    acc += ((int32_t)a[g * KGROUP + i] - row_zeros[r]) * (int32_t)wb[g * NBLOCK * KGROUP + i];
            y[r * ldy + o] = dequantize(acc, row_scales[r], scales[o], bias ? bias[o] : 0.0f);
        }
    }
}

#if defined(__x86_64__)

// ---- cache blocking (both vector kernels) ------------------------------------------------------------------
// The output is computed in panels of MC rows; within a panel, for each group of output channels, the inputs
// are taken in slices of KC groups (KC·4 bytes) and every row tile of the panel runs over one slice before the
// next: the channel group's weight slice (16 or 32 channels × KC·4 bytes, 12–24 KB) stays in L1 and the
// panel's activation slice (MC × KC·4 bytes, 96 KB) in L2. Between slices a tile's int32 sums wait in a small
// buffer (MC × 32 int32). Integer sums do not depend on their order, so the result is the same bits as one
// pass over k (and as the portable twin).
#define KC 192
#define MC 128

// ---- AVX-512 VNNI: 8 rows × 32 channels per micro-tile, 16 zmm accumulators ---------------------------

#define MR512 8

__attribute__((target("avx512f,avx512bw,avx512vl,avx512vnni")))
static void store16_512(__m512i acc, int32_t zero, const int32_t *row_sums, const float *scales,
                        const float *bias, float sx, float *y, ptrdiff_t valid) {
    __m512i sums = _mm512_loadu_si512(row_sums);
    acc = _mm512_sub_epi32(acc, _mm512_mullo_epi32(sums, _mm512_set1_epi32(zero)));
    __m512 v = _mm512_cvtepi32_ps(acc);
    v = _mm512_mul_ps(v, _mm512_set1_ps(sx));
    v = _mm512_mul_ps(v, _mm512_loadu_ps(scales));
    __mmask16 mask = valid >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << valid) - 1);
    __m512 b = bias ? _mm512_maskz_loadu_ps(mask, bias) : _mm512_setzero_ps();
    v = _mm512_add_ps(v, b);
    _mm512_mask_storeu_ps(y, mask, v);
}

// One micro-tile over groups [g0, g1): `rows` rows of `a` (stride kp) × the blocks w0, w1. Sums start at 0
// (first slice) or from `partial` (row r: 32 int32), and go back to `partial` unless this is the last slice.
#define VNNI_STEP(R)                                                                         \
    for (int r = 0; r < (R); r++) {                                                         \
        int32_t word;                                                                        \
        memcpy(&word, a + r * kp + g * KGROUP, 4);                                           \
        __m512i av = _mm512_set1_epi32(word);                                                \
        acc0[r] = _mm512_dpbusd_epi32(acc0[r], av, wa);                                      \
        acc1[r] = _mm512_dpbusd_epi32(acc1[r], av, wb);                                      \
    }

__attribute__((target("avx512f,avx512bw,avx512vl,avx512vnni")))
static void tile_vnni512(const uint8_t *a, ptrdiff_t kp, int rows, const int8_t *w0, const int8_t *w1,
                         ptrdiff_t g0, ptrdiff_t g1, int first, int last, int32_t *partial,
                         const float *row_scales, const int32_t *row_zeros, const int32_t *row_sums, const float *scales, const float *bias,
                         ptrdiff_t o0, ptrdiff_t n, int two, float *y, ptrdiff_t ldy) {
    __m512i acc0[MR512], acc1[MR512];
    for (int r = 0; r < MR512; r++) {
        acc0[r] = first || r >= rows ? _mm512_setzero_si512() : _mm512_loadu_si512(partial + r * 32);
        acc1[r] = first || r >= rows ? _mm512_setzero_si512() : _mm512_loadu_si512(partial + r * 32 + 16);
    }
    if (rows == MR512) {
        for (ptrdiff_t g = g0; g < g1; g++) {
            __m512i wa = _mm512_loadu_si512(w0 + g * NBLOCK * KGROUP);
            __m512i wb = _mm512_loadu_si512(w1 + g * NBLOCK * KGROUP);
            VNNI_STEP(MR512)
        }
    } else {
        for (ptrdiff_t g = g0; g < g1; g++) {
            __m512i wa = _mm512_loadu_si512(w0 + g * NBLOCK * KGROUP);
            __m512i wb = _mm512_loadu_si512(w1 + g * NBLOCK * KGROUP);
            VNNI_STEP(rows)
        }
    }
    for (int r = 0; r < rows; r++) {
        if (!last) {
            _mm512_storeu_si512(partial + r * 32, acc0[r]);
            _mm512_storeu_si512(partial + r * 32 + 16, acc1[r]);
            continue;
        }
        float sx = row_scales[r];
        float *yr = y + r * ldy;
        store16_512(acc0[r], row_zeros[r], row_sums + o0, scales + o0, bias ? bias + o0 : NULL, sx, yr + o0, n - o0);
        if (two) {
            ptrdiff_t o1 = o0 + NBLOCK;
            store16_512(acc1[r], row_zeros[r], row_sums + o1, scales + o1, bias ? bias + o1 : NULL, sx, yr + o1, n - o1);
        }
    }
}

__attribute__((target("avx512f,avx512bw,avx512vl,avx512vnni")))
static void gemm_vnni512(const uint8_t *xq, const float *row_scales, const int32_t *row_zeros, ptrdiff_t m, ptrdiff_t k,
                         const int8_t *packed, const float *scales, const int32_t *row_sums,
                         const float *bias, ptrdiff_t n, float *y, ptrdiff_t ldy) {
    ptrdiff_t kp = emo_q8_padded_k(k), groups = kp / KGROUP, blocks = emo_q8_padded_n(n) / NBLOCK;
    int32_t partial[MC * 32] __attribute__((aligned(64)));
    for (ptrdiff_t p0 = 0; p0 < m; p0 += MC) {
        ptrdiff_t p1 = p0 + MC < m ? p0 + MC : m;
        for (ptrdiff_t b0 = 0; b0 < blocks; b0 += 2) {
            int two = b0 + 1 < blocks;
            const int8_t *w0 = packed + b0 * groups * NBLOCK * KGROUP;
            const int8_t *w1 = two ? w0 + groups * NBLOCK * KGROUP : w0;
            for (ptrdiff_t g0 = 0; g0 < groups; g0 += KC) {
                ptrdiff_t g1 = g0 + KC < groups ? g0 + KC : groups;
                for (ptrdiff_t r0 = p0; r0 < p1; r0 += MR512) {
                    int rows = (int)(p1 - r0 < MR512 ? p1 - r0 : MR512);
                    tile_vnni512(xq + r0 * kp, kp, rows, w0, w1, g0, g1, g0 == 0, g1 == groups,
                                 partial + (r0 - p0) * 32, row_scales + r0, row_zeros + r0, row_sums, scales, bias,
                                 b0 * NBLOCK, n, two, y + r0 * ldy, ldy);
                }
            }
        }
    }
}

// ---- AVX2: 4 rows × 16 channels per micro-tile (vpmaddubsw + vpmaddwd) ------------------------------------

#define MR256 4

__attribute__((target("avx2")))
static void store8_256(__m256i acc, int32_t zero, const int32_t *row_sums, const float *scales, const float *bias,
                       float sx, float *y, ptrdiff_t valid) {
    float tmp[8];
    acc = _mm256_sub_epi32(acc, _mm256_mullo_epi32(_mm256_loadu_si256((const __m256i *)row_sums),
                                                   _mm256_set1_epi32(zero)));
    __m256 v = _mm256_cvtepi32_ps(acc);
    v = _mm256_mul_ps(v, _mm256_set1_ps(sx));
    if (valid >= 8) {
        v = _mm256_mul_ps(v, _mm256_loadu_ps(scales));
        v = _mm256_add_ps(v, bias ? _mm256_loadu_ps(bias) : _mm256_setzero_ps());
        _mm256_storeu_ps(y, v);
        return;
    }
    _mm256_storeu_ps(tmp, v);
    for (ptrdiff_t j = 0; j < valid; j++) {
        float t = tmp[j] * scales[j];
        y[j] = t + (bias ? bias[j] : 0.0f);
    }
}

// Activations are in [0, 127]: vpmaddubsw takes them as they are (no sign handling, see the top of the file).
#define AVX2_STEP(R)                                                                         \
    for (int r = 0; r < (R); r++) {                                                         \
        int32_t word;                                                                        \
        memcpy(&word, a + r * kp + g * KGROUP, 4);                                           \
        __m256i av = _mm256_set1_epi32(word);                                                \
        lo[r] = _mm256_add_epi32(lo[r], _mm256_madd_epi16(_mm256_maddubs_epi16(av, w_lo), ones)); \
        hi[r] = _mm256_add_epi32(hi[r], _mm256_madd_epi16(_mm256_maddubs_epi16(av, w_hi), ones)); \
    }

// Within a 16-channel block the packed bytes are [16 channels][4 inputs]: the low ymm holds channels 0–7,
// the high ymm channels 8–15.
__attribute__((target("avx2")))
static void tile_avx2(const uint8_t *a, ptrdiff_t kp, int rows, const int8_t *wblock,
                      ptrdiff_t g0, ptrdiff_t g1, int first, int last, int32_t *partial,
                      const float *row_scales, const int32_t *row_zeros, const int32_t *row_sums,
                      const float *scales, const float *bias, ptrdiff_t o, ptrdiff_t n, float *y, ptrdiff_t ldy) {
    const __m256i ones = _mm256_set1_epi16(1);
    __m256i lo[MR256], hi[MR256];
    for (int r = 0; r < MR256; r++) {
        lo[r] = first || r >= rows ? _mm256_setzero_si256() : _mm256_loadu_si256((const __m256i *)(partial + r * 16));
        hi[r] = first || r >= rows ? _mm256_setzero_si256() : _mm256_loadu_si256((const __m256i *)(partial + r * 16 + 8));
    }
    if (rows == MR256) {
        for (ptrdiff_t g = g0; g < g1; g++) {
            __m256i w_lo = _mm256_loadu_si256((const __m256i *)(wblock + g * NBLOCK * KGROUP));
            __m256i w_hi = _mm256_loadu_si256((const __m256i *)(wblock + g * NBLOCK * KGROUP + 32));
            AVX2_STEP(MR256)
        }
    } else {
        for (ptrdiff_t g = g0; g < g1; g++) {
            __m256i w_lo = _mm256_loadu_si256((const __m256i *)(wblock + g * NBLOCK * KGROUP));
            __m256i w_hi = _mm256_loadu_si256((const __m256i *)(wblock + g * NBLOCK * KGROUP + 32));
            AVX2_STEP(rows)
        }
    }
    for (int r = 0; r < rows; r++) {
        if (!last) {
            _mm256_storeu_si256((__m256i *)(partial + r * 16), lo[r]);
            _mm256_storeu_si256((__m256i *)(partial + r * 16 + 8), hi[r]);
            continue;
        }
        float sx = row_scales[r];
        float *yr = y + r * ldy;
        store8_256(lo[r], row_zeros[r], row_sums + o, scales + o, bias ? bias + o : NULL, sx, yr + o, n - o);
        if (n - o > 8)
            store8_256(hi[r], row_zeros[r], row_sums + o + 8, scales + o + 8, bias ? bias + o + 8 : NULL, sx,
                       yr + o + 8, n - o - 8);
    }
}

__attribute__((target("avx2")))
static void gemm_avx2(const uint8_t *xq, const float *row_scales, const int32_t *row_zeros, ptrdiff_t m, ptrdiff_t k,
                      const int8_t *packed, const float *scales, const int32_t *row_sums,
                      const float *bias, ptrdiff_t n, float *y, ptrdiff_t ldy) {
    ptrdiff_t kp = emo_q8_padded_k(k), groups = kp / KGROUP, blocks = emo_q8_padded_n(n) / NBLOCK;
    int32_t partial[MC * 16] __attribute__((aligned(32)));
    for (ptrdiff_t p0 = 0; p0 < m; p0 += MC) {
        ptrdiff_t p1 = p0 + MC < m ? p0 + MC : m;
        for (ptrdiff_t b = 0; b < blocks; b++) {
            const int8_t *wblock = packed + b * groups * NBLOCK * KGROUP;
            for (ptrdiff_t g0 = 0; g0 < groups; g0 += KC) {
                ptrdiff_t g1 = g0 + KC < groups ? g0 + KC : groups;
                for (ptrdiff_t r0 = p0; r0 < p1; r0 += MR256) {
                    int rows = (int)(p1 - r0 < MR256 ? p1 - r0 : MR256);
                    tile_avx2(xq + r0 * kp, kp, rows, wblock, g0, g1, g0 == 0, g1 == groups,
                              partial + (r0 - p0) * 16, row_scales + r0, row_zeros + r0, row_sums, scales, bias,
                              b * NBLOCK, n, y + r0 * ldy, ldy);
                }
            }
        }
    }
}

int emo_cpu_vector_features(void) {
    __builtin_cpu_init();
    int features = 0;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) features |= 1;
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl") &&
        __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512cd"))
        features |= 2;
    return features;
}

int emo_q8_kernel(void) {
    static int cached = -1;
    int value = __atomic_load_n(&cached, __ATOMIC_RELAXED);
    if (value < 0) {
        __builtin_cpu_init();
        if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
            __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512vnni"))
            value = 2;
        else if (__builtin_cpu_supports("avx2"))
            value = 1;
        else
            value = 0;
        __atomic_store_n(&cached, value, __ATOMIC_RELAXED);
    }
    return value;
}

void emo_q8_gemm_kernel(int kernel, const uint8_t *xq, const float *row_scales, const int32_t *row_zeros, ptrdiff_t m, ptrdiff_t k,
                        const int8_t *packed, const float *scales, const int32_t *row_sums,
                        const float *bias, ptrdiff_t n, float *y, ptrdiff_t ldy) {
    int best = emo_q8_kernel();
    if (kernel > best) kernel = best;
    switch (kernel) {
    case 2: gemm_vnni512(xq, row_scales, row_zeros, m, k, packed, scales, row_sums, bias, n, y, ldy); break;
    case 1: gemm_avx2(xq, row_scales, row_zeros, m, k, packed, scales, row_sums, bias, n, y, ldy); break;
    default: emo_q8_gemm_portable(xq, row_scales, row_zeros, m, k, packed, scales, row_sums, bias, n, y, ldy); break;
    }
}
#else
int emo_cpu_vector_features(void) { return 0; }
int emo_q8_kernel(void) { return 0; }
void emo_q8_gemm_kernel(int kernel, const uint8_t *xq, const float *row_scales, const int32_t *row_zeros, ptrdiff_t m, ptrdiff_t k,
                        const int8_t *packed, const float *scales, const int32_t *row_sums,
                        const float *bias, ptrdiff_t n, float *y, ptrdiff_t ldy) {
    (void)kernel;
    emo_q8_gemm_portable(xq, row_scales, row_zeros, m, k, packed, scales, row_sums, bias, n, y, ldy);
}
#endif

void emo_q8_gemm(const uint8_t *xq, const float *row_scales, const int32_t *row_zeros, ptrdiff_t m, ptrdiff_t k,
                 const int8_t *packed, const float *scales, const int32_t *row_sums,
                 const float *bias, ptrdiff_t n, float *y, ptrdiff_t ldy) {
    emo_q8_gemm_kernel(3, xq, row_scales, row_zeros, m, k, packed, scales, row_sums, bias, n, y, ldy);
}

const char *emo_q8_kernel_name(void) {
    switch (emo_q8_kernel()) {
    case 2: return "avx512-vnni";
    case 1: return "avx2";
    default: return "portable";
    }
}
