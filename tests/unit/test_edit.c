/* What-if edits: applied to the cfg before building, recorded as changes,
 * named in messages, written back as text; and the edits --classes and
 * --width compute. */
#include "helpers.h"

#include <stdio.h>

static const char *const tiny =
    "[net]\nwidth=64\nheight=64\nchannels=3\n\n"
    "[convolutional]\nfilters=16 # first\nsize=3\nstride=1\npad=1\nactivation=leaky\n\n"
    "[maxpool]\nsize=2\nstride=2\n\n"
    "[convolutional]\nfilters=8\nsize=1\nstride=1\nactivation=leaky\n";

static yf_model *edited(const char *text, const char *const *edits, int n, int keep,
                        yf_error *err)
{
    yf_edit e[8];
    for (int i = 0; i < n; i++)
        e[i] = (yf_edit){edits[i], NULL};
    yf_options opt = {.edits = e, .n_edits = n, .keep_cfg = keep};
    return load_opt(text, &opt, err);
}

static void an_edit_should_replace_the_key_darknet_reads(void **state)
{
    (void)state;
    const char *e[] = {"0.filters=32"};
    yf_error err;
    yf_model *m = edited(tiny, e, 1, 0, &err);
    assert_non_null(m);
    assert_int_equal(m->layers[0].out.c, 32);
    assert_int_equal(m->layers[2].in.c, 32);
    assert_int_equal(m->n_changes, 1);
    assert_int_equal(m->changes[0].layer, 0);
    assert_int_equal(m->changes[0].line, 7);
    assert_string_equal(m->changes[0].key, "filters");
    assert_string_equal(m->changes[0].before, "16");
    assert_string_equal(m->changes[0].after, "32");
    assert_string_equal(m->changes[0].origin, "0.filters=32");
    assert_int_equal(m->layers[0].changed, 1);
    assert_int_equal(m->layers[1].changed, 0);
    yf_model_free(m);
}

static void targets_should_be_net_an_index_from_either_end_or_a_kind(void **state)
{
    (void)state;
    const char *e[] = {"net.width=128", "-1.filters=4", "convolutional.activation=mish",
                       "maxpool.stride = 1"};
    yf_error err;
    yf_model *m = edited(tiny, e, 4, 0, &err);
    assert_non_null(m);
    assert_int_equal(m->input.w, 128);
    assert_int_equal(m->layers[2].out.c, 4);
    assert_string_equal(m->layers[0].attr.activation, "mish");
    assert_string_equal(m->layers[2].attr.activation, "mish");
    assert_int_equal(m->layers[1].out.w, 128); /* 2x2 stride 1, padding size - 1 */
    assert_int_equal(m->n_changes, 5);
    yf_model_free(m);
}

static void a_value_already_set_should_not_count_as_a_change(void **state)
{
    (void)state;
    const char *e[] = {"2.filters=8", "1.size=2"};
    yf_error err;
    yf_model *m = edited(tiny, e, 2, 0, &err);
    assert_non_null(m);
    assert_int_equal(m->n_changes, 0);
    yf_model_free(m);
}

static void a_later_edit_of_the_same_key_should_win(void **state)
{
    (void)state;
    const char *e[] = {"0.filters=32", "0.filters=24"};
    yf_error err;
    yf_model *m = edited(tiny, e, 2, 0, &err);
    assert_non_null(m);
    assert_int_equal(m->layers[0].out.c, 24);
    assert_int_equal(m->n_changes, 1);
    assert_string_equal(m->changes[0].before, "16");
    assert_string_equal(m->changes[0].origin, "0.filters=24");
    yf_model_free(m);
}

static void an_added_key_should_have_no_line_and_no_before(void **state)
{
    (void)state;
    const char *e[] = {"0.groups=2"};
    yf_error err;
    yf_model *m = edited(tiny, e, 1, 0, &err);
    assert_non_null(m);
    assert_int_equal(m->layers[0].attr.groups, 2);
    assert_int_equal(m->changes[0].line, 0);
    assert_null(m->changes[0].before);
    yf_model_free(m);
}

static void errors_about_an_edited_value_should_name_the_edit(void **state)
{
    (void)state;
    yf_error err;
    const char *bad[] = {"0.size=0"};
    assert_null(edited(tiny, bad, 1, 0, &err));
    assert_int_equal(err.code, YF_ERR_VALUE);
    assert_int_equal(err.line, 0);
    assert_int_equal(err.layer, 0);
    assert_string_equal(err.origin, "0.size=0");
    char msg[1400];
    yf_error_format(&err, msg, sizeof(msg));
    assert_string_equal(msg, "t.cfg: 0.size=0: error: [convolutional] #0: 'size' must be > 0, "
                             "got '0'");
    const char *unread[] = {"1.filtres=3"};
    assert_null(edited(tiny, unread, 1, 0, &err));
    assert_string_equal(err.message, "this section does not read 'filtres'");
    const char *typo[] = {"0.filtres=3"};
    assert_null(edited(tiny, typo, 1, 0, &err));
    assert_string_equal(err.message, "this section does not read 'filtres' (did you mean "
                                     "'filters'?)");
}

