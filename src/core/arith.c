/* Checked int64 arithmetic: figures saturate at INT64_MAX instead of
 * wrapping, and the model refuses any total that saturated. */
#include "core.h"

int64_t yf_mul(int64_t a, int64_t b)
{
    int64_t r;
    if (a < 0 || b < 0)
        return INT64_MAX;
    if (__builtin_mul_overflow(a, b, &r))
        return INT64_MAX;
    return r;
}

int64_t yf_add(int64_t a, int64_t b)
{
    int64_t r;
    if (__builtin_add_overflow(a, b, &r))
        return INT64_MAX;
    return r;
}
