/* Aligning two models. */
#include "helpers.h"

#define C(f, s) "[convolutional]\nfilters=" #f "\nsize=" #s "\npad=1\n"

static void diff_should_pair_same_structure_by_index(void **state)
{
    (void)state;
    yf_options o = {.width = 16, .height = 16};
    yf_error err;
    yf_model *a = load(NET(8, 8, 3) C(4, 3) C(8, 1));
    yf_model *b = load_opt(NET(8, 8, 3) C(4, 3) C(8, 1), &o, &err);
    yf_diff d;
    yf_profile pa = {.model = a}, pb = {.model = b};
    assert_int_equal(yf_diff_compute(&pa, &pb, NULL, &d, &err), YF_OK);
    assert_true(d.by_index);
    assert_int_equal(d.n_changed, 2);
    assert_true(yf_diff_differs(&d));
    yf_diff_release(&d);
    assert_int_equal(yf_diff_compute(&pa, &pa, NULL, &d, &err), YF_OK);
    assert_int_equal(d.n_same, 2);
    assert_false(yf_diff_differs(&d));
    yf_diff_release(&d);
    yf_model_free(a);
    yf_model_free(b);
}

static void diff_should_show_an_inserted_block_as_added(void **state)
{
    (void)state;
    yf_error err;
    yf_model *a = load(NET(8, 8, 3) C(4, 3) C(8, 1) C(16, 3));
    yf_model *b = load(NET(8, 8, 3) C(4, 3) "[maxpool]\nsize=3\nstride=1\n[route]\nlayers=-1,-2\n"
                           C(8, 1) C(16, 3));
    yf_diff d;
    yf_profile pa = {.model = a}, pb = {.model = b};
    assert_int_equal(yf_diff_compute(&pa, &pb, NULL, &d, &err), YF_OK);
    assert_false(d.by_index);
    assert_int_equal(d.n_added, 2);
    assert_int_equal(d.n_removed, 0);
    assert_int_equal(d.n_pairs, 5);
    assert_int_equal(d.pairs[1].kind, YF_PAIR_ADDED);
    assert_int_equal(d.pairs[1].b, 1);
    /* the conv after the block reads 8 channels instead of 4: changed */
    assert_int_equal(d.pairs[3].kind, YF_PAIR_CHANGED);
    assert_int_equal(d.pairs[3].a, 1);
    assert_int_equal(d.pairs[3].b, 3);
    assert_int_equal(d.pairs[4].kind, YF_PAIR_SAME);
    yf_diff_release(&d);
    yf_model_free(a);
    yf_model_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(diff_should_pair_same_structure_by_index),
        cmocka_unit_test(diff_should_show_an_inserted_block_as_added),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
