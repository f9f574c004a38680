/* Lexing the INI-like cfg text exactly as Darknet's read_cfg() sees it:
 * every space, tab and CR is removed from a line (utils.c:strip), lines
 * starting with '#' or ';' are comments, '[' opens a section and anything
 * else is key=value. Made stricter where Darknet misreads silently: a
 * trailing '#'/';' comment is cut from values, and malformed lines are
 * errors with their line number. Nothing here knows about YOLO. */
#include "core.h"

#include <string.h>

enum { MAX_LINE = 65536 };

typedef struct cursor {
    const char *p, *end;
    int line;
    char buf[MAX_LINE + 1];
    size_t n;
} cursor;

/* Next line with whitespace removed into cur->buf; 0 at end, -1 if too long. */
static int next_line(cursor *cur)
{
    if (cur->p >= cur->end)
        return 0;
    cur->line++;
    cur->n = 0;
    size_t raw = 0;
    while (cur->p < cur->end && *cur->p != '\n') {
        char ch = *cur->p++;
        if (++raw > MAX_LINE)
            return -1;
        if (ch != ' ' && ch != '\t' && ch != '\r' && ch != '\v' && ch != '\f')
            cur->buf[cur->n++] = ch;
    }
    if (cur->p < cur->end)
        cur->p++;
    cur->buf[cur->n] = '\0';
    return 1;
}

#define fail(err, code, ln, ...) ((err)->line = (ln), yf_error_set((err), (code), __VA_ARGS__))

/* Validates one line; kind: 0 blank/comment, 1 section, 2 key=value. */
static int classify(cursor *cur, int have_section, int *kind, yf_error *err)
{
    const char *s = cur->buf;
    if (cur->n == 0 || s[0] == '#' || s[0] == ';') {
        *kind = 0;
        return YF_OK;
    }
    if (s[0] == '[') {
        const char *close = strchr(s, ']');
        if (!close)
            return fail(err, YF_ERR_SYNTAX, cur->line, "unterminated section header '%.60s'", s);
        if (close == s + 1)
            return fail(err, YF_ERR_SYNTAX, cur->line, "empty section name '%s'", "[]");
        if (close[1] == '#' || close[1] == ';')
            return fail(err, YF_ERR_SYNTAX, cur->line,
                        "comment after section header '%.60s': Darknet compares the whole line "
                        "and does not recognize this section; put the comment on its own line",
                        s);
        if (close[1] != '\0')
            return fail(err, YF_ERR_SYNTAX, cur->line,
                        "unexpected text after section header '%.60s'", s);
        *kind = 1;
        return YF_OK;
    }
    const char *eq = strchr(s, '=');
    if (!eq)
        return fail(err, YF_ERR_SYNTAX, cur->line, "expected 'key=value' or '[section]', got '%.60s'", s);
    if (eq == s)
        return fail(err, YF_ERR_SYNTAX, cur->line, "missing key before '=' in '%.60s'", s);
    if (!have_section)
        return fail(err, YF_ERR_SYNTAX, cur->line, "key '%.60s' appears before any [section]", s);
    *kind = 2;
    return YF_OK;
}

static int fill(yf_arena *a, cursor *cur, int kind, yf_cfg *out, yf_kv *kv, int *nkv)
{
    const char *s = cur->buf;
    if (kind == 1) {
        yf_section *sec = &out->sections[out->n_sections++];
        sec->name = yf_arena_strndup(a, s + 1, (size_t)(strchr(s, ']') - s - 1));
        sec->line = cur->line;
        sec->kv = kv + *nkv;
        return sec->name ? 0 : -1;
    }
    const char *eq = strchr(s, '=');
    size_t vlen = strcspn(eq + 1, "#;");
    yf_kv *k = &kv[(*nkv)++];
    k->key = yf_arena_strndup(a, s, (size_t)(eq - s));
    k->value = yf_arena_strndup(a, eq + 1, vlen);
    k->comment = eq[1 + vlen] != '\0';
    k->raw = k->comment ? yf_arena_strndup(a, eq + 1, strlen(eq + 1)) : k->value;
    k->line = cur->line;
    out->sections[out->n_sections - 1].n_kv++;
    return k->key && k->value && k->raw ? 0 : -1;
}

/* One pass over the text. With out == NULL it only counts, so the second
 * pass can fill arrays of exactly the right size. */
static int run(yf_arena *a, cursor *cur, const char *buf, size_t len, yf_cfg *out, yf_kv *kv,
               int *nsec, int *nkv, yf_error *err)
{
    cur->p = buf;
    cur->end = buf + len;
    cur->line = 0;
    cur->n = 0;
    int r, kind = 0, sections = 0, filled = 0, in_section = 0;
    while ((r = next_line(cur)) != 0) {
        if (r < 0)
            return fail(err, YF_ERR_LIMIT, cur->line, "line longer than %d bytes", MAX_LINE);
        if (classify(cur, sections > 0, &kind, err))
            return err->code;
        if (kind == 1 && ++sections > YF_MAX_LAYERS + 1)
            return fail(err, YF_ERR_LIMIT, cur->line, "more than %d layers", YF_MAX_LAYERS);
        in_section = kind == 1 ? 0 : in_section + (kind == 2);
        if (in_section > YF_MAX_SECTION_KEYS)
            return fail(err, YF_ERR_LIMIT, cur->line, "more than %d keys in one section",
                        YF_MAX_SECTION_KEYS);
        if (kind == 2 && filled >= YF_MAX_KEYS)
            return fail(err, YF_ERR_LIMIT, cur->line, "more than %d keys in the file", YF_MAX_KEYS);
        if (!out)
            filled += kind == 2;
        else if (kind && fill(a, cur, kind, out, kv, &filled))
            return yf_error_nomem(err);
    }
    *nsec = sections;
    *nkv = filled;
    return YF_OK;
}

int yf_lex(yf_arena *a, const char *buf, size_t len, yf_cfg *out, yf_error *err)
{
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
        buf += 3; /* UTF-8 byte order mark */
        len -= 3;
    }
    if (memchr(buf, '\r', len) && !memchr(buf, '\n', len) && memchr(buf, '\r', len) != buf + len - 1)
        return fail(err, YF_ERR_SYNTAX, 1, "%s",
                    "the file ends its lines with CR only (old Mac style): Darknet reads it as "
                    "one line and refuses it ('First section must be [net]'); convert it with "
                    "tr '\\r' '\\n'");
    const char *nul = memchr(buf, '\0', len);
    if (nul) {
        int line = 1;
        for (const char *p = buf; p < nul; p++)
            line += *p == '\n';
        return fail(err, YF_ERR_SYNTAX, line, "%s", "NUL byte in the file (is it a binary file?)");
    }
    int nsec, nkv;
    cursor *cur = yf_arena_alloc_raw(a, sizeof(cursor)); /* 64 KiB: not worth zeroing */
    if (!cur)
        return yf_error_nomem(err);
    if (run(a, cur, buf, len, NULL, NULL, &nsec, &nkv, err))
        return err->code;
    out->n_sections = 0;
    out->sections = yf_arena_alloc(a, sizeof(yf_section) * (size_t)(nsec + 1));
    yf_kv *kv = yf_arena_alloc(a, sizeof(yf_kv) * (size_t)(nkv + 1));
    if (!out->sections || !kv)
        return yf_error_nomem(err);
    return run(a, cur, buf, len, out, kv, &nsec, &nkv, err);
}
