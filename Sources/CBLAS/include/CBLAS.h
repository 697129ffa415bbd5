// OpenBLAS, loaded on first use: idou reaches BLAS for one operation (dgemm, in the region grouping kernels), and
// linking libopenblas into the executable cost every command ~4 ms of start-up and a worker thread per core that
// spins for ~80 ms beside the command's own threads, whether it multiplied matrices or not. The library is opened
// (dlopen) at the first multiplication; without it the same products are taken by plain loops (exact for the
// integer counts idou multiplies), and idou_blas_loaded() says which.
#ifndef IDOU_CBLAS_H
#define IDOU_CBLAS_H

/// Whether an operand is used as it is or transposed.
enum { IDOU_NO_TRANS = 0, IDOU_TRANS = 1 };

/// C ← alpha·op(A)·op(B) + beta·C for row-major matrices: cblas_dgemm(CblasRowMajor, …) of OpenBLAS, or
/// idou_dgemm_plain when OpenBLAS cannot be loaded. op(A) is m×k, op(B) k×n, C m×n.
void idou_dgemm(int transA, int transB, int m, int n, int k, double alpha, const double *a, int lda,
                const double *b, int ldb, double beta, double *c, int ldc);

/// The same product by plain loops (the reference the BLAS path is tested against).
void idou_dgemm_plain(int transA, int transB, int m, int n, int k, double alpha, const double *a, int lda,
                      const double *b, int ldb, double beta, double *c, int ldc);

/// Loads OpenBLAS now if it is not loaded yet; 1 when it is (and idou_dgemm uses it), 0 when it cannot be.
int idou_blas_loaded(void);

/// Ends OpenBLAS's idle worker threads (its blas_thread_shutdown_) when the library is loaded and has that
/// function; does not load it. Returns the function's result, or -1 when there is nothing to stop.
int idou_blas_stop_idle_threads(void);

#endif
