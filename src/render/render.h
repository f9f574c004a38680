/*
 * The render room: one renderer per output format (table.c, json.c, csv.c,
 * md.c), each a yf_renderer of callbacks that write through a yf_writer as
 * they go; render.c only dispatches. Shared pieces live here and in fmt.c
 * (numbers, checks) and json_writer.c (JSON text). Renderers read profiles
 * (model + results) and the figure registry; they never change them.
 */
#ifndef YF_RENDER_H
#define YF_RENDER_H

#include "core/core.h"

/* A format: callbacks for each kind of item (doc->index is the item's
 * position, doc->n how many the document holds) and optional begin/end. */
struct yf_renderer {
    const char *name;
    int lines; /* one compact item per line (JSON Lines) */
    void (*begin)(const yf_document *doc);
    void (*profile)(const yf_document *doc, const yf_profile *p);
    void (*failure)(const yf_document *doc, const yf_error *e);
    void (*diff)(const yf_document *doc, const yf_diff *d);
    void (*weights)(const yf_document *doc, const yf_model *m, const char *path,
                    const yf_weights_report *r);
    void (*sweep)(const yf_document *doc, yf_sweep *s, const yf_size *sizes, int n);
    void (*devices)(const yf_document *doc, const yf_latency_db *db, const yf_device *list,
                    int n, int detail);
    void (*calibration)(const yf_document *doc, const yf_calibration *c);
    void (*end)(const yf_document *doc);
};

/* ---- fmt.c ---- */
enum { YF_NOTE_MAX = 512 };
/* 61949149 -> "61,949,149" */
const char *yf_fmt_int(char buf[32], int64_t v);
/* printf's "%.*f" for decimals <= 3, faster (tables print thousands). */
const char *yf_fmt_fixed(char *buf, size_t n, double v, int decimals);
/* 248007048 -> "236.5 MiB" */
const char *yf_fmt_bytes(char buf[32], int64_t v);
/* A value as a text format shows it: counts grouped, bytes as KiB/MiB when
 * human, giga figures with 3 decimals, percentages with 1; "" when absent. */
const char *yf_fmt_value(char buf[48], const yf_figure_info *f, yf_value v, int human);
/* A value written exactly, for CSV: integer text, reals with 9 decimals. */
const char *yf_fmt_exact(char buf[48], const yf_figure_info *f, yf_value v);
/* "+1,049,600 (+1.69%)" */
const char *yf_fmt_change(char buf[64], const yf_figure_info *f, yf_value before, yf_value after);
/* " per batch of 8" / " per image" when the batch is above 1 and the figure
 * depends on it (YF_FIG_PER_BATCH / YF_FIG_PER_IMAGE), else "". */
const char *yf_batch_note(char buf[48], const yf_figure_info *f, int64_t batch);
/* "fp32", or "int8 weights, fp16 activations" when they differ */
const char *yf_precision_text(const yf_model *m, char buf[96]);
/* " · " or ", " (ASCII) */
const char *yf_sep(const yf_render_opts *ro);
/* "65.879 BFLOPs (Darknet) · 66.170 GFLOPs (thop/Ultralytics, 65.864 fused) · N params" */
void yf_render_headline(yf_writer *w, const yf_render_opts *ro, const yf_model *m);
/* "#82 yolo: 13x13 grid, 3 anchors (116,90 ...), 80 classes, 507 boxes" */
void yf_render_head_line(yf_writer *w, const yf_layer *l);
/* "#105 [convolutional] filters: 255 -> 75 (--classes 20)" */
void yf_render_change(yf_writer *w, const yf_change *c);
/* "ok     gflops: ..." / "FAILED gflops: ..." */
void yf_render_check_line(yf_writer *w, const yf_check *c);
/* "MATCH" / "MISMATCH: 52 floats missing"; then the header, sizes and hints. */
void yf_render_weights_verdict(yf_writer *w, const yf_weights_report *r);
void yf_render_weights_details(yf_writer *w, const yf_model *m, const yf_weights_report *r,
                               const char *bullet);
/* "416x416x3" */
void yf_shape_text(char *buf, size_t n, yf_shape s);
/* The per-layer figure columns a text format shows: ro->columns when set,
 * every per-layer figure when ro->wide (only those the profile has:
 * yf_figure_present), else the format's defaults (a NULL-terminated list of
 * figure names). Returns how many. */
