/* The one number grammar (cfg values, options, budget files): strict enough
 * that "0x10", " +5", "1e999", "inf" and "5abc" never pass as numbers, which
 * strtol/strtod alone would let through. */
#include "core.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static int digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Length of [+-]?digits(.digits?)?([eE][+-]?digits)? at s (fraction and
 * exponent only when real); 0 when there is no number. */
static size_t number_length(const char *s, int real)
{
    size_t i = (s[0] == '+' || s[0] == '-'), start = i;
    while (digit(s[i]))
        i++;
    size_t int_digits = i - start;
    if (real && s[i] == '.') {
        size_t f = i + 1;
        while (digit(s[f]))
            f++;
        if (int_digits || f > i + 1)
            i = f;
    }
    if (!int_digits && (!real || i == start || s[start] != '.'))
        return 0;
    if (real && (s[i] == 'e' || s[i] == 'E')) {
        size_t e = i + 1 + (s[i + 1] == '+' || s[i + 1] == '-');
        if (digit(s[e])) {
            while (digit(s[e]))
                e++;
            i = e;
        }
    }
    return i;
}

/* Copies the number at s (n characters) without its leading zeros, which
 * count for nothing: 0000...0016 is 16, however many zeros. */
static size_t significant(const char *s, size_t n, char *buf, size_t cap)
{
    size_t i = 0, o = 0;
    if (s[0] == '+' || s[0] == '-')
        buf[o++] = s[i++];
    while (i + 1 < n && s[i] == '0' && s[i + 1] >= '0' && s[i + 1] <= '9')
        i++;
    if (n - i >= cap - o)
        return 0;
    memcpy(buf + o, s + i, n - i);
    o += n - i;
    buf[o] = '\0';
    return o;
}

const char *yf_scan_integer(const char *s, int64_t *out, int *range)
{
    size_t n = number_length(s, 0);
    char buf[64];
    *range = 0;
    if (n == 0)
        return NULL;
    if (!significant(s, n, buf, sizeof(buf))) { /* more digits than any int64 has */
        *range = 1;
        *out = s[0] == '-' ? INT64_MIN : INT64_MAX;
        return s + n;
    }
    errno = 0;
    long long v = strtoll(buf, NULL, 10);
    *range = errno == ERANGE;
    *out = v;
    return s + n;
}

const char *yf_scan_real(const char *s, double *out, int *range)
{
    size_t n = number_length(s, 1);
    *range = 0;
    if (n == 0)
        return NULL;
    char buf[128];
    if (n >= sizeof(buf)) {
        *range = 1;
        *out = 0;
        return s + n;
    }
    memcpy(buf, s, n);
    buf[n] = '\0';
    errno = 0;
    double v = strtod(buf, NULL);
    *range = !isfinite(v) || (errno == ERANGE && fabs(v) > 1);
    *out = v;
    return s + n;
}
