#include <cblas.h>

/* LAPACK's LU routines, which OpenBLAS exports with the Fortran calling convention (column-major
   matrices, every argument by pointer, 32-bit integers). None takes a character argument, so no
   hidden string lengths are involved. */
void dgetrf_(const int *m, const int *n, double *a, const int *lda, int *ipiv, int *info);
void dgesv_(const int *n, const int *nrhs, double *a, const int *lda, int *ipiv, double *b,
            const int *ldb, int *info);
