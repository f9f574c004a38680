/* The what-if options (--set, --classes, --width) as edits, and loading a
 * cfg with them: --classes and --width need the cfg built once as written
 * (their edits depend on its heads and filters), then it is built again
 * with every edit, --set last so it can override what they computed. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int yf_cli_has_edits(const cli *c)
{
    return c->n_sets || c->classes || c->width > 0;
}

/* Edits computed from the cfg as written. */
static int computed(const cli *c, const yf_model *m, yf_edit_list *list, yf_error *err)
{
    char origin[64];
    if (c->classes) {
        snprintf(origin, sizeof(origin), "--classes %lld", (long long)c->classes);
        if (yf_whatif_classes(m, c->classes, origin, list, err))
            return err->code;
    }
    if (c->width > 0) {
        snprintf(origin, sizeof(origin), "--width %g", c->width);
        if (yf_whatif_width(m, c->width, c->width_divisor ? c->width_divisor : 8, origin, list,
                            err))
            return err->code;
    }
    return YF_OK;
}

int yf_cli_edits(const cli *c, const char *buf, size_t len, const char *name,
                 const yf_options *base, yf_edit_list *list, yf_model **before, yf_error *err)
{
    int status = YF_OK;
    *before = NULL;
    if (c->classes || c->width > 0) {
        *before = yf_model_load_buffer(buf, len, name, base, err);
        status = *before ? computed(c, *before, list, err) : err->code;
    }
    for (int i = 0; !status && i < c->n_sets; i++) {
        char origin[200];
        snprintf(origin, sizeof(origin), "--set %s", c->sets[i]);
        if (yf_edit_list_add(list, origin, "%s", c->sets[i])) {
            err->code = status = YF_ERR_NOMEM;
            snprintf(err->message, sizeof(err->message), "out of memory");
        }
    }
    if (status)
        snprintf(err->file, sizeof(err->file), "%s", name);
    return status;
}

int yf_cli_check_edits(const cli *c, const yf_model *before, const yf_model *after,
                       yf_error *err)
{
    char origin[64];
    snprintf(origin, sizeof(origin), "--width %g", c->width);
    if (!before || !(c->width > 0) || !yf_whatif_check(before, after, origin, err))
        return YF_OK;
    snprintf(err->file, sizeof(err->file), "%s", after->name);
    return err->code;
}

/* An error the edits caused in a layer they did not touch (a head's
 * filters after --set yolo.classes=20) is located in the cfg: say which
 * edits were applied, so the error is not read as the file's own. */
static void edited_note(const char *name, const yf_error *err, const yf_edit_list *list)
{
    if (err->origin[0] || list->n == 0 || err->code == YF_ERR_NOMEM)
        return;
    char msg[900];
    size_t n = (size_t)snprintf(msg, sizeof(msg), "the cfg as edited by");
    for (int i = 0; i < list->n && n < sizeof(msg); i++)
        n += (size_t)snprintf(msg + n, sizeof(msg) - n, "%s %s", i ? "," : "",
                              list->items[i].origin ? list->items[i].origin
                                                    : list->items[i].text);
    int classes = 0;
    for (int i = 0; i < list->n; i++)
        classes |= strstr(list->items[i].text, "classes=") != NULL;
    if (classes && n < sizeof(msg))
        snprintf(msg + n, sizeof(msg) - n, " (--classes N also sets each head's filters)");
    yf_warning w = {.message = msg, .kind = YF_WARN_NOTE};
    yf_cli_print_warning(NULL, name, &w); /* with its error, even under -q */
}

yf_model *yf_cli_load_edited(const cli *c, const char *path, const yf_options *base,
                             yf_error *err)
{
    if (!yf_cli_has_edits(c) && !c->emit_cfg)
        return yf_cli_load(c, path, base, err);
    char *buf = NULL;
    size_t len = 0;
    yf_model *before = NULL, *m = NULL;
    yf_edit_list list;
    yf_edit_list_init(&list, NULL);
    if (yf_file_read(path, NULL, &buf, &len, err)) {
        yf_cli_print_error(err);
        return NULL;
    }
    char name[256];
    snprintf(name, sizeof(name), "%s", err->file);
    if (yf_cli_edits(c, buf, len, name, base, &list, &before, err)) {
        yf_cli_print_error(err);
    } else {
        yf_options opt = *base;
        opt.edits = list.items;
        opt.n_edits = list.n;
        opt.keep_cfg = c->emit_cfg;
        yf_error_clear(err);
        m = yf_model_load_buffer(buf, len, name, &opt, err);
        if (m && yf_cli_check_edits(c, before, m, err)) {
            yf_model_free(m);
            m = NULL;
        }
        if (!m) {
            yf_cli_print_error(err);
            edited_note(name, err, &list);
        } else if (yf_cli_print_warnings(c, m) && c->strict)
            m = yf_cli_strict_fail(m, err);
    }
    yf_model_free(before);
    yf_edit_list_release(&list);
    free(buf);
    return m;
}
