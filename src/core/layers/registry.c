/* One table of layer kinds (redis config.c / git commands[] style): the only
 * list of section names in the program. */
#include "../core.h"

#include <string.h>
#include <strings.h>

#define X(sym) extern const yf_kind yf_kind_##sym;
#include "layers.def"
#undef X

static const yf_kind *const kinds[] = {
#define X(sym) &yf_kind_##sym,
#include "layers.def"
#undef X
};

enum { N_KINDS = sizeof(kinds) / sizeof(kinds[0]) };

const yf_kind *yf_kind_find(const char *section_name)
{
    for (int i = 0; i < N_KINDS; i++)
        for (const char *const *s = kinds[i]->sections; *s; s++)
            if (strcmp(*s, section_name) == 0)
                return kinds[i];
    return NULL;
}

int yf_kind_count(void)
{
    return N_KINDS;
}

const yf_kind *yf_kind_at(int i)
{
    return i >= 0 && i < N_KINDS ? kinds[i] : NULL;
}

/* Damerau-Levenshtein distance (adjacent swaps count one), capped: names
 * longer than 40 characters are never close. */
static int distance(const char *a, const char *b)
{
    enum { N = 41 };
    size_t n = strlen(a), m = strlen(b);
    if (n >= N || m >= N)
        return 99;
    int d[N][N];
    for (size_t i = 0; i <= n; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= m; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= n; i++)
        for (size_t j = 1; j <= m; j++) {
            int cost = a[i - 1] != b[j - 1];
            int v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v)
                v = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < v)
                v = d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
        }
    return d[n][m];
}

const char *yf_kind_suggest(const char *name)
{
    const char *best = NULL;
    int best_d = 3; /* at most two edits, and fewer than half the name */
    for (int i = 0; i < N_KINDS; i++)
        for (const char *const *s = kinds[i]->sections; *s; s++) {
            if (strcasecmp(*s, name) == 0)
                return *s;
            int d = distance(name, *s);
            if (d < best_d && 2 * d < (int)strlen(*s)) {
                best = *s;
                best_d = d;
            }
        }
    return best;
}
