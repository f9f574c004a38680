/* Checking a Darknet .weights file against a cfg without loading it: the
 * header (parser.c:load_weights_upto: int32 major, minor, revision, then
 * `seen` as uint64 when major*10 + minor >= 2, else uint32) and the file
 * size give the float count, which must equal the model's
 * weights_file_floats. Layer floats follow in layer order, so a short file
 * is cut inside a known layer; and when the difference is a whole multiple
 * of what one class costs in every head's preceding conv, the file was most
 * likely trained for another classes= (the most common Darknet mistake). */
#include "core/core.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static uint32_t u32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Floats that one more class adds to the model: for each head, anchors x
 * the floats of one filter of the conv feeding it. 0 if a head is not fed
 * by a conv or heads disagree on classes. */
static int64_t floats_per_class(const yf_model *m, int64_t *classes)
{
    int64_t per = 0;
    *classes = -1;
    for (int i = 0; i < m->n_layers; i++) {
        const yf_layer *h = &m->layers[i];
        if (!(h->flags & YF_LAYER_HEAD) || h->head.per_anchor == 0)
            continue;
        const yf_layer *c = i ? &m->layers[i - 1] : NULL;
        if (!c || !(c->flags & YF_LAYER_CONV) || c->out.c <= 0 ||
            c->weights_file_floats % c->out.c != 0 || (*classes >= 0 && *classes != h->head.classes))
            return 0;
        *classes = h->head.classes;
        per = yf_add(per, yf_mul(h->head.n_anchors, c->weights_file_floats / c->out.c));
    }
    return per;
}

/* A short file either ends inside a layer or exactly after one: then it
 * holds the first layers (darknet53.conv.74 for yolov3: layers #0-#74),
 * counted up to the last layer before the next one with weights. */
static void locate_cut(const yf_model *m, yf_weights_report *r)
{
    int64_t sum = 0;
    for (int i = 0; i < m->n_layers; i++) {
        int64_t floats = m->layers[i].weights_file_floats, next = yf_add(sum, floats);
        if (r->file_floats == sum && floats > 0 && sum > 0 && r->trailing_bytes == 0) {
            r->status = YF_WEIGHTS_PARTIAL;
            r->partial_layers = i;
            return;
        }
        if (r->file_floats < next) {
            r->runs_out_layer = i;
            r->runs_out_floats = r->file_floats - sum;
            return;
        }
        sum = next;
    }
}

int yf_weights_check_header(const yf_model *m, const unsigned char *head, size_t head_len,
                            int64_t file_bytes, yf_weights_report *r, yf_error *err)
{
    memset(r, 0, sizeof(*r));
    r->runs_out_layer = -1;
    r->file_bytes = file_bytes;
    if (file_bytes == 0)
        return yf_error_set(err, YF_ERR_VALUE, "empty file: not a Darknet .weights file");
    if (head_len < 12)
        return yf_error_set(err, YF_ERR_VALUE, "truncated header: %zu bytes, a .weights file "
                                               "starts with at least 16", head_len);
    r->major = (int32_t)u32(head);
    r->minor = (int32_t)u32(head + 4);
    r->revision = (int32_t)u32(head + 8);
    /* load_weights_upto refuses no header: 64-bit `seen` iff major*10 + minor
     * >= 2 in wrapping int arithmetic (done unsigned here, no overflow) */
    r->header_bytes = (int32_t)((uint32_t)r->major * 10u + (uint32_t)r->minor) >= 2 ? 20 : 16;
    r->transposed = r->major > 1000 || r->minor > 1000;
    r->looks_like_text = 1;
    for (int i = 0; i < 12; i++)
        r->looks_like_text &= (head[i] >= 0x20 && head[i] < 0x7f) || head[i] == '\n' ||
                              head[i] == '\r' || head[i] == '\t';
    if (head_len < (size_t)r->header_bytes || file_bytes < r->header_bytes)
        return yf_error_set(err, YF_ERR_VALUE, "truncated header: %zu bytes of %d", head_len,
                            r->header_bytes);
    r->seen = r->header_bytes == 20 ? (uint64_t)u32(head + 12) | (uint64_t)u32(head + 16) << 32
                                    : u32(head + 12);
    r->file_floats = (file_bytes - r->header_bytes) / 4;
    r->trailing_bytes = (file_bytes - r->header_bytes) % 4;
    r->expected_floats = m->totals.weights_file_floats;
    int64_t delta = r->file_floats - r->expected_floats;
    r->status = delta == 0 ? YF_WEIGHTS_MATCH : delta < 0 ? YF_WEIGHTS_SHORT : YF_WEIGHTS_LONG;
    if (delta < 0)
        locate_cut(m, r);
    if (r->status == YF_WEIGHTS_PARTIAL)
        return YF_OK;
    int64_t classes, per = floats_per_class(m, &classes);
    if (delta && per > 0 && delta % per == 0 && classes + delta / per > 0)
        r->hint_classes = classes + delta / per;
    return YF_OK;
}

int yf_weights_check(const yf_model *m, const char *path, yf_weights_report *r, yf_error *err)
{
    yf_error_clear(err);
    snprintf(err->file, sizeof(err->file), "%s", path);
    int fd = yf_open_input(path, err);
    if (fd < 0)
        return err->code;
    struct stat st;
    unsigned char head[20];
    size_t n = 0;
    int bad = fstat(fd, &st) != 0;
    while (!bad && n < sizeof(head)) {
        ssize_t got = read(fd, head + n, sizeof(head) - n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0) {
            bad = got < 0;
            break;
        }
        n += (size_t)got;
    }
    int saved = errno;
    close(fd);
    if (bad)
        return yf_error_set(err, YF_ERR_IO, "cannot read: %s", strerror(saved));
    return yf_weights_check_header(m, head, n, (int64_t)st.st_size, r, err);
}
