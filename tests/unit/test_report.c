/* Renderers: number formatting and the JSON contract. */
#include "helpers.h"
#include "report.h"

#include <cjson/cJSON.h>

static void fmt_should_group_thousands(void **state)
{
    (void)state;
    char b[32];
    assert_string_equal(yf_fmt_int(b, 0), "0");
    assert_string_equal(yf_fmt_int(b, 999), "999");
    assert_string_equal(yf_fmt_int(b, 61949149), "61,949,149");
    assert_string_equal(yf_fmt_int(b, -1234), "-1,234");
    assert_string_equal(yf_fmt_int(b, INT64_MAX), "9,223,372,036,854,775,807");
    assert_string_equal(yf_fmt_bytes(b, 1023), "1023 B");
    assert_string_equal(yf_fmt_bytes(b, 248007048), "236.5 MiB");
}

static void json_should_keep_the_schema_and_exact_integers(void **state)
{
    (void)state;
    yf_model *m = load(NET(8, 8, 3) "[convolutional]\nfilters=4\nsize=3\npad=1\nfliters=2\n");
    m->totals.macs = (INT64_C(1) << 53) + 1; /* not representable as a double */
    yf_buf out;
    yf_error err;
    yf_buf_init(&out);
    assert_int_equal(yf_render(YF_FMT_JSON, &m, 1, NULL, &out, &err), YF_OK);
    assert_non_null(strstr(out.data, "9007199254740993"));
    cJSON *root = cJSON_Parse(out.data);
    assert_non_null(root);
    assert_int_equal(cJSON_GetObjectItem(root, "schema")->valueint, 1);
    cJSON *layer = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "layers"), 0);
    const char *keys[] = {"index", "type", "line", "input", "output", "params", "params_fused",
                          "buffers", "weights_file_floats", "bflops", "macs", "macs_fused",
                          "output_bytes"};
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
        assert_non_null(cJSON_GetObjectItem(layer, keys[i]));
    cJSON *w = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "warnings"), 0);
    assert_int_equal(cJSON_GetObjectItem(w, "line")->valueint, 9);
    cJSON_Delete(root);
    yf_buf_release(&out);
    yf_model_free(m);
}

static void json_should_give_an_array_for_several_models(void **state)
{
    (void)state;
    yf_model *m = load(NET(8, 8, 3) "[maxpool]\n");
    yf_model *ms[2] = {m, m};
    yf_buf out;
    yf_error err;
    yf_buf_init(&out);
    yf_render_opts ro = {.summary = 1};
    assert_int_equal(yf_render(YF_FMT_JSON, ms, 2, &ro, &out, &err), YF_OK);
    cJSON *root = cJSON_Parse(out.data);
    assert_true(cJSON_IsArray(root));
    assert_int_equal(cJSON_GetArraySize(root), 2);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(cJSON_GetArrayItem(root, 0), "layers")), 0);
    cJSON_Delete(root);
    yf_buf_release(&out);
    yf_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fmt_should_group_thousands),
        cmocka_unit_test(json_should_keep_the_schema_and_exact_integers),
        cmocka_unit_test(json_should_give_an_array_for_several_models),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
