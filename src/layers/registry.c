/* One table of layer kinds (redis config.c / git commands[] style). */
#include "../internal.h"

#include <string.h>

#define X(sym) extern const yf_kind yf_kind_##sym;
#include "layers.def"
#undef X

static const yf_kind *const kinds[] = {
#define X(sym) &yf_kind_##sym,
#include "layers.def"
#undef X
};

const yf_kind *yf_kind_find(const char *section_name)
{
    for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
        for (const char *const *s = kinds[i]->sections; *s; s++)
            if (strcmp(*s, section_name) == 0)
                return kinds[i];
    return NULL;
}
