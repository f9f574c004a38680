/* Training: the size random= starts at, Darknet's allocations for kinds the
 * measured reference has no run of (recurrent, xnor, antialiasing), FLOPs,
 * PyTorch's peak and the memory-size answers, each against the formula
 * worked by hand (docs/training.md). */
#include "helpers.h"

#include <stdio.h>

/* Trains m at its own size (as --no-random) with the cfg's settings. */
static yf_training train(const yf_model *m, int64_t memory)
{
    yf_training t;
    yf_error err;
    yf_train_opts o = {.iterations = -1, .optimizer = YF_OPT_CFG, .workspace = -1,
                       .memory = memory};
    int status = yf_training_compute(m, m, &o, &t, &err);
    if (status)
        print_error("%s\n", err.message);
    assert_int_equal(status, YF_OK);
    return t;
}

#define HEAD "[convolutional]\nfilters=18\nsize=1\n[yolo]\nmask=0,1,2\nnum=3\nclasses=1\n"

static void size_of(const char *net, int64_t *w, int64_t *h)
{
    char text[512];
    snprintf(text, sizeof(text), "%s" HEAD "%s", net, strstr(net, "random") ? "" : "random=1\n");
    yf_model *m = load(text);
    yf_training_size(m, w, h);
    yf_model_free(m);
}

static void training_should_start_at_the_largest_random_size(void **state)
{
    (void)state;
    static const struct {
        const char *net;
        int64_t w, h;
    } cases[] = {
        {NET(416, 416, 3), 608, 608},
        {NET(608, 608, 3), 896, 896},
        {NET(512, 512, 3), 736, 736},
        {NET(320, 480, 3), 480, 704},
        {NET(416, 416, 3) "resize_step=64\n", 640, 640},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int64_t w, h;
        size_of(cases[i].net, &w, &h);
        assert_int_equal(w, cases[i].w);
        assert_int_equal(h, cases[i].h);
    }
    /* random=1.2 is its own coefficient; random=0 keeps the cfg size */
    yf_model *m = load(NET(320, 320, 3) HEAD "random=1.2\n");
    int64_t w, h;
    assert_int_equal(yf_training_size(m, &w, &h), 1);
    assert_int_equal(w, 416);
    yf_model_free(m);
    m = load(NET(320, 320, 3) HEAD "random=0\n");
    assert_int_equal(yf_training_size(m, &w, &h), 0);
    assert_int_equal(w, 320);
    yf_model_free(m);
}

#define CONV_MISH "[convolutional]\nfilters=2\nsize=3\npad=1\nbatch_normalize=1\nactivation=mish\n"

/* W = 18, n = 2, O = 128. Inference: weights 4(W+n) 80, BN 12n 24, output
 * 4*O 512, mish input 512 (even for inference); network block 2616 + 40;
 * workspace 8*8*9*1*4 = 2304. Training, B = 4/2: + updates and EMA 160,
 * BN 24n 48, output, delta, x, x_norm and mish input 4*B*O each. */
static void darknet_should_allocate_the_conv_formula(void **state)
{
    (void)state;
    yf_model *m = load(NET(8, 8, 1) "batch=4\nsubdivisions=2\n" CONV_MISH);
    assert_int_equal(m->layers[0].darknet_cpu_bytes, 80 + 24 + 512 + 512);
    assert_int_equal(m->totals.darknet_cpu_bytes, 1128 + 2656 + 2304);
    yf_training t = train(m, 0);
    assert_int_equal(t.mini_batch, 2);
    assert_int_equal(t.layer_darknet_cpu_bytes[0], 240 + 72 + 5 * 1024);
    assert_int_equal(t.darknet_cpu.memory_bytes, 5432 + 2656 + 2304);
    assert_int_equal(t.darknet_cpu.breakdown[YF_MEM_BN_X], 2048);
    yf_training_release(&t);
    yf_model_free(m);
}

/* rnn_layer.c, b = batch/time_steps = 2 rows over s = 3 steps: state
 * 4*b*hidden*(s+1) 160, three struct layers 7848, connected parts of b*s = 6
 * rows: 4->5 (440), 5->5 (480), 5->3 (288). No spatial layer: Darknet dies of
 * SIGFPE before the workspace. */