static void targets_that_do_not_exist_should_fail(void **state)
{
    (void)state;
    yf_error err;
    const char *far[] = {"3.filters=3"}, *back[] = {"-4.filters=3"}, *kind[] = {"yolo.classes=2"},
               *unknown[] = {"maxpol.size=3"};
    assert_null(edited(tiny, far, 1, 0, &err));
    assert_string_equal(err.message, "no layer #3: the cfg has 3 layers (#0..#2, or -1 for the last)");
    assert_null(edited(tiny, back, 1, 0, &err));
    assert_null(edited(tiny, kind, 1, 0, &err));
    assert_string_equal(err.message, "the cfg has no [yolo] section");
    assert_null(edited(tiny, unknown, 1, 0, &err));
    assert_string_equal(err.message, "unknown section '[maxpol]' (did you mean 'maxpool'?)");
}

static void warnings_about_an_edited_value_should_name_the_edit(void **state)
{
    (void)state;
    const char *e[] = {"0.xnor=2"};
    yf_error err;
    yf_model *m = edited(tiny, e, 1, 0, &err);
    assert_non_null(m);
    assert_int_equal(m->n_warnings, 1);
    assert_int_equal(m->warnings[0].line, 0);
    assert_string_equal(m->warnings[0].origin, "0.xnor=2");
    char line[1200];
    yf_warning_format("t.cfg", &m->warnings[0], line, sizeof(line));
    assert_string_equal(line, "t.cfg: 0.xnor=2: warning: [convolutional] #0: 'xnor=2' is read as "
                              "xnor=1 (Darknet tests it for non-zero)");
    yf_model_free(m);
}

static void the_syntax_should_be_checked_before_any_cfg(void **state)
{
    (void)state;
    yf_error err;
    yf_error_clear(&err);
    assert_int_equal(yf_edit_check("net.width=640", &err), YF_OK);
    assert_int_equal(yf_edit_check(" 12 . filters = 128 ", &err), YF_OK);
    assert_int_equal(yf_edit_check("net.width", &err), YF_ERR_VALUE);
    assert_int_equal(yf_edit_check("width=640", &err), YF_ERR_VALUE);
    assert_int_equal(yf_edit_check(".width=640", &err), YF_ERR_VALUE);
    assert_int_equal(yf_edit_check("net.=640", &err), YF_ERR_VALUE);
    assert_int_equal(yf_edit_check("net.wi[dth=640", &err), YF_ERR_VALUE);
    assert_int_equal(yf_edit_check("net.width=6#40", &err), YF_ERR_VALUE);
    assert_int_equal(yf_edit_check("net.width=6;40", &err), YF_ERR_VALUE);
    assert_int_equal(yf_edit_check("net.width=6\n40", &err), YF_ERR_VALUE);
}

static void the_kept_text_should_be_the_cfg_with_the_edits_written(void **state)
{
    (void)state;
    const char *text = "\xEF\xBB\xBF[net]\r\nwidth=64\r\nheight=64\r\nchannels=3\r\n"
                       "[convolutional]\r\n  filters = 16 ; small\r\nsize=3\r\nactivation=leaky";
    const char *e[] = {"0.filters=8", "0.stride=2", "0.activation=mish"};
    yf_error err;
    yf_model *m = edited(text, e, 3, 1, &err);
    assert_non_null(m);
    assert_string_equal(m->cfg_text,
                        "\xEF\xBB\xBF[net]\r\nwidth=64\r\nheight=64\r\nchannels=3\r\n"
                        "[convolutional]\r\nstride=2\r\n  ; small\r\n  filters = 8\r\nsize=3\r\n"
                        "activation=mish\r\n");
    assert_int_equal(m->cfg_len, strlen(m->cfg_text));
    yf_model *again = load_opt(m->cfg_text, NULL, &err);
    assert_non_null(again);
    assert_int_equal(again->layers[0].out.c, 8);
    assert_int_equal(again->layers[0].out.w, 31); /* (64 - 3)/2 + 1 */
    yf_model_free(again);
    yf_model_free(m);
}

