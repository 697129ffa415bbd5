// OpenBLAS's CBLAS interface (Debian: libopenblas-dev). cblas integers are Int32 here.
#include <cblas.h>