static void darknet_should_allocate_rnn_parts(void **state)
{
    (void)state;
    yf_model *m = load("[net]\ninputs=4\nbatch=2\ntime_steps=3\n[rnn]\nhidden=5\noutput=3\n");
    assert_int_equal(m->layers[0].darknet_cpu_bytes, 40 + 7848 + 240 + 280 + 168);
    assert_int_equal(m->totals.darknet_cpu_bytes, 8576 + 2656);
    yf_training t = train(m, 0);
    assert_int_equal(t.layer_darknet_cpu_bytes[0], 160 + 7848 + 440 + 480 + 288);
    assert_int_equal(t.time_steps, 3);
    assert_true(t.sigfpe);
    yf_training_release(&t);
    yf_model_free(m);
}

/* lstm_layer.c: eight struct layers, four parts inputs->output (144 each)
 * and four output->output (120 each), output 4*o*b*s, 14 state buffers of
 * 4*o*b and the cell of 4*o*b*s; no delta. */
static void darknet_should_allocate_lstm_parts(void **state)
{
    (void)state;
    yf_model *m = load("[net]\ninputs=4\n[lstm]\noutput=3\n");
    assert_int_equal(m->layers[0].darknet_cpu_bytes, 8 * 2616 + 4 * 144 + 4 * 120 + 12 + 15 * 12);
    yf_model_free(m);
}

/* crnn_layer.c on 4x4x1, hidden 2, output 1, size 3, pad 1: state
 * 4*(4*4*2)*(s+1) 256, three struct layers, convs 1->2 (weights 80, output
 * 128), 2->2 (152 + 128), 2->1 (76 + 64); workspace 16*9*2*4. */
static void darknet_should_allocate_crnn_parts(void **state)
{
    (void)state;
    yf_model *m = load(NET(4, 4, 1) "[crnn]\nhidden=2\noutput=1\nsize=3\npad=1\nactivation=leaky\n");
    assert_int_equal(m->layers[0].darknet_cpu_bytes, 256 + 7848 + 208 + 280 + 140);
    assert_int_equal(m->totals.darknet_cpu_bytes, 8732 + 2656 + 1152);
    yf_model_free(m);
}

/* xnor on 8x8x32, 4 filters 3x3: weights 4(W+n) with W = 1152, output 1024,
 * binary weights 4W, binary input 4*8*8*32, mean 4n, re-packed input
 * 4*((32/32)*64 + 1), bit input k_al*bit_align/8 = 512*96/8; workspace
 * max(bit_align*9*32*4, 8*8*32*4). */
static void darknet_should_allocate_xnor_buffers(void **state)
{
    (void)state;
    yf_model *m = load(NET(8, 8, 32) "[convolutional]\nfilters=4\nsize=3\npad=1\nxnor=1\n"
                                     "activation=linear\n");
    int64_t binary = 4608 + 8192 + 16 + 260 + 6144;
    assert_int_equal(m->layers[0].darknet_cpu_bytes, 4624 + 1024 + binary);
    assert_int_equal(m->totals.darknet_cpu_bytes, 24868 + 2656 + 110592);
    yf_model_free(m);
}

/* antialiasing=1 on a stride-2 conv: the host at stride 1 (output 8x8x2),
 * a struct layer and the 3x3 depthwise blur (weights 4*(18+2), output 4x4x2);
 * the workspace is the host's. */
static void darknet_should_allocate_the_antialiasing_blur(void **state)
{
    (void)state;
    yf_model *m = load(NET(8, 8, 1) "[convolutional]\nfilters=2\nsize=3\npad=1\nstride=2\n"
                                    "antialiasing=1\nactivation=linear\n");
    assert_int_equal(m->layers[0].darknet_cpu_bytes, 80 + 512 + 2616 + 80 + 128);
    assert_int_equal(m->totals.darknet_cpu_bytes, 3416 + 2656 + 2304);
    yf_model_free(m);
}

/* Layer 0 (18 weights x 64 positions, BN, leaky): forward 2*1152 + (7+1)*128,
 * backward weights 2304 + BN and leaky (10+1)*128, no input gradient.
 * Layer 1 (1x1, 2->3): 768 forward, 768 for each gradient. Update: 31
 * weights x 5 (SGD); 4 images an iteration, 10 iterations. */
