// int8 GEMM kernel choice by measurement (issue 20): oneDNN's int8 matmul (the library PyTorch's CPU path
// builds on) against emoeval's own kernels (Sources/CEmoKernels/int8_gemm.c, linked directly: AVX-512 VNNI,
// AVX2 vpmaddubsw, portable twin) and OpenBLAS sgemm (fp32, what `--precision fp32` runs), on the
// transformer shapes of the models emoeval runs. Not a test: a measurement program, built and run by
// run.sh next to it.
//
// Every implementation computes the same thing, y = x · Wᵀ + b for x (M, K) and W (N, K):
//  - int8 (both libraries): the SAME quantized data — activations per row asymmetric 7-bit uint8 with a
//    zero point (emoeval's emo_q8_quantize_rows), weights per output channel symmetric int8
//    (emoeval's emo_q8_pack_weights), int32 accumulation, y = (acc − z·Σw) · s_x[m] · s_w[n] + b[n];
//    every activation row's range is [−c, c·64/63] (z = 127·63/127 = 63 up to float rounding, far from a
//    tie), so every row's zero point is 63 and oneDNN's per-tensor zero point applies;
//  - oneDNN: u8 src with zero point 63, s8 weights in the layout oneDNN asks for (format `any`,
//    reordered once, as PyTorch prepares a quantized linear's weights), f32 dst, per-channel output
//    scales s_w, then binary post-ops ×s_x (an (M, 1) tensor) and +b (a (1, N) tensor);
//  - emoeval: emo_q8_gemm_kernel with each kernel; 2 threads split the output channels (32 at a time);
//  - sgemm: cblas_sgemm(row-major, x, Wᵀ) on the float data (no bias).
// Outputs are checked: emoeval's kernels must equal the portable twin bit for bit, oneDNN must agree
// with it to float rounding (the report prints the largest relative difference).
//
// Timing: each measurement repeats until --min-time seconds and --min-reps repetitions (after warm-up);
// it reports the best wall time (least disturbed on a shared machine) and the process CPU time per
// repetition (CLOCK_PROCESS_CPUTIME_ID: all threads, including spinning ones). GOP/s counts 2·M·N·K.
#define _GNU_SOURCE
#include <dnnl.h>
#include <cblas.h>
#include <pthread.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "CEmoKernels.h"

// OpenMP runtime of libdnnl (Debian builds oneDNN with DNNL_CPU_RUNTIME=OMP, libgomp); declared here so
// that no omp.h is needed.
extern void omp_set_num_threads(int);
// OpenBLAS extensions (also in its cblas.h; declared again so any cblas.h works).
extern char *openblas_get_corename(void);
extern char *openblas_get_config(void);
extern void openblas_set_num_threads(int);

