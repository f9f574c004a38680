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

const char *yf_kind_suggest(const char *name)
{
    const char *best = NULL;
    int best_d = 3; /* at most two edits, and fewer than half the name */
    for (int i = 0; i < N_KINDS; i++)
        for (const char *const *s = kinds[i]->sections; *s; s++) {
            if (strcasecmp(*s, name) == 0)
                return *s;
            int d = yf_edit_distance(name, *s);
            if (d < best_d && 2 * d < (int)strlen(*s)) {
                best = *s;
                best_d = d;
            }
        }
    return best;
}