static void width_should_round_as_mobilenet_does(void **state)
{
    (void)state;
    assert_int_equal(yf_width_round(32 * 0.5, 8), 16);
    assert_int_equal(yf_width_round(32 * 0.3, 8), 16); /* 8 would lose more than 10 % */
    assert_int_equal(yf_width_round(64 * 0.3, 8), 24);
    assert_int_equal(yf_width_round(3, 8), 8);
    assert_int_equal(yf_width_round(255 * 0.75, 1), 191);
    assert_int_equal(yf_width_round(20, 8), 24); /* half up */
}

static const char *const heads =
    "[net]\nwidth=64\nheight=64\nchannels=3\n"
    "[convolutional]\nfilters=8\nsize=3\nstride=2\npad=1\nactivation=leaky\n"
    "[convolutional]\nfilters=8\nsize=3\nstride=1\npad=1\ngroups=8\nactivation=leaky\n"
    "[convolutional]\nfilters=255\nsize=1\nactivation=linear\n"
    "[yolo]\nmask=0,1,2\nanchors=1,1,2,2,3,3\nclasses=80\nnum=3\n"
    "[route]\nlayers=-3\n"
    "[convolutional]\nfilters=125\nsize=1\nactivation=linear\n"
    "[region]\nanchors=1,1,2,2,3,3,4,4,5,5\nclasses=20\ncoords=4\nnum=5\n";

static void classes_should_resize_every_head_and_its_filters(void **state)
{
    (void)state;
    yf_error err;
    yf_model *m = load(heads);
    yf_edit_list l;
    yf_edit_list_init(&l, NULL);
    assert_int_equal(yf_whatif_classes(m, 2, "--classes 2", &l, &err), YF_OK);
    assert_int_equal(l.n, 4);
    assert_string_equal(l.items[0].text, "2.filters=21");
    assert_string_equal(l.items[1].text, "3.classes=2");
    assert_string_equal(l.items[2].text, "5.filters=35");
    assert_string_equal(l.items[3].text, "6.classes=2");
    assert_string_equal(l.items[0].origin, "--classes 2");
    yf_options opt = {.edits = l.items, .n_edits = l.n};
    yf_model *e = load_opt(heads, &opt, &err);
    assert_non_null(e);
    assert_int_equal(e->layers[3].head.classes, 2);
    assert_int_equal(e->layers[6].head.classes, 2);
    yf_model_free(e);
    yf_edit_list_release(&l);
    yf_model_free(m);
}

static void width_should_keep_heads_and_depthwise_groups(void **state)
{
    (void)state;
    yf_error err;
    yf_model *m = load(heads);
    yf_edit_list l;
    yf_edit_list_init(&l, NULL);
    assert_int_equal(yf_whatif_width(m, 2, 8, "--width 2", &l, &err), YF_OK);
    assert_int_equal(l.n, 3); /* #2 and #5 feed heads */
    assert_string_equal(l.items[0].text, "0.filters=16");
    assert_string_equal(l.items[1].text, "1.filters=16");
    assert_string_equal(l.items[2].text, "1.groups=16");
    yf_edit_list_release(&l);
    yf_model_free(m);
}

static void classes_should_refuse_a_cfg_without_heads(void **state)
{
    (void)state;
    yf_error err;
    yf_error_clear(&err);
    yf_model *m = load(tiny);
    yf_edit_list l;
    yf_edit_list_init(&l, NULL);
    assert_int_equal(yf_whatif_classes(m, 2, "--classes 2", &l, &err), YF_ERR_VALUE);
    assert_string_equal(err.origin, "--classes 2");
    assert_int_equal(l.n, 0);
    yf_edit_list_release(&l);
    yf_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(an_edit_should_replace_the_key_darknet_reads),
        cmocka_unit_test(targets_should_be_net_an_index_from_either_end_or_a_kind),
        cmocka_unit_test(a_value_already_set_should_not_count_as_a_change),
        cmocka_unit_test(a_later_edit_of_the_same_key_should_win),
        cmocka_unit_test(an_added_key_should_have_no_line_and_no_before),
        cmocka_unit_test(errors_about_an_edited_value_should_name_the_edit),
        cmocka_unit_test(targets_that_do_not_exist_should_fail),
        cmocka_unit_test(warnings_about_an_edited_value_should_name_the_edit),
        cmocka_unit_test(the_syntax_should_be_checked_before_any_cfg),
        cmocka_unit_test(the_kept_text_should_be_the_cfg_with_the_edits_written),
        cmocka_unit_test(width_should_round_as_mobilenet_does),
        cmocka_unit_test(classes_should_resize_every_head_and_its_filters),
        cmocka_unit_test(width_should_keep_heads_and_depthwise_groups),
        cmocka_unit_test(classes_should_refuse_a_cfg_without_heads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
