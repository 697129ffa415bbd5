#include "CBLAS.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>

// cblas_dgemm's enumerations (cblas.h): the values are fixed by the CBLAS standard.
enum { ROW_MAJOR = 101, NO_TRANS = 111, TRANS = 112 };

typedef void (*dgemm_fn)(int order, int transA, int transB, int m, int n, int k, double alpha, const double *a,
                         int lda, const double *b, int ldb, double beta, double *c, int ldc);
typedef int (*shutdown_fn)(void);

static pthread_once_t once = PTHREAD_ONCE_INIT;
static dgemm_fn dgemm;
static shutdown_fn shutdown_threads;
// Set (once) after the library is open, so idou_blas_stop_idle_threads never loads it.
static volatile int opened;

static void load(void) {
  static const char *const names[] = {"libopenblas.so.0", "libopenblas.so"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    void *h = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    if (h == NULL) continue;
    dgemm = (dgemm_fn)dlsym(h, "cblas_dgemm");
    shutdown_threads = (shutdown_fn)dlsym(h, "blas_thread_shutdown_");
    if (dgemm != NULL) break;
    shutdown_threads = NULL;
  }
  __atomic_store_n(&opened, 1, __ATOMIC_RELEASE);
}

int idou_blas_loaded(void) {
  pthread_once(&once, load);
  return dgemm != NULL;
}

int idou_blas_stop_idle_threads(void) {
  if (!__atomic_load_n(&opened, __ATOMIC_ACQUIRE) || shutdown_threads == NULL) return -1;
  return shutdown_threads();
}

void idou_dgemm_plain(int transA, int transB, int m, int n, int k, double alpha, const double *a, int lda,
                      const double *b, int ldb, double beta, double *c, int ldc) {
  for (int i = 0; i < m; i++) {
    for (int j = 0; j < n; j++) {
      double s = 0;
      for (int p = 0; p < k; p++) {
        double x = transA ? a[(size_t)p * lda + i] : a[(size_t)i * lda + p];
        double y = transB ? b[(size_t)j * ldb + p] : b[(size_t)p * ldb + j];
        s += x * y;
      }
      double *z = &c[(size_t)i * ldc + j];
      *z = alpha * s + (beta == 0 ? 0 : beta * *z);
    }
  }
}

void idou_dgemm(int transA, int transB, int m, int n, int k, double alpha, const double *a, int lda,
                const double *b, int ldb, double beta, double *c, int ldc) {
  if (idou_blas_loaded()) {
    dgemm(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k, alpha, a, lda, b, ldb, beta, c,
          ldc);
  } else {
    idou_dgemm_plain(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  }
}
