/* One arena per model (the idea of git's mem-pool.c): allocations are bumped
 * out of large blocks and released together by yf_arena_free. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct block {
    struct block *next;
    size_t used, cap;
    max_align_t data[];
} block;

struct yf_arena {
    block *head;
};

enum { BLOCK_BYTES = 64 * 1024 };

yf_arena *yf_arena_new(void)
{
    return calloc(1, sizeof(yf_arena));
}

void yf_arena_free(yf_arena *a)
{
    if (!a)
        return;
    for (block *b = a->head, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    free(a);
}

void *yf_arena_alloc(yf_arena *a, size_t n)
{
    const size_t align = sizeof(max_align_t);
    if (n > SIZE_MAX / 2)
        return NULL;
    n = (n + align - 1) / align * align;
    if (n == 0)
        n = align;
    block *b = a->head;
    if (!b || b->cap - b->used < n) {
        size_t cap = n > BLOCK_BYTES ? n : BLOCK_BYTES;
        block *nb = malloc(sizeof(block) + cap);
        if (!nb)
            return NULL;
        nb->used = 0;
        nb->cap = cap;
        /* A big one-off allocation goes behind the current block so the
         * current block's free space stays usable. */
        if (b && cap > BLOCK_BYTES) {
            nb->next = b->next;
            b->next = nb;
        } else {
            nb->next = b;
            a->head = nb;
        }
        b = nb;
    }
    void *p = (char *)b->data + b->used;
    b->used += n;
    memset(p, 0, n);
    return p;
}

char *yf_arena_strndup(yf_arena *a, const char *s, size_t n)
{
    char *p = yf_arena_alloc(a, n + 1);
    if (p && n)
        memcpy(p, s, n);
    return p;
}
