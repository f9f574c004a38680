/* What-if edits: "TARGET.KEY=VALUE" texts applied to the lexed cfg before
 * the model is built, so an edited key goes through the same getters,
 * checks and messages as a key of the file. An edited key's line becomes
 * -(1 + its change record): warnings and errors about it then name the
 * edit instead of a line (keys.c). With keep_cfg the edited cfg is also
 * written out as text, comments and layout kept, so the what-if can become
 * the real file (--emit-cfg). */
#include "core.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

enum { MAX_EDIT = 512 };

typedef struct parsed {
    char buf[MAX_EDIT];
    const char *target, *key, *value;
} parsed;

static int word(const char *s, const char *extra)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '_' || strchr(extra, *s)))
            return 0;
    return 1;
}

/* Splits an edit into target, key and value, spaces removed. */
static int split(const char *text, parsed *p, yf_error *err)
{
    size_t n = 0;
    for (const char *s = text; *s; s++) {
        if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\v' || *s == '\f')
            continue;
        if (n + 1 >= sizeof(p->buf))
            return yf_error_set(err, YF_ERR_VALUE, "edit '%.40s...' is longer than %d bytes",
                                text, MAX_EDIT - 1);
        p->buf[n++] = *s;
    }
    p->buf[n] = '\0';
    char *eq = strchr(p->buf, '=');
    char *dot = eq ? memchr(p->buf, '.', (size_t)(eq - p->buf)) : NULL;
    if (!eq || !dot)
        return yf_error_set(err, YF_ERR_VALUE,
                            "expected TARGET.KEY=VALUE (e.g. net.width=640, 12.filters=128, "
                            "yolo.ignore_thresh=0.5), got '%.60s'",
                            text);
    *dot = *eq = '\0';
    p->target = p->buf;
    p->key = dot + 1;
    p->value = eq + 1;
    if (!word(p->target, "-"))
        return yf_error_set(err, YF_ERR_VALUE,
                            "the target of '%.60s' must be 'net', a layer index or a section "
                            "name, got '%.40s'",
                            text, p->target);
    if (!word(p->key, ""))
        return yf_error_set(err, YF_ERR_VALUE,
                            "the key of '%.60s' must be letters, digits and '_', got '%.40s'",
                            text, p->key);
    for (const unsigned char *v = (const unsigned char *)p->value; *v; v++)
        if (*v == '#' || *v == ';' || *v < 0x20 || *v == 0x7f)
            return yf_error_set(err, YF_ERR_VALUE,
                                "the value of '%.60s' cannot contain '#', ';' or control "
                                "characters (in a cfg they start a comment or end the line)",
                                text);
    return YF_OK;
}

int yf_edit_check(const char *text, yf_error *err)
{
    parsed p;
    return split(text, &p, err);
}

int yf_is_net(const char *name)
{
    return strcmp(name, "net") == 0 || strcmp(name, "network") == 0;
}

/* Fails naming the edit (and the section it reached, if any). */
static const char *sec_name(const yf_section *sec)
{
    return sec ? sec->name : NULL;
}
#define edit_fail(err, origin, sec, layer, ...)                                                  \
    yf_error_locate((err), YF_ERR_VALUE, (origin), 0, (layer), sec_name(sec), __VA_ARGS__)

/* The change record of a key, new or already there. */
static yf_change *change_for(yf_model_impl *m, yf_kv *kv, const yf_section *sec, int layer,
                             int *index)
{
    if (kv && kv->line < 0) {
        *index = -kv->line - 1;
        return &m->changes[*index];
    }
    if (m->pub.n_changes == m->change_cap) {
        int cap = m->change_cap ? m->change_cap * 2 : 8;
        yf_change *c = yf_arena_alloc(m->arena, sizeof(*c) * (size_t)cap);
        if (!c)
            return NULL;
        if (m->pub.n_changes)
            memcpy(c, m->changes, sizeof(*c) * (size_t)m->pub.n_changes);
        m->changes = c;
        m->pub.changes = c;
        m->change_cap = cap;
    }
    *index = m->pub.n_changes++;
    yf_change *c = &m->changes[*index];
    c->layer = layer;
    c->line = kv ? kv->line : 0;
    c->section = yf_arena_strndup(m->arena, sec->name, strlen(sec->name));
    c->before = kv ? yf_arena_strndup(m->arena, kv->value, strlen(kv->value)) : NULL;
    return c->section && (!kv || c->before) ? c : NULL;
}

/* Sets key=value in one section: the first occurrence (the one Darknet
 * reads) is replaced, or the key is added at the section's end. */
