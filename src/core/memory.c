/* Activation memory. Per layer: output_bytes = outputs * batch * bytes per
 * element. activation_bytes = every buffer Darknet allocates for a forward
 * pass (layers flagged YF_LAYER_ALIAS reuse the previous buffer;
 * antialiasing's hidden blur adds its own). peak_activation_bytes = the most
 * bytes alive at once when each buffer (the network input included) is freed
 * right after its last reader (yf_layer.sources) and detection heads and the
 * last layer are kept to the end: the least a runtime needs. Linear in
 * layers and references. */
#include "core.h"

int yf_memory(yf_model_impl *mi, yf_error *err)
{
    yf_model *m = &mi->pub;
    int n = m->n_layers;
    yf_arena *a = mi->arena;
    int *owner = yf_arena_alloc(a, sizeof(int) * (size_t)(n + 1));
    int *end = yf_arena_alloc(a, sizeof(int) * (size_t)(n + 1));
    int64_t *delta = yf_arena_alloc(a, sizeof(int64_t) * (size_t)(n + 2));
    if (!owner || !end || !delta)
        return yf_error_nomem(err);
    int64_t total = 0;
#define BYTES(n, l) yf_bits_bytes(yf_mul((n), m->batch), (l)->activation_bits)
    const int input = n; /* buffer id of the network input */
    end[input] = 0;
    for (int i = 0; i < n; i++) {
        yf_layer *l = &mi->layers[i];
        int alias = (l->flags & YF_LAYER_ALIAS) != 0;
        owner[i] = alias ? (i ? owner[i - 1] : input) : i;
        end[i] = i;
        l->output_bytes = BYTES(l->outputs, l);
        if (!alias)
            total = yf_add(total, BYTES(yf_add(l->outputs, mi->nodes[i].extra_elems), l));
        for (int s = 0; s < l->n_sources; s++) {
            int buf = l->sources[s] < 0 ? input : owner[l->sources[s]];
            if (end[buf] < i)
                end[buf] = i;
        }
        if ((l->flags & YF_LAYER_HEAD) || i == n - 1)
            end[owner[i]] = n - 1;
    }
    m->totals.activation_bytes = total;
    /* Each owned buffer is alive over [its layer, end]; sweep the sums. */
    int in_bits = yf_precision_bits(m->activations_precision);
    int64_t in_bytes = yf_bits_bytes(
        yf_mul(yf_mul(yf_mul(yf_mul(m->input.w, m->input.h), m->input.c), m->batch), 1), in_bits);
    if (in_bytes == 0)
        in_bytes = yf_bits_bytes(yf_mul(m->layers[0].inputs, m->batch), in_bits);
    delta[0] = in_bytes;
    delta[end[input] + 1] = yf_add(delta[end[input] + 1], -in_bytes);
    for (int i = 0; i < n; i++) {
        if (owner[i] != i)
            continue;
        int64_t b = BYTES(yf_add(m->layers[i].outputs, mi->nodes[i].extra_elems), &m->layers[i]);
        delta[i] = yf_add(delta[i], b);
        delta[end[i] + 1] = yf_add(delta[end[i] + 1], -b);
    }
    int64_t live = 0, peak = 0;
    for (int i = 0; i < n; i++) {
        live = yf_add(live, delta[i]);
        mi->layers[i].live_bytes = live;
        mi->layers[i].live_until = end[owner[i]];
        if (live > peak)
            peak = live;
    }
    m->totals.peak_activation_bytes = peak;
#undef BYTES
    return YF_OK;
}