static void training_should_count_flops(void **state)
{
    (void)state;
    yf_model *m = load(NET(8, 8, 1) "batch=4\nmax_batches=10\n[convolutional]\nfilters=2\n"
                                    "size=3\npad=1\nbatch_normalize=1\nactivation=leaky\n"
                                    "[convolutional]\nfilters=3\nsize=1\nactivation=linear\n");
    yf_training t = train(m, 0);
    assert_int_equal(t.layer_flops[0], 3328 + 2304 + 1408);
    assert_int_equal(t.layer_flops[1], 3 * 768);
    assert_int_equal(t.flops_per_image, 9344);
    assert_int_equal(t.update_flops, 155);
    assert_int_equal(t.flops_per_iteration, 4 * 9344 + 155);
    assert_true(t.total_flops == 10.0 * (4 * 9344 + 155));
    yf_training_release(&t);
    yf_model_free(m);
}

/* stopbackward=1 on layer 1: layers 0 and 1 do no backward, layer 2 still
 * computes its input gradient into layer 1's delta; only layer 2 updates. */
static void training_should_freeze_before_stopbackward(void **state)
{
    (void)state;
    yf_model *m = load(NET(8, 8, 1) "[convolutional]\nfilters=1\nsize=1\nactivation=linear\n"
                                    "[convolutional]\nfilters=1\nsize=1\nactivation=linear\n"
                                    "stopbackward=1\n"
                                    "[convolutional]\nfilters=1\nsize=1\nactivation=linear\n");
    yf_training t = train(m, 0);
    assert_int_equal(t.layer_flops[0], 128);
    assert_int_equal(t.layer_flops[1], 128);
    assert_int_equal(t.layer_flops[2], 3 * 128);
    assert_int_equal(t.update_flops, 5 * 2);
    yf_training_release(&t);
    yf_model_free(m);
}

/* One conv, B = 1, SGD: weights, gradients, momentum 4*22 each; BN buffers
 * 4*4 + 8; input 256; saved: BN's input and leaky's input (2*128*4) + BN's
 * mean/invstd 16; backward: output gradient 512 + weight-gradient scratch
 * 2*4*22 (steady step). */
static void pytorch_should_estimate_a_step(void **state)
{
    (void)state;
    yf_model *m = load(NET(8, 8, 1) "[convolutional]\nfilters=2\nsize=3\npad=1\n"
                                    "batch_normalize=1\nactivation=leaky\n");
    yf_training t = train(m, 0);
    assert_int_equal(t.pytorch.breakdown[YF_MEM_SAVED], 1040);
    assert_int_equal(t.pytorch.breakdown[YF_MEM_TRANSIENT], 512 + 176);
    assert_int_equal(t.pytorch.memory_bytes, 88 * 3 + 24 + 256 + 1040 + 688);
    yf_training_release(&t);
    yf_model_free(m);
}

/* With a memory size: the configuration fits at its own total, the largest
 * mini-batch is at least its own, the smallest subdivisions at most its own;
 * 1 byte fits nothing. */
static void training_should_answer_a_memory_size(void **state)
{
    (void)state;
    yf_model *m = load(NET(32, 32, 3) "batch=8\nsubdivisions=4\n" CONV_MISH);
    yf_training t = train(m, 0);
    int64_t gpu = t.darknet_gpu.memory_bytes;
    assert_int_equal(t.darknet_gpu.fits, -1);
    yf_training_release(&t);
    t = train(m, gpu);
    assert_int_equal(t.darknet_gpu.fits, 1);
    assert_true(t.darknet_gpu.largest_mini_batch >= 2);
    assert_true(t.darknet_gpu.smallest_subdivisions <= 4);
    assert_int_equal(8 % t.darknet_gpu.smallest_subdivisions, 0);
    yf_training_release(&t);
    t = train(m, 1);
    assert_int_equal(t.darknet_cpu.fits, 0);
    assert_int_equal(t.darknet_cpu.largest_mini_batch, 0);
    assert_int_equal(t.pytorch.smallest_subdivisions, 0);
    yf_training_release(&t);
    yf_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(training_should_start_at_the_largest_random_size),
        cmocka_unit_test(darknet_should_allocate_the_conv_formula),
        cmocka_unit_test(darknet_should_allocate_rnn_parts),
        cmocka_unit_test(darknet_should_allocate_lstm_parts),
        cmocka_unit_test(darknet_should_allocate_crnn_parts),
        cmocka_unit_test(darknet_should_allocate_xnor_buffers),
        cmocka_unit_test(darknet_should_allocate_the_antialiasing_blur),
        cmocka_unit_test(training_should_count_flops),
        cmocka_unit_test(training_should_freeze_before_stopbackward),
        cmocka_unit_test(pytorch_should_estimate_a_step),
        cmocka_unit_test(training_should_answer_a_memory_size),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
