// minivla's dense layer with AVX2 and FMA, chosen at run time.
//
// Why C: Swift compiles for baseline x86-64 (SSE2), so its SIMD8<Float> runs as two
// 4-wide halves with separate multiply and add. A function with
// __attribute__((target("avx2,fma"))) gets 8-wide fused multiply-adds while the rest
// of the binary stays portable; minivla_has_avx2_fma() says whether it may be called.
#include "minivla_kernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

int minivla_has_avx2_fma(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

__attribute__((target("avx2,fma")))
void minivla_linear_avx2(const float *x, int rows, int nIn, const float *w, const float *b, int nOut, float *y) {
    const int vc = nOut & ~7;
    int r = 0;
    // Four rows against sixteen columns: eight accumulators in registers, each
    // weight vector loaded once per four rows.
    for (; r + 4 <= rows; r += 4) {
        const float *x0 = x + (long)r * nIn, *x1 = x0 + nIn, *x2 = x1 + nIn, *x3 = x2 + nIn;
        int j = 0;
        for (; j + 16 <= vc; j += 16) {
            __m256 bl = _mm256_loadu_ps(b + j), bh = _mm256_loadu_ps(b + j + 8);
            __m256 a0l = bl, a0h = bh, a1l = bl, a1h = bh, a2l = bl, a2h = bh, a3l = bl, a3h = bh;
            const float *wp = w + j;
            for (int i = 0; i < nIn; i++, wp += nOut) {
                __m256 wl = _mm256_loadu_ps(wp), wh = _mm256_loadu_ps(wp + 8);
                __m256 v0 = _mm256_broadcast_ss(x0 + i), v1 = _mm256_broadcast_ss(x1 + i);
                __m256 v2 = _mm256_broadcast_ss(x2 + i), v3 = _mm256_broadcast_ss(x3 + i);
                a0l = _mm256_fmadd_ps(v0, wl, a0l); a0h = _mm256_fmadd_ps(v0, wh, a0h);
                a1l = _mm256_fmadd_ps(v1, wl, a1l); a1h = _mm256_fmadd_ps(v1, wh, a1h);
                a2l = _mm256_fmadd_ps(v2, wl, a2l); a2h = _mm256_fmadd_ps(v2, wh, a2h);
                a3l = _mm256_fmadd_ps(v3, wl, a3l); a3h = _mm256_fmadd_ps(v3, wh, a3h);
            }
            float *y0 = y + (long)r * nOut + j;
            _mm256_storeu_ps(y0, a0l); _mm256_storeu_ps(y0 + 8, a0h);
            _mm256_storeu_ps(y0 + nOut, a1l); _mm256_storeu_ps(y0 + nOut + 8, a1h);
            _mm256_storeu_ps(y0 + 2 * nOut, a2l); _mm256_storeu_ps(y0 + 2 * nOut + 8, a2h);
            _mm256_storeu_ps(y0 + 3 * nOut, a3l); _mm256_storeu_ps(y0 + 3 * nOut + 8, a3h);
        }
        for (; j < vc; j += 8) {
            __m256 a0 = _mm256_loadu_ps(b + j), a1 = a0, a2 = a0, a3 = a0;
            const float *wp = w + j;
            for (int i = 0; i < nIn; i++, wp += nOut) {
                __m256 wv = _mm256_loadu_ps(wp);
                a0 = _mm256_fmadd_ps(_mm256_broadcast_ss(x0 + i), wv, a0);
                a1 = _mm256_fmadd_ps(_mm256_broadcast_ss(x1 + i), wv, a1);
                a2 = _mm256_fmadd_ps(_mm256_broadcast_ss(x2 + i), wv, a2);
                a3 = _mm256_fmadd_ps(_mm256_broadcast_ss(x3 + i), wv, a3);
            }
            float *y0 = y + (long)r * nOut + j;
            _mm256_storeu_ps(y0, a0); _mm256_storeu_ps(y0 + nOut, a1);
            _mm256_storeu_ps(y0 + 2 * nOut, a2); _mm256_storeu_ps(y0 + 3 * nOut, a3);
        }
        for (int rr = r; rr < r + 4; rr++) {
            for (int jj = vc; jj < nOut; jj++) {
                float a = b[jj];
                for (int i = 0; i < nIn; i++) a += x[(long)rr * nIn + i] * w[(long)i * nOut + jj];
                y[(long)rr * nOut + jj] = a;
            }
        }
    }
    for (; r < rows; r++) {
        const float *xr = x + (long)r * nIn;
        int j = 0;
        for (; j < vc; j += 8) {
            __m256 a = _mm256_loadu_ps(b + j);
            const float *wp = w + j;
            for (int i = 0; i < nIn; i++, wp += nOut) a = _mm256_fmadd_ps(_mm256_broadcast_ss(xr + i), _mm256_loadu_ps(wp), a);
            _mm256_storeu_ps(y + (long)r * nOut + j, a);
        }
        for (; j < nOut; j++) {
            float a = b[j];
            for (int i = 0; i < nIn; i++) a += xr[i] * w[(long)i * nOut + j];
            y[(long)r * nOut + j] = a;
        }
    }
}

#else

int minivla_has_avx2_fma(void) { return 0; }
void minivla_linear_avx2(const float *x, int rows, int nIn, const float *w, const float *b, int nOut, float *y) {
    (void)x; (void)rows; (void)nIn; (void)w; (void)b; (void)nOut; (void)y;
}

#endif
