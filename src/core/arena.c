/* One arena per model (the idea of git's mem-pool.c): allocations are bumped
 * out of large blocks and released together by yf_arena_free. Every block
 * comes from the caller's allocator, so a test can fail any one of them. */
#include "core.h"

#include <stdlib.h>
#include <string.h>

typedef struct block {
    struct block *next;
    size_t used, cap;
    max_align_t data[];
} block;

struct yf_arena {
    block *head;
    yf_allocator alloc;
};

enum { BLOCK_BYTES = 64 * 1024 };

static void *std_malloc(void *ctx, size_t n)
{
    (void)ctx;
    return malloc(n);
}

static void std_free(void *ctx, void *p)
{
    (void)ctx;
    free(p);
}

const yf_allocator yf_default_allocator = {std_malloc, std_free, NULL};

void *yf_malloc(const yf_allocator *a, size_t n)
{
    if (!a)
        a = &yf_default_allocator;
    return a->malloc(a->ctx, n);
}

void yf_free(const yf_allocator *a, void *p)
{
    if (!p)
        return;
    if (!a)
        a = &yf_default_allocator;
    a->free(a->ctx, p);
}

yf_arena *yf_arena_new(const yf_allocator *alloc)
{
    if (!alloc)
        alloc = &yf_default_allocator;
    yf_arena *a = alloc->malloc(alloc->ctx, sizeof(yf_arena));
    if (!a)
        return NULL;
    a->head = NULL;
    a->alloc = *alloc;
    return a;
}

const yf_allocator *yf_arena_allocator(const yf_arena *a)
{
    return &a->alloc;
}

void yf_arena_free(yf_arena *a)
{
    if (!a)
        return;
    for (block *b = a->head, *next; b; b = next) {
        next = b->next;
        a->alloc.free(a->alloc.ctx, b);
    }
    yf_allocator alloc = a->alloc;
    alloc.free(alloc.ctx, a);
}

/* n bytes aligned to `align` (a power of two): the block's fill mark is
 * rounded up first, so strings (align 1) pack tightly between records. */
static void *take(yf_arena *a, size_t n, size_t align)
{
    if (n > SIZE_MAX / 2)
        return NULL;
    if (n == 0)
        n = 1;
    block *b = a->head;
    size_t at = b ? (b->used + align - 1) & ~(align - 1) : 0;
    if (!b || at > b->cap || b->cap - at < n) {
        size_t cap = n > BLOCK_BYTES ? n : BLOCK_BYTES;
        block *nb = a->alloc.malloc(a->alloc.ctx, sizeof(block) + cap);
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
        at = 0;
    }
    b->used = at + n;
    return (char *)b->data + at;
}

void *yf_arena_alloc(yf_arena *a, size_t n)
{
    void *p = take(a, n, sizeof(max_align_t));
    if (p)
        memset(p, 0, n);
    return p;
}

void *yf_arena_alloc_raw(yf_arena *a, size_t n)
{
    return take(a, n, sizeof(max_align_t));
}

char *yf_arena_strndup(yf_arena *a, const char *s, size_t n)
{
    char *p = take(a, n + 1, 1);
    if (p) {
        if (n)
            memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}
