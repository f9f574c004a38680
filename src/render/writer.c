/* Output through a caller's callback behind a small buffer. Every write is
 * checked; the first failure sticks and is reported by yf_writer_finish, so
 * a caller can never report success after output was lost. */
#include "render.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void yf_writer_init(yf_writer *w, int (*write)(void *ctx, const char *p, size_t n), void *ctx)
{
    w->write = write;
    w->ctx = ctx;
    w->len = 0;
    w->failed = 0;
}

static void drain(yf_writer *w)
{
    if (w->len && !w->failed && w->write(w->ctx, w->buf, w->len) != 0)
        w->failed = errno ? errno : EIO;
    w->len = 0;
}

void yf_writer_put(yf_writer *w, const char *s, size_t n)
{
    if (w->failed)
        return;
    if (w->len + n > sizeof(w->buf))
        drain(w);
    if (n > sizeof(w->buf)) {
        if (!w->failed && w->write(w->ctx, s, n) != 0)
            w->failed = errno ? errno : EIO;
        return;
    }
    memcpy(w->buf + w->len, s, n);
    w->len += n;
}

void yf_writer_int(yf_writer *w, int64_t v)
{
    char buf[24];
    int n = sizeof(buf);
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do { /* by hand: a size sweep writes tens of thousands of them */
        buf[--n] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        buf[--n] = '-';
    yf_writer_put(w, buf + n, sizeof(buf) - (size_t)n);
}

void yf_writer_puts(yf_writer *w, const char *s)
{
    yf_writer_put(w, s, strlen(s));
}

void yf_writer_printf(yf_writer *w, const char *fmt, ...)
{
    char small[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof(small), fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof(small)) {
        yf_writer_put(w, small, (size_t)n);
        return;
    }
    /* Rare long lines: print straight into the buffer after draining it. */
    drain(w);
    if (w->failed)
        return;
    if ((size_t)n < sizeof(w->buf)) {
        va_start(ap, fmt);
        vsnprintf(w->buf, sizeof(w->buf), fmt, ap);
        va_end(ap);
        w->len = (size_t)n;
        return;
    }
    w->failed = EOVERFLOW; /* no caller prints a line this long: never cut it silently */
}

int yf_writer_finish(yf_writer *w, yf_error *err)
{
    drain(w);
    if (!w->failed)
        return YF_OK;
    return yf_error_set(err, YF_ERR_IO, "cannot write the output: %s", strerror(w->failed));
}

/* ---- yf_buf: text in memory ---- */
void yf_buf_init(yf_buf *b)
{
    memset(b, 0, sizeof(*b));
}

void yf_buf_release(yf_buf *b)
{
    free(b->data);
    memset(b, 0, sizeof(*b));
}

int yf_buf_write(void *ctx, const char *p, size_t n)
{
    yf_buf *b = ctx;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *d = realloc(b->data, cap);
        if (!d) {
            errno = ENOMEM;
            return -1;
        }
        b->data = d;
        b->cap = cap;
    }
    memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}