int yf_columns(const yf_render_opts *ro, const yf_profile *p, const char *const *defaults,
               yf_figure *out, int cap);
/* The same without the figures the profile does not have (yf_figure_present). */
int yf_profile_columns(const yf_profile *p, const yf_render_opts *ro, const char *const *defaults,
                       yf_figure *out, int cap);
/* A diff shows a total when either side has it. */
int yf_diff_present(const yf_diff *d, yf_figure f);
/* What a diff's device figures are, as a sweep says it (yf_latency_note of
 * each side's estimate): 0 without an estimate; 1 when the sides say the
 * same, in a (said once); 2 when they differ, a before and b after ("none"
 * for a side without). */
int yf_diff_notes(const yf_diff *d, char a[YF_NOTE_MAX], char b[YF_NOTE_MAX]);
/* Lines, each after `bullet`, saying what the training figures assume and
 * whether the run fits a given memory size: the run, the size Darknet trains
 * at, each runtime's terms and what is estimated. Nothing without training. */
void yf_render_training_notes(yf_writer *w, const yf_profile *p, const char *bullet);
/* The total figures a size sweep shows: ro->columns when set, every total
 * (training aside; device figures when the rows have them) when ro->wide or
 * `wide`, else params, BFLOPs, GFLOPs, peak, Darknet's load (or time and
 * FPS on a device), boxes. */
int yf_sweep_columns(const yf_render_opts *ro, const yf_sweep *s, int wide, yf_figure *out,
                     int cap);
/* s right-aligned in `width` columns (printf's %*s, without printf). */
void yf_write_padded(yf_writer *w, const char *s, int width);
/* s left-aligned in `width` columns (%-*s). */
void yf_write_left(yf_writer *w, const char *s, int width);
/* "cfg: 31 input sizes, channels 3, batch 1, fp32" */
void yf_sweep_headline(yf_writer *w, const yf_sweep *s, int n_sizes);
/* "scaling: params ~ pixels^0.00 · BFLOPs ~ pixels^1.00 ..." (a line; nothing
 * with fewer than two sizes) */
/* With batch > 1, a line naming the per-batch and the per-image columns. */
void yf_batch_columns_note(yf_writer *w, const yf_figure *cols, int n, int64_t batch);

/* Text wrapped at YF_WRAP_WIDTH columns: what is written to yf_wrap_begin's
 * writer reaches `out` with each longer line broken at its last space that
 * fits, the rest indented under the footer's values. yf_wrap_end flushes. */
enum { YF_WRAP_WIDTH = 120, YF_WRAP_INDENT = 16 };
typedef struct yf_wrap {
    yf_writer w;
    yf_writer *out;
    size_t n;
    char line[4096];
} yf_wrap;
yf_writer *yf_wrap_begin(yf_wrap *x, yf_writer *out);
void yf_wrap_end(yf_wrap *x);

void yf_sweep_exponents(yf_writer *w, const yf_render_opts *ro, const yf_sweep *s,
                        const yf_figure *cols, int n);
/* The rows to show: ro's order when given, else every layer. */
int yf_row_count(const yf_profile *p);
int yf_row_at(const yf_profile *p, int k);

/* ---- latency_text.c: the latency estimate's text, shared by the text formats ---- */
/* 4.72e11, "FLOP/s" -> "472 GFLOP/s" (4 significant digits, SI prefix) */
const char *yf_fmt_rate(char buf[48], double v, const char *unit);
/* A device spec value with its unit: "472 GFLOP/s", "25.6 GB/s", "4.0 GiB", "49.4 us" */
const char *yf_fmt_spec(char buf[48], int key, double v);
/* "jetson-nano, tensorrt, fp16, batch 1" */
void yf_latency_title(char *buf, size_t n, const yf_latency *lat);
/* The time of the layers bound by compute, memory and overhead, in ms. */
void yf_latency_bounds(const yf_latency *lat, double ms[4]);
/* What a group's share is of: the figure's total when it has one, else its
 * sum over every layer; a part of it in per cent (-1 when none). */