#define CHECK_DNNL(call)                                                                     \
    do {                                                                                     \
        dnnl_status_t s_ = (call);                                                           \
        if (s_ != dnnl_success) {                                                            \
            fprintf(stderr, "oneDNN: %s failed (status %d) at line %d\n", #call, (int)s_, __LINE__); \
            exit(1);                                                                         \
        }                                                                                    \
    } while (0)

static double now_wall(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static double now_cpu(void) {
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

// ---- deterministic data ----------------------------------------------------------------------------------

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static float uniform(void) {   // xorshift64*, in [-1, 1)
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    uint64_t v = rng_state * 0x2545F4914F6CDD1Dull;
    return (float)((v >> 40) * (1.0 / 8388608.0)) - 1.0f;
}
static float normalish(void) { return (uniform() + uniform() + uniform()) * 1.0f; }

// ---- timing ------------------------------------------------------------------------------------------------

typedef void (*work_fn)(void *);
typedef struct { double best, median, cpu; int reps; } timing;

static double min_time = 0.4;
static int min_reps = 5;

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static timing measure(work_fn fn, void *ctx, int warmup, double min_seconds, int reps_floor) {
    for (int i = 0; i < warmup; i++) fn(ctx);
    double times[4096];
    int n = 0;
    double start = now_wall(), cpu0 = now_cpu();
    while (n < 4096 && (n < reps_floor || now_wall() - start < min_seconds)) {
        double t0 = now_wall();
        fn(ctx);
        times[n++] = now_wall() - t0;
    }
    double cpu = (now_cpu() - cpu0) / n;
    qsort(times, (size_t)n, sizeof(double), cmp_double);
    timing t = { times[0], times[n / 2], cpu, n };
    return t;
}

// ---- emoeval kernels, 1 or 2 threads (a small persistent pool; threads split the output channels) ------

typedef struct {
    int kernel;
    const uint8_t *xq; const float *row_scales; const int32_t *row_zeros; ptrdiff_t m, k;
    const int8_t *packed; const float *scales; const int32_t *row_sums; const float *bias;
    ptrdiff_t n; float *y;
} emo_call;

static void emo_part(const emo_call *c, int part, int parts) {
    // Split on 32-channel boundaries (the VNNI kernel takes two 16-channel blocks at a time).
    ptrdiff_t units = (c->n + 31) / 32;
    ptrdiff_t u0 = units * part / parts, u1 = units * (part + 1) / parts;
    ptrdiff_t n0 = u0 * 32, n1 = u1 * 32 < c->n ? u1 * 32 : c->n;
    if (n1 <= n0) return;
    ptrdiff_t kp = emo_q8_padded_k(c->k);
    emo_q8_gemm_kernel(c->kernel, c->xq, c->row_scales, c->row_zeros, c->m, c->k,
                       c->packed + n0 * kp, c->scales + n0, c->row_sums + n0,
                       c->bias ? c->bias + n0 : NULL, n1 - n0, c->y + n0, c->n);
}

static pthread_barrier_t pool_start, pool_done;
static const emo_call *pool_call;
static int pool_stop;

static void *pool_worker(void *arg) {
    (void)arg;
    for (;;) {
        pthread_barrier_wait(&pool_start);
        if (pool_stop) return NULL;
        emo_part(pool_call, 1, 2);
        pthread_barrier_wait(&pool_done);
    }
}

typedef struct { emo_call call; int threads; } emo_job;

static void run_emo(void *p) {
    emo_job *j = p;
    if (j->threads == 1) { emo_part(&j->call, 0, 1); return; }
    pool_call = &j->call;
    pthread_barrier_wait(&pool_start);
    emo_part(&j->call, 0, 2);
    pthread_barrier_wait(&pool_done);
}

// ---- OpenBLAS sgemm ----------------------------------------------------------------------------------------

typedef struct { const float *x, *w; float *y; int m, n, k; } sgemm_job;

static void run_sgemm(void *p) {
    sgemm_job *j = p;
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, j->m, j->n, j->k, 1.0f, j->x, j->k, j->w, j->k,
                0.0f, j->y, j->n);
}

// ---- oneDNN int8 matmul ------------------------------------------------------------------------------------

static dnnl_engine_t engine;
static dnnl_stream_t stream;

typedef struct {
    dnnl_primitive_t prim;
    dnnl_exec_arg_t args[6];
    int nargs;
    dnnl_memory_t mems[6];
    char impl[128];
    double create_ms, reorder_ms;
} onednn_job;

static void run_onednn(void *p) {
    onednn_job *j = p;
    CHECK_DNNL(dnnl_primitive_execute(j->prim, stream, j->nargs, j->args));
    CHECK_DNNL(dnnl_stream_wait(stream));
}

// int8: qplain is (N, K) int8 row-major = oneDNN weights (K, N) in tag `ba`; xq is u8 with zero point 63.
// oneDNN 2.6 has no jit implementation for a per-row (M, 1) scale post-op (it falls back to ref_int8, ~1000×
// slower), so the activation scale is per tensor as in PyTorch's dynamic quantization: output scale
// s_w[n] · s_x (here s_x = 1; the values do not change the timing), then + b as a binary post-op.
// fp32 (wq == NULL): x (M, K) f32 · w (K, N) f32 in tag `ba` (= W (N, K) row-major) in oneDNN's layout.
static void onednn_setup(onednn_job *j, int m, int n, int k, const void *src_data, const void *wei_data,
                         const float *wscales, const float *bias, float *y, int int8) {
    double t0 = now_wall();
    dnnl_memory_desc_t src_md, wei_any_md, wei_plain_md, dst_md, bias_md, zp_md;
    dnnl_dims_t src_dims = { m, k }, wei_dims = { k, n }, dst_dims = { m, n };
    dnnl_dims_t bias_dims = { 1, n }, zp_dims = { 1 };
    dnnl_data_type_t sdt = int8 ? dnnl_u8 : dnnl_f32, wdt = int8 ? dnnl_s8 : dnnl_f32;
    CHECK_DNNL(dnnl_memory_desc_init_by_tag(&src_md, 2, src_dims, sdt, dnnl_ab));
    CHECK_DNNL(dnnl_memory_desc_init_by_tag(&wei_any_md, 2, wei_dims, wdt, dnnl_format_tag_any));
    CHECK_DNNL(dnnl_memory_desc_init_by_tag(&wei_plain_md, 2, wei_dims, wdt, dnnl_ba));
    CHECK_DNNL(dnnl_memory_desc_init_by_tag(&dst_md, 2, dst_dims, dnnl_f32, dnnl_ab));
    CHECK_DNNL(dnnl_memory_desc_init_by_tag(&bias_md, 2, bias_dims, dnnl_f32, dnnl_ab));
    CHECK_DNNL(dnnl_memory_desc_init_by_tag(&zp_md, 1, zp_dims, dnnl_s32, dnnl_a));

    dnnl_primitive_attr_t attr;
    CHECK_DNNL(dnnl_primitive_attr_create(&attr));
    if (int8) {
        CHECK_DNNL(dnnl_primitive_attr_set_output_scales(attr, n, 1 << 1, wscales));
        int32_t zp_runtime = DNNL_RUNTIME_S32_VAL;
        CHECK_DNNL(dnnl_primitive_attr_set_zero_points(attr, DNNL_ARG_SRC, 1, 0, &zp_runtime));
    }
    dnnl_post_ops_t ops;
    CHECK_DNNL(dnnl_post_ops_create(&ops));
    CHECK_DNNL(dnnl_post_ops_append_binary(ops, dnnl_binary_add, &bias_md));
    CHECK_DNNL(dnnl_primitive_attr_set_post_ops(attr, ops));

    dnnl_matmul_desc_t desc;
    CHECK_DNNL(dnnl_matmul_desc_init(&desc, &src_md, &wei_any_md, NULL, &dst_md));
    dnnl_primitive_desc_t pd;
    CHECK_DNNL(dnnl_primitive_desc_create(&pd, &desc, attr, engine, NULL));
    const char *impl = NULL;
    CHECK_DNNL(dnnl_primitive_desc_query(pd, dnnl_query_impl_info_str, 0, &impl));
    snprintf(j->impl, sizeof j->impl, "%s", impl ? impl : "?");
    const dnnl_memory_desc_t *wei_md = dnnl_primitive_desc_query_md(pd, dnnl_query_weights_md, 0);
    CHECK_DNNL(dnnl_primitive_create(&j->prim, pd));
    j->create_ms = (now_wall() - t0) * 1e3;

    // Weights: reorder once into the layout the primitive asked for.
    t0 = now_wall();
    dnnl_memory_t wplain, wmem;
    CHECK_DNNL(dnnl_memory_create(&wplain, &wei_plain_md, engine, (void *)wei_data));
    CHECK_DNNL(dnnl_memory_create(&wmem, wei_md, engine, DNNL_MEMORY_ALLOCATE));
    dnnl_primitive_desc_t rpd;
    CHECK_DNNL(dnnl_reorder_primitive_desc_create(&rpd, &wei_plain_md, engine, wei_md, engine, NULL));
    dnnl_primitive_t reorder;
    CHECK_DNNL(dnnl_primitive_create(&reorder, rpd));
    dnnl_exec_arg_t rargs[2] = { { DNNL_ARG_FROM, wplain }, { DNNL_ARG_TO, wmem } };
    CHECK_DNNL(dnnl_primitive_execute(reorder, stream, 2, rargs));
    CHECK_DNNL(dnnl_stream_wait(stream));
    j->reorder_ms = (now_wall() - t0) * 1e3;
    dnnl_primitive_destroy(reorder);
    dnnl_primitive_desc_destroy(rpd);
    dnnl_memory_destroy(wplain);

    static int32_t zp_value = 63;
    dnnl_memory_t src, dst, bm, zp;
    CHECK_DNNL(dnnl_memory_create(&src, &src_md, engine, (void *)src_data));
    CHECK_DNNL(dnnl_memory_create(&dst, &dst_md, engine, y));
    CHECK_DNNL(dnnl_memory_create(&bm, &bias_md, engine, (void *)bias));
    j->nargs = 0;
    j->args[j->nargs++] = (dnnl_exec_arg_t){ DNNL_ARG_SRC, src };
    j->args[j->nargs++] = (dnnl_exec_arg_t){ DNNL_ARG_WEIGHTS, wmem };
    j->args[j->nargs++] = (dnnl_exec_arg_t){ DNNL_ARG_DST, dst };
    j->args[j->nargs++] = (dnnl_exec_arg_t){ DNNL_ARG_ATTR_MULTIPLE_POST_OP(0) | DNNL_ARG_SRC_1, bm };
    if (int8) {
        CHECK_DNNL(dnnl_memory_create(&zp, &zp_md, engine, &zp_value));
        j->args[j->nargs++] = (dnnl_exec_arg_t){ DNNL_ARG_ATTR_ZERO_POINTS | DNNL_ARG_SRC, zp };
    }
    for (int i = 0; i < j->nargs; i++) j->mems[i] = j->args[i].memory;
    dnnl_primitive_desc_destroy(pd);
    dnnl_post_ops_destroy(ops);
    dnnl_primitive_attr_destroy(attr);
}

static void onednn_free(onednn_job *j) {
    dnnl_primitive_destroy(j->prim);
    for (int i = 0; i < j->nargs; i++) dnnl_memory_destroy(j->mems[i]);
}

// ---- comparison --------------------------------------------------------------------------------------------

static double max_rel_diff(const float *a, const float *ref, size_t count) {
    double maxref = 0, maxdiff = 0;
    for (size_t i = 0; i < count; i++) {
        double r = fabs(ref[i]), d = fabs((double)a[i] - ref[i]);
        if (r > maxref) maxref = r;
        if (!(d <= maxdiff)) maxdiff = d;   // NaN wins
    }
    return maxref > 0 ? maxdiff / maxref : maxdiff;
}

// ---- main --------------------------------------------------------------------------------------------------

typedef struct { int k, n; const char *model; } kn_shape;

static const kn_shape default_kn[] = {
    { 768, 768, "base" }, { 768, 3072, "base" }, { 3072, 768, "base" },
    { 1024, 1024, "large" }, { 1024, 4096, "large" }, { 4096, 1024, "large" },
};
static const int default_m[] = { 100, 250, 500 };

enum { IMPL_SGEMM, IMPL_DNNL_F32, IMPL_ONEDNN, IMPL_VNNI, IMPL_AVX2, IMPL_PORTABLE, IMPL_COUNT };
static const char *impl_names[IMPL_COUNT] = { "sgemm", "oneDNN-f32", "oneDNN-int8", "emo-vnni", "emo-avx2", "emo-portable" };
static const char *impl_titles[IMPL_COUNT] = { "OpenBLAS sgemm", "oneDNN fp32", "oneDNN int8", "emo VNNI", "emo AVX2", "emo portable" };

typedef struct { int m, k, n, threads; timing t[IMPL_COUNT]; int ran[IMPL_COUNT]; double quant_ms; } result;

static void usage(void) {
    fprintf(stderr,
            "usage: bench_int8 [--threads 1,2] [--m 100,250,500] [--min-time S] [--min-reps N]\n"
            "                  [--onednn-isa native|avx2|avx2_vnni|avx512_core|avx512_core_vnni]\n"
            "                  [--portable-threads 1] [--quick] [--csv FILE]\n");
    exit(2);
}

static int parse_list(const char *s, int *out, int cap) {
    int n = 0;
    while (*s && n < cap) {
        out[n++] = atoi(s);
        const char *c = strchr(s, ',');
        if (!c) break;
        s = c + 1;
    }
    return n;
}

int main(int argc, char **argv) {
    int threads[4] = { 1, 2 }, nthreads = 2;
    int ms[8], nm = 3;
    memcpy(ms, default_m, sizeof default_m);
    const char *isa = "native", *csv_path = NULL;
    int portable_max_threads = 1, nkn = 6;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--threads") && i + 1 < argc) nthreads = parse_list(argv[++i], threads, 4);
        else if (!strcmp(argv[i], "--m") && i + 1 < argc) nm = parse_list(argv[++i], ms, 8);
        else if (!strcmp(argv[i], "--min-time") && i + 1 < argc) min_time = atof(argv[++i]);
        else if (!strcmp(argv[i], "--min-reps") && i + 1 < argc) min_reps = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--onednn-isa") && i + 1 < argc) isa = argv[++i];
        else if (!strcmp(argv[i], "--portable-threads") && i + 1 < argc) portable_max_threads = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--csv") && i + 1 < argc) csv_path = argv[++i];
        else if (!strcmp(argv[i], "--quick")) { nm = 1; ms[0] = 250; nkn = 3; min_time = 0.15; min_reps = 3; }
        else usage();
    }

    // oneDNN's ISA cap must be set before its first primitive (it is fixed for the process).
    if (strcmp(isa, "native")) {
        dnnl_cpu_isa_t cap = dnnl_cpu_isa_all;
        if (!strcmp(isa, "avx2")) cap = dnnl_cpu_isa_avx2;
        else if (!strcmp(isa, "avx2_vnni")) cap = dnnl_cpu_isa_avx2_vnni;
        else if (!strcmp(isa, "avx512_core")) cap = dnnl_cpu_isa_avx512_core;
        else if (!strcmp(isa, "avx512_core_vnni")) cap = dnnl_cpu_isa_avx512_core_vnni;
        else usage();
        CHECK_DNNL(dnnl_set_max_cpu_isa(cap));
    }
    CHECK_DNNL(dnnl_engine_create(&engine, dnnl_cpu, 0));
    CHECK_DNNL(dnnl_stream_create(&stream, engine, dnnl_stream_default_flags));

    const dnnl_version_t *v = dnnl_version();
    static const char *isa_names[] = { [0x7] = "avx2", [0x27] = "avx512_core", [0x67] = "avx512_core_vnni",
                                       [0xe7] = "avx512_core_bf16", [0x3e7] = "avx512_core_amx",
                                       [0x407] = "avx2_vnni" };
    int eff = (int)dnnl_get_effective_cpu_isa();
    const char *eff_name = eff >= 0 && eff < (int)(sizeof isa_names / sizeof *isa_names) && isa_names[eff]
                               ? isa_names[eff] : "?";
    printf("# int8 GEMM: oneDNN vs emoeval kernels vs OpenBLAS sgemm\n\n");
    printf("- oneDNN %d.%d.%d (cpu runtime %s), effective ISA %s (0x%x; cap: %s)\n", v->major, v->minor,
           v->patch, v->cpu_runtime == DNNL_RUNTIME_OMP ? "OpenMP" : "other", eff_name, eff, isa);
    printf("- OpenBLAS core %s (%s)\n", openblas_get_corename(), openblas_get_config());
    printf("- emoeval best int8 kernel on this CPU: %s\n", emo_q8_kernel_name());
    fflush(stdout);

    int kernels_available = emo_q8_kernel();
    FILE *csv = csv_path ? fopen(csv_path, "w") : NULL;
    if (csv) fprintf(csv, "m,k,n,threads,impl,reps,best_ms,median_ms,cpu_ms,gops_best_wall,gops_per_core_cpu\n");

    result results[64];
    int nres = 0;
    pthread_t worker;
    pthread_barrier_init(&pool_start, NULL, 2);
    pthread_barrier_init(&pool_done, NULL, 2);
    pthread_create(&worker, NULL, pool_worker, NULL);

    char notes[64][200];
    int nnotes = 0;

    for (int si = 0; si < nkn; si++) {
        int k = default_kn[si].k, n = default_kn[si].n;
        // Weights ~ N(0, 0.03) with a few larger channels, activations ~ N(0, 1) with outliers: roughly the
        // spread of a trained transformer's linear layers (only the arithmetic matters for timing).
        float *w = malloc(sizeof(float) * (size_t)n * k), *bias = malloc(sizeof(float) * n);
        for (size_t i = 0; i < (size_t)n * k; i++) w[i] = 0.03f * normalish();
        for (int o = 0; o < n; o++) bias[o] = 0.1f * uniform();
        ptrdiff_t pn = emo_q8_padded_n(n), kp = emo_q8_padded_k(k);
        int8_t *packed = aligned_alloc(64, (emo_q8_packed_bytes(n, k) + 63) / 64 * 64);
        float *wscales = malloc(sizeof(float) * pn);
        int32_t *row_sums = malloc(sizeof(int32_t) * pn);
        if (emo_q8_pack_weights(w, n, k, packed, wscales, row_sums) != 0) { fprintf(stderr, "pack failed\n"); return 1; }
        // The same int8 weights, plain (N, K), for oneDNN.
        int8_t *qplain = malloc((size_t)n * k);
        ptrdiff_t groups = kp / 4;
        for (int o = 0; o < n; o++)
            for (int i = 0; i < k; i++)
                qplain[(size_t)o * k + i] = packed[(((o / 16) * groups + i / 4) * 16 + o % 16) * 4 + i % 4];

        for (int mi = 0; mi < nm; mi++) {
            int m = ms[mi];
            float *x = malloc(sizeof(float) * (size_t)m * k);
            for (size_t i = 0; i < (size_t)m * k; i++) x[i] = normalish() * (uniform() > 0.995f ? 8.0f : 1.0f);
            for (int r = 0; r < m; r++) {   // range [−c, c·64/63] per row: zero point 63 everywhere (see the top)
                float c = 0;
                for (int i = 0; i < k; i++) c = fmaxf(c, fabsf(x[(size_t)r * k + i]));
                x[(size_t)r * k] = -c;
                x[(size_t)r * k + 1] = c * 64.0f / 63.0f;
            }
            uint8_t *xq = aligned_alloc(64, ((size_t)m * kp + 63) / 64 * 64);
            float *row_scales = malloc(sizeof(float) * m);
            int32_t *row_zeros = malloc(sizeof(int32_t) * m);
            float *y_ref = malloc(sizeof(float) * (size_t)m * n), *y = malloc(sizeof(float) * (size_t)m * n);
            emo_q8_quantize_rows(x, m, k, k, xq, row_scales, row_zeros);
            for (int r = 0; r < m; r++)
                if (row_zeros[r] != 63) { fprintf(stderr, "row %d: zero point %d, expected 63\n", r, row_zeros[r]); return 1; }

            // Quantizing the activations (single thread, the same for both int8 libraries).
            struct { const float *x; int m, k; uint8_t *xq; float *rs; int32_t *rz; } qj = { x, m, k, xq, row_scales, row_zeros };
            double q0 = now_cpu();
            int qreps = 0;
            while (qreps < 20 || now_cpu() - q0 < 0.05) { emo_q8_quantize_rows(qj.x, qj.m, qj.k, qj.k, qj.xq, qj.rs, qj.rz); qreps++; }
            double quant_ms = (now_cpu() - q0) / qreps * 1e3;

            emo_q8_gemm_portable(xq, row_scales, row_zeros, m, k, packed, wscales, row_sums, bias, n, y_ref, n);
            // oneDNN int8 runs with activation scale 1 (see onednn_setup): its reference is emoeval's twin
            // with every row scale 1.
            float *ones = malloc(sizeof(float) * m), *y_ref1 = malloc(sizeof(float) * (size_t)m * n);
            for (int i = 0; i < m; i++) ones[i] = 1.0f;
            emo_q8_gemm_portable(xq, ones, row_zeros, m, k, packed, wscales, row_sums, bias, n, y_ref1, n);

            onednn_job dj, df;
            onednn_setup(&dj, m, n, k, xq, qplain, wscales, bias, y, 1);
            onednn_setup(&df, m, n, k, x, w, NULL, bias, y, 0);

            for (int ti = 0; ti < nthreads; ti++) {
                int t = threads[ti];
                result *r = &results[nres++];
                memset(r, 0, sizeof *r);
                r->m = m; r->k = k; r->n = n; r->threads = t; r->quant_ms = quant_ms;

                openblas_set_num_threads(t);
                sgemm_job sj = { x, w, y, m, n, k };
                r->t[IMPL_SGEMM] = measure(run_sgemm, &sj, 2, min_time, min_reps);
                r->ran[IMPL_SGEMM] = 1;
                openblas_set_num_threads(1);

                omp_set_num_threads(t);
                r->t[IMPL_DNNL_F32] = measure(run_onednn, &df, 2, min_time, min_reps);
                r->ran[IMPL_DNNL_F32] = 1;
                memset(y, 0, sizeof(float) * (size_t)m * n);
                r->t[IMPL_ONEDNN] = measure(run_onednn, &dj, 2, min_time, min_reps);
                r->ran[IMPL_ONEDNN] = 1;
                double d = max_rel_diff(y, y_ref1, (size_t)m * n);
                if (ti == 0 && nnotes < 64)
                    snprintf(notes[nnotes++], 200, "M=%d K=%d N=%d: int8 %s (primitive %.1f ms, weight reorder %.1f ms, max |Δ|/max|y| vs emoeval %.2g); fp32 %s",
                             m, k, n, dj.impl, dj.create_ms, dj.reorder_ms, d, df.impl);
                if (d > 1e-5) fprintf(stderr, "WARNING: oneDNN int8 differs from emoeval's portable kernel by %.3g (M=%d K=%d N=%d)\n", d, m, k, n);

                for (int kern = 2; kern >= 0; kern--) {
                    int impl = kern == 2 ? IMPL_VNNI : kern == 1 ? IMPL_AVX2 : IMPL_PORTABLE;
                    if (kern > kernels_available) continue;
                    if (kern == 0 && t > portable_max_threads) continue;
                    emo_job ej = { { kern, xq, row_scales, row_zeros, m, k, packed, wscales, row_sums, bias, n, y }, t };
                    memset(y, 0, sizeof(float) * (size_t)m * n);
                    r->t[impl] = kern == 0 ? measure(run_emo, &ej, 1, min_time, 2) : measure(run_emo, &ej, 2, min_time, min_reps);
                    r->ran[impl] = 1;
                    if (memcmp(y, y_ref, sizeof(float) * (size_t)m * n)) {
                        fprintf(stderr, "ERROR: emoeval kernel %s differs from its portable twin (M=%d K=%d N=%d, %d threads)\n",
                                impl_names[impl], m, k, n, t);
                        return 1;
                    }
                }
                double gop = 2.0 * m * n * k * 1e-9;
                fprintf(stderr, "M=%d K=%d N=%d threads=%d:", m, k, n, t);
                for (int i = 0; i < IMPL_COUNT; i++) {
                    if (!r->ran[i]) continue;
                    fprintf(stderr, " %s %.1f", impl_names[i], gop / r->t[i].best);
                    if (csv) fprintf(csv, "%d,%d,%d,%d,%s,%d,%.4f,%.4f,%.4f,%.2f,%.2f\n", m, k, n, t, impl_names[i],
                                     r->t[i].reps, r->t[i].best * 1e3, r->t[i].median * 1e3, r->t[i].cpu * 1e3,
                                     gop / r->t[i].best, gop / (r->t[i].cpu / t));
                }
                fprintf(stderr, " GOP/s (best wall)\n");
            }
            onednn_free(&dj);
            onednn_free(&df);
            free(x); free(xq); free(row_scales); free(row_zeros); free(y_ref); free(y); free(ones); free(y_ref1);
        }
        free(w); free(bias); free(packed); free(wscales); free(row_sums); free(qplain);
    }
    pool_stop = 1;
    pthread_barrier_wait(&pool_start);
    pthread_join(worker, NULL);
    if (csv) fclose(csv);

    // ---- report ----
    for (int pass = 0; pass < 2; pass++) {
        printf("\n## GOP/s from %s (× = ratio to OpenBLAS sgemm on the same basis)\n\n",
               pass == 0 ? "the best wall time" : "process CPU time per core (CPU time / threads; the honest basis on a shared machine)");
        printf("| M | K×N | thr |");
        for (int impl = 0; impl < IMPL_COUNT; impl++) printf(" %s |", impl_titles[impl]);
        printf(" quantize x (ms, 1 thr) |\n|---|---|---|");
        for (int impl = 0; impl < IMPL_COUNT; impl++) printf("---|");
        printf("---|\n");
        for (int i = 0; i < nres; i++) {
            result *r = &results[i];
            double gop = 2.0 * r->m * r->n * r->k * 1e-9;
            double base = pass == 0 ? gop / r->t[IMPL_SGEMM].best : gop / (r->t[IMPL_SGEMM].cpu / r->threads);
            printf("| %d | %d×%d | %d | %.1f", r->m, r->k, r->n, r->threads, base);
            for (int impl = 1; impl < IMPL_COUNT; impl++) {
                if (!r->ran[impl]) { printf(" | –"); continue; }
                double g = pass == 0 ? gop / r->t[impl].best : gop / (r->t[impl].cpu / r->threads);
                printf(" | %.1f (%.2f×)", g, g / base);
            }
            printf(" | %.3f |\n", r->quant_ms);
        }
    }

    // One encoder layer's linear layers: Q, K, V, out (d×d each) + FFN up (d×4d) + down (4d×d).
    for (int pass = 0; pass < 2; pass++) {
        printf("\n## One transformer layer's linear layers (4 × d×d + d×4d + 4d×d), ms from %s (× = speed-up over sgemm)\n\n",
               pass == 0 ? "the best wall time" : "CPU time per core");
        printf("| model | M | thr |");
        for (int impl = 0; impl <= IMPL_AVX2; impl++) printf(" %s |", impl_titles[impl]);
        printf(" emo VNNI + quantize | emo AVX2 + quantize |\n|---|---|---|---|---|---|---|---|---|---|\n");
        for (int model = 0; model < 2; model++) {
            int d = model == 0 ? 768 : 1024;
            for (int mi = 0; mi < nm; mi++)
                for (int ti = 0; ti < nthreads; ti++) {
                    double sum[IMPL_COUNT] = { 0 }, quant = 0;
                    int found = 0, ok[IMPL_COUNT] = { 0 };
                    for (int i = 0; i < nres; i++) {
                        result *r = &results[i];
                        if (r->m != ms[mi] || r->threads != threads[ti]) continue;
                        int weight = r->k == d && r->n == d ? 4 : (r->k == d && r->n == 4 * d) || (r->k == 4 * d && r->n == d) ? 1 : 0;
                        if (!weight) continue;
                        found += weight;
                        for (int impl = 0; impl < IMPL_COUNT; impl++)
                            if (r->ran[impl]) {
                                sum[impl] += weight * (pass == 0 ? r->t[impl].best : r->t[impl].cpu / r->threads);
                                ok[impl]++;
                            }
                        // Quantizing is single-threaded: per core it counts 1/threads of its time.
                        quant += weight * r->quant_ms * 1e-3 / (pass == 0 ? 1 : r->threads);
                    }
                    if (found != 6) continue;
                    printf("| %s | %d | %d | %.2f", d == 768 ? "base (768)" : "large (1024)", ms[mi], threads[ti], sum[IMPL_SGEMM] * 1e3);
                    for (int impl = 1; impl <= IMPL_AVX2; impl++)
                        if (ok[impl] == 3) printf(" | %.2f (%.2f×)", sum[impl] * 1e3, sum[IMPL_SGEMM] / sum[impl]);
                        else printf(" | –");
                    for (int impl = IMPL_VNNI; impl <= IMPL_AVX2; impl++)
                        if (ok[impl] == 3) printf(" | %.2f (%.2f×)", (sum[impl] + quant) * 1e3, sum[IMPL_SGEMM] / (sum[impl] + quant));
                        else printf(" | –");
                    printf(" |\n");
                }
        }
    }
    printf("\nquantize = emo_q8_quantize_rows (per-row int8 activations) on one thread, added once per GEMM as\n"
           "linearInt8 does. oneDNN int8 gets already-quantized activations (its quantize step is not timed).\n");
    printf("\n## oneDNN implementations\n\n");
    for (int i = 0; i < nnotes; i++) printf("- %s\n", notes[i]);
    return 0;
}
