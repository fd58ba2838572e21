#ifndef MINIVLA_KERNELS_H
#define MINIVLA_KERNELS_H

/// Whether this CPU runs the AVX2 + FMA kernel (checked once at run time: the
/// binary is built for baseline x86-64, so the kernel is never called elsewhere).
int minivla_has_avx2_fma(void);

/// y[rows x nOut] = x[rows x nIn] . w[nIn x nOut] + b[nOut], all row-major Float32.
/// Only call it when minivla_has_avx2_fma() is 1.
void minivla_linear_avx2(const float *x, int rows, int nIn, const float *w, const float *b, int nOut, float *y);

#endif
