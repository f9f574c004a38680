/* .weights checks on synthetic files built here. */
#include "helpers.h"

#include <stdio.h>
#include <stdlib.h>

/* 202 floats: conv 4 3x3 (4 + 108), head conv 18 1x1 (18 + 72). */
static const char *tiny = NET(8, 8, 3) "[convolutional]\nfilters=4\nsize=3\npad=1\n"
                                       "[convolutional]\nfilters=18\nsize=1\n"
                                       "[yolo]\nmask=0,1,2\nanchors=1,1,2,2,3,3\nclasses=1\nnum=3\n";

static const char *write_weights(int minor, int64_t floats, int extra)
{
    static char path[64];
    snprintf(path, sizeof(path), "test_weights_%d.tmp", (int)floats);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    int32_t h[3] = {0, minor, 5};
    fwrite(h, 4, 3, f);
    uint64_t seen = 77;
    fwrite(&seen, minor >= 2 ? 8 : 4, 1, f);
    float z = 0;
    for (int64_t i = 0; i < floats; i++)
        fwrite(&z, 4, 1, f);
    for (int i = 0; i < extra; i++)
        fputc(1, f);
    fclose(f);
    return path;
}

static yf_weights_report check(yf_model *m, int minor, int64_t floats, int extra)
{
    yf_weights_report r;
    yf_error err;
    const char *p = write_weights(minor, floats, extra);
    assert_int_equal(yf_weights_check(m, p, &r, &err), YF_OK);
    remove(p);
    return r;
}

static void weights_should_match_the_cfg(void **state)
{
    (void)state;
    yf_model *m = load(tiny);
    yf_weights_report r = check(m, 2, 202, 0);
    assert_int_equal(r.status, YF_WEIGHTS_MATCH);
    assert_int_equal(r.header_bytes, 20);
    assert_true(r.seen == 77);
    r = check(m, 1, 202, 0); /* version 0.1: 32-bit seen */
    assert_int_equal(r.status, YF_WEIGHTS_MATCH);
    assert_int_equal(r.header_bytes, 16);
    r = check(m, 2, 202, 3);
    assert_int_equal(r.trailing_bytes, 3);
    yf_model_free(m);
}

static void weights_should_name_the_layer_a_short_file_ends_in(void **state)
{
    (void)state;
    yf_model *m = load(tiny);
    yf_weights_report r = check(m, 2, 150, 0);
    assert_int_equal(r.status, YF_WEIGHTS_SHORT);
    assert_int_equal(r.runs_out_layer, 1);
    assert_int_equal(r.runs_out_floats, 150 - 112);
    assert_int_equal(r.hint_classes, 0);
    yf_model_free(m);
}

static void weights_should_hint_at_another_classes_count(void **state)
{
    (void)state;
    yf_model *m = load(tiny);
    yf_weights_report r = check(m, 2, 202 + 3 * 15, 0); /* classes=4: 3 more x 15 floats */
    assert_int_equal(r.status, YF_WEIGHTS_LONG);
    assert_int_equal(r.hint_classes, 4);
    yf_model_free(m);
}

static void weights_should_read_headers_as_darknet_does(void **state)
{
    (void)state;
    yf_model *m = load(tiny);
    yf_weights_report r;
    yf_error err;
    /* Darknet refuses no header; text is read as one, and said to look like text */
    const unsigned char text[20] = "[net]\nwidth=416\nhei";
    assert_int_equal(yf_weights_check_header(m, text, 20, 4000, &r, &err), YF_OK);
    assert_true(r.looks_like_text && r.transposed);
    /* major > 1000: transposed connected weights, 64-bit seen */
    const unsigned char big[20] = {0xe9, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0};
    assert_int_equal(yf_weights_check_header(m, big, 20, 20 + 4 * 202, &r, &err), YF_OK);
    assert_true(r.transposed && r.header_bytes == 20 && r.status == YF_WEIGHTS_MATCH);
    assert_false(r.looks_like_text);
    /* 214748365 * 10 wraps negative in Darknet's int: a 32-bit seen */
    const unsigned char wrap[16] = {0xcd, 0xcc, 0xcc, 0x0c, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    assert_int_equal(yf_weights_check_header(m, wrap, 16, 16 + 4 * 202, &r, &err), YF_OK);
    assert_int_equal(r.header_bytes, 16);
    assert_int_equal(yf_weights_check_header(m, text, 0, 0, &r, &err), YF_ERR_VALUE);
    assert_non_null(strstr(err.message, "empty"));
    const unsigned char zero[8] = {0};
    assert_int_equal(yf_weights_check_header(m, zero, 8, 8, &r, &err), YF_ERR_VALUE);
    assert_non_null(strstr(err.message, "truncated"));
    yf_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(weights_should_match_the_cfg),
        cmocka_unit_test(weights_should_name_the_layer_a_short_file_ends_in),
        cmocka_unit_test(weights_should_hint_at_another_classes_count),
        cmocka_unit_test(weights_should_read_headers_as_darknet_does),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