static int set_key(yf_arena *scratch, yf_model_impl *m, yf_section *sec, int layer,
                   const parsed *p, const char *origin, yf_error *err)
{
    yf_kv *kv = NULL;
    for (int i = 0; i < sec->n_kv && !kv; i++)
        if (strcmp(sec->kv[i].key, p->key) == 0)
            kv = &sec->kv[i];
    if (kv && kv->line > 0 && !kv->comment && strcmp(kv->value, p->value) == 0)
        return YF_OK; /* already so: nothing changes */
    int index;
    yf_change *c = change_for(m, kv, sec, layer, &index);
    if (!c)
        return yf_error_nomem(err);
    if (!kv) {
        if (sec->n_kv >= YF_MAX_SECTION_KEYS)
            return edit_fail(err, origin, sec, layer, "more than %d keys in one section",
                             YF_MAX_SECTION_KEYS);
        yf_kv *grown = yf_arena_alloc(scratch, sizeof(yf_kv) * (size_t)(sec->n_kv + 1));
        if (!grown)
            return yf_error_nomem(err);
        if (sec->n_kv)
            memcpy(grown, sec->kv, sizeof(yf_kv) * (size_t)sec->n_kv);
        sec->kv = grown;
        kv = &grown[sec->n_kv++];
        kv->key = yf_arena_strndup(scratch, p->key, strlen(p->key));
        if (!kv->key)
            return yf_error_nomem(err);
    }
    char *value = yf_arena_strndup(scratch, p->value, strlen(p->value));
    if (!c || !value)
        return yf_error_nomem(err);
    c->key = yf_arena_strndup(m->arena, p->key, strlen(p->key));
    c->after = yf_arena_strndup(m->arena, p->value, strlen(p->value));
    c->origin = yf_arena_strndup(m->arena, origin, strlen(origin));
    if (!c->key || !c->after || !c->origin)
        return yf_error_nomem(err);
    kv->value = kv->raw = value;
    kv->comment = 0;
    kv->used = 0;
    kv->line = -(index + 1);
    return YF_OK;
}