double yf_layers_sum(const yf_profile *p, yf_figure f);
double yf_share(yf_value part, double all);
/* The stage name of layer i ("" without stages). */
const char *yf_layer_stage(const yf_profile *p, int i);
/* The latency's fitted groups letter tag: D datasheet, d derived, u unverified, x default, ... */
char yf_tag_letter(int tag);
/* "tensorrt/fp16, tensorrt/fp32" of a preset; "" when none. */
void yf_fits_text(char *buf, size_t n, const yf_latency_db *db, const char *id);

/* Per-format pieces of the latency estimate and of groups (one file each:
 * table_latency.c, json_latency.c, csv_latency.c, md_latency.c). */
void yf_table_latency(yf_writer *w, const yf_render_opts *ro, const yf_profile *p);
void yf_table_groups(yf_writer *w, const yf_render_opts *ro, const yf_profile *p,
                     const char *const *defaults);
void yf_table_devices(const yf_document *doc, const yf_latency_db *db, const yf_device *list,
                      int n, int detail);
void yf_table_calibration(const yf_document *doc, const yf_calibration *c);
void yf_md_latency(yf_writer *w, const yf_render_opts *ro, const yf_profile *p);
void yf_md_groups(yf_writer *w, const yf_render_opts *ro, const yf_profile *p,
                  const char *const *defaults);
void yf_md_devices(const yf_document *doc, const yf_latency_db *db, const yf_device *list,
                   int n, int detail);
void yf_md_calibration(const yf_document *doc, const yf_calibration *c);
/* One CSV text field, RFC 4180 quoted and escaped (fmt.c: csv.c and
 * csv_latency.c both write through it). */
void yf_csv_field(yf_writer *w, const char *s);
void yf_csv_groups(yf_writer *w, const yf_render_opts *ro, const yf_profile *p, int header);
/* What a latency figure is of: device, runtime, precision, calibration and
 * basis, as columns; the cells of lat, each "before: x; after: y" where
 * `after` (may be NULL) differs (a diff's two sides). */
void yf_csv_estimate_header(yf_writer *w);
void yf_csv_estimate_cells(yf_writer *w, const yf_latency *lat, const yf_latency *after);
void yf_csv_latency_header(yf_writer *w);
/* Layer i's cells (i < 0: a total row's). */
void yf_csv_latency_cells(yf_writer *w, const yf_profile *p, int i);
void yf_csv_devices(const yf_document *doc, const yf_latency_db *db, const yf_device *list,
                    int n, int detail);
void yf_csv_calibration(const yf_document *doc, const yf_calibration *c);

/* ---- json_writer.c: JSON as it is produced, in cJSON's printed layout ---- */
typedef struct yf_json {
    yf_writer *w;
    int compact;     /* everything on one line (JSON Lines) */
    int depth;
    int count[32];   /* items written in each open container */
    char open[32];   /* '{' or '[' */
} yf_json;

/* depth: the nesting the first value starts at (1 inside a top-level array). */
void yf_json_init(yf_json *j, yf_writer *w, int compact, int depth);
/* key is NULL inside arrays. */
void yf_json_object(yf_json *j, const char *key);
void yf_json_array(yf_json *j, const char *key);
void yf_json_close(yf_json *j);
void yf_json_int(yf_json *j, const char *key, int64_t v);
void yf_json_uint(yf_json *j, const char *key, uint64_t v);
void yf_json_real(yf_json *j, const char *key, double v);
void yf_json_str(yf_json *j, const char *key, const char *s);
void yf_json_bool(yf_json *j, const char *key, int v);
void yf_json_null(yf_json *j, const char *key);
void yf_json_value(yf_json *j, const char *key, yf_value v);

/* json_latency.c: a layer's bound, stage and kernels; the profile's
 * "latency" array and "by_<group>" array; devices; a calibration. */
void yf_json_layer_latency(yf_json *j, const yf_render_opts *ro, const yf_profile *p, int i);
void yf_json_latency(yf_json *j, const yf_render_opts *ro, const yf_profile *p);
/* What an estimate is (device, runtime, precision, batch, calibrated, label,
 * basis, constants: the members of a "latency" item before its figures) as
 * an object under key; null without one. */
void yf_json_estimate(yf_json *j, const char *key, const yf_latency *lat);
void yf_json_groups(yf_json *j, const yf_profile *p);
void yf_json_devices(const yf_document *doc, const yf_latency_db *db, const yf_device *list,
                     int n, int detail);
void yf_json_calibration(const yf_document *doc, const yf_calibration *c);

#endif