/* The sections an edit's target names. */
static int targets(const yf_cfg *cfg, const parsed *p, const char *origin, int *first, int *last,
                   const yf_kind **kind, yf_error *err)
{
    int layers = cfg->n_sections - 1;
    int64_t index;
    int range;
    const char *end = yf_scan_integer(p->target, &index, &range);
    *kind = NULL;
    if (yf_is_net(p->target)) {
        if (cfg->n_sections == 0 || !yf_is_net(cfg->sections[0].name))
            return edit_fail(err, origin, NULL, -1, "the cfg has no [net] section to edit");
        *first = *last = 0;
        return YF_OK;
    }
    if (end && !*end) {
        if (!range && index < 0)
            index += layers;
        if (range || index < 0 || index >= layers)
            return edit_fail(err, origin, NULL, -1,
                             "no layer #%s: the cfg has %d layer%s (#0..#%d, or -1 for the last)",
                             p->target, layers, layers == 1 ? "" : "s", layers - 1);
        *first = *last = (int)index + 1;
        return YF_OK;
    }
    *kind = yf_kind_find(p->target);
    if (!*kind) {
        const char *near = yf_kind_suggest(p->target);
        return edit_fail(err, origin, NULL, -1, "unknown section '[%s]'%s%s%s", p->target,
                         near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
    }
    *first = 1;
    *last = cfg->n_sections - 1;
    return YF_OK;
}

int yf_edits_apply(yf_arena *scratch, yf_model_impl *m, yf_cfg *cfg, const yf_options *opt,
                   yf_error *err)
{
    for (int e = 0; opt && e < opt->n_edits; e++) {
        const yf_edit *ed = &opt->edits[e];
        const char *origin = ed->origin ? ed->origin : ed->text;
        parsed p;
        int first = 0, last = -1, hits = 0;
        const yf_kind *kind;
        if (split(ed->text, &p, err))
            return edit_fail(err, origin, NULL, -1, "%s", err->message);
        if (targets(cfg, &p, origin, &first, &last, &kind, err))
            return err->code;
        for (int s = first; s <= last; s++) {
            yf_section *sec = &cfg->sections[s];
            if (kind && yf_kind_find(sec->name) != kind)
                continue;
            hits++;
            if (set_key(scratch, m, sec, s - 1, &p, origin, err))
                return err->code;
        }
        if (!hits)
            return edit_fail(err, origin, NULL, -1, "the cfg has no [%s] section", p.target);
    }
    return YF_OK;
}

/* After building: mark the layers, and list changes in layer order. */
void yf_edits_finish(yf_model_impl *m)
{
    yf_change *c = m->changes;
    for (int i = 0; i < m->pub.n_changes; i++)
        if (c[i].layer >= 0 && c[i].layer < m->pub.n_layers)
            m->layers[c[i].layer].changed++;
    for (int i = 1; i < m->pub.n_changes; i++) { /* stable insertion sort: nearly sorted */
        yf_change x = c[i];
        int j = i;
        for (; j > 0 && c[j - 1].layer > x.layer; j--)
            c[j] = c[j - 1];
        c[j] = x;
    }
}

/* ---- the edited cfg as text ---- */

typedef struct text {
    char *p;
    size_t n, cap;
    const char *end; /* of the original text */
    yf_arena *a;
    int oom;
} text;

static void put(text *t, const char *s, size_t n)
{
    if (t->oom || n == 0)
        return;
    if (t->n + n > t->cap) {
        size_t cap = (t->cap ? t->cap * 2 : 4096) + n;
        char *p = yf_arena_alloc_raw(t->a, cap + 1);
        if (!p) {
            t->oom = 1;
            return;
        }
        if (t->n)
            memcpy(p, t->p, t->n);
        t->p = p;
        t->cap = cap;
    }
    memcpy(t->p + t->n, s, n);
    t->n += n;
}

static void puts_(text *t, const char *s)
{
    put(t, s, strlen(s));
}

/* One line replaced: "key=value", the original's indentation and line end
 * kept, its comment moved to a line of its own above (where it cannot
 * change what Darknet reads). */
static void replace_line(text *t, const char *line, size_t n, const yf_change *c, int crlf)
{
    int cr = n && line[n - 1] == '\r';
    if (line + n == t->end) /* the last line, without a line end: the file's style */
        cr = crlf;
    size_t len = n - (size_t)cr;
    const char *eq = memchr(line, '=', len);
    size_t indent = 0;
    while (indent < len && (line[indent] == ' ' || line[indent] == '\t'))
        indent++;
    const char *comment = NULL;
    for (const char *s = eq ? eq + 1 : line + len; s < line + len && !comment; s++)
        if (*s == '#' || *s == ';')
            comment = s;
    if (comment) {
        put(t, line, indent);
        put(t, comment, (size_t)(line + len - comment));
        put(t, cr ? "\r\n" : "\n", cr ? 2 : 1);
    }
    if (eq) {
        const char *v = eq + 1;
        while (v < line + len && (*v == ' ' || *v == '\t'))
            v++;
        put(t, line, (size_t)(v - line));
    } else
        puts_(t, c->key);
    puts_(t, c->after);
    put(t, cr ? "\r\n" : "\n", cr ? 2 : 1);
}

int yf_edits_text(yf_model_impl *m, yf_arena *scratch, const char *buf, size_t len,
                  const yf_cfg *cfg, yf_error *err)
{
    /* by line: the change replacing it, and the first change added after it */
    int lines = 1;
    for (size_t i = 0; i < len; i++)
        lines += buf[i] == '\n';
    int *repl = yf_arena_alloc(scratch, sizeof(int) * (size_t)(lines + 2));
    int *added = yf_arena_alloc(scratch, sizeof(int) * (size_t)(lines + 2));
    int *next = yf_arena_alloc(scratch, sizeof(int) * (size_t)(m->pub.n_changes + 1));
    if (!repl || !added || !next)
        return yf_error_nomem(err);
    for (int i = m->pub.n_changes - 1; i >= 0; i--) {
        const yf_change *c = &m->changes[i];
        if (c->line > 0 && c->line <= lines) {
            repl[c->line] = i + 1;
            continue;
        }
        int header = cfg->sections[c->layer + 1].line;
        next[i] = added[header];
        added[header] = i + 1;
    }
    text t = {.a = m->arena, .end = buf + len};
    const char *first_nl = memchr(buf, '\n', len);
    int crlf = first_nl && first_nl > buf && first_nl[-1] == '\r';
    size_t at = 0;
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
        put(&t, buf, 3);
        at = 3;
    }
    for (int line = 1; at < len; line++) {
        const char *nl = memchr(buf + at, '\n', len - at);
        size_t n = nl ? (size_t)(nl - (buf + at)) : len - at;
        int cr = nl ? n && buf[at + n - 1] == '\r' : crlf;
        const char *eol = cr ? "\r\n" : "\n";
        if (repl[line])
            replace_line(&t, buf + at, n, &m->changes[repl[line] - 1], crlf);
        else if (nl || !added[line])
            put(&t, buf + at, n + (nl != NULL));
        else { /* the last line, without a line end, gets one before added keys */
            put(&t, buf + at, n);
            puts_(&t, eol);
        }
        for (int k = added[line]; k; k = next[k - 1]) {
            const yf_change *c = &m->changes[k - 1];
            puts_(&t, c->key);
            puts_(&t, "=");
            puts_(&t, c->after);
            puts_(&t, eol);
        }
        at += n + 1;
    }
    if (t.oom)
        return yf_error_nomem(err);
    if (!t.p && !(t.p = yf_arena_alloc(m->arena, 1)))
        return yf_error_nomem(err);
    t.p[t.n] = '\0';
    m->pub.cfg_text = t.p;
    m->pub.cfg_len = t.n;
    return YF_OK;
}
