/* Shared by the renderers (report_*.c): number formatting, and the
 * conventions every figure is labelled with. Renderers see only the public
 * model: shapes, figures and warnings. */
#ifndef YF_REPORT_H
#define YF_REPORT_H

#include "yoloflops.h"

/* 61949149 -> "61,949,149" */
const char *yf_fmt_int(char buf[32], int64_t v);
/* 248007048 -> "236.5 MiB" */
const char *yf_fmt_bytes(char buf[32], int64_t v);
/* A figure's value as printed: counts grouped, flops with 3 decimals. */
const char *yf_fmt_figure(char buf[40], yf_figure f, double v);
/* "+1,049,600 (+1.69%)" */
const char *yf_fmt_change(char buf[64], yf_figure f, double before, double after);
/* "fp32", "fp16", "int8" */
const char *yf_precision_name(int bytes_per_element);

/* "65.879 BFLOPs (Darknet) · 66.170 GFLOPs (thop/Ultralytics, 65.864 fused) · N params" */
void yf_render_headline(const yf_model *m, yf_buf *out);
/* "#82 yolo: 13x13 grid, 3 anchors (116,90 ...), 80 classes, 507 boxes" */
void yf_render_head_line(const yf_layer *l, yf_buf *out);

int yf_render_table(yf_model *const *models, int n, const yf_render_opts *ro, yf_buf *out);
int yf_render_json(yf_model *const *models, int n, const yf_render_opts *ro, yf_buf *out,
                   yf_error *err);
int yf_render_csv(yf_model *const *models, int n, const yf_render_opts *ro, yf_buf *out);
int yf_render_md(yf_model *const *models, int n, const yf_render_opts *ro, yf_buf *out);

int yf_render_diff_table(const yf_diff *d, const yf_render_opts *ro, yf_buf *out, int md);
int yf_render_diff_csv(const yf_diff *d, yf_buf *out);
int yf_render_diff_json(const yf_diff *d, yf_buf *out, yf_error *err);
int yf_render_weights_json(const yf_model *m, const char *path, const yf_weights_report *r,
                           yf_buf *out, yf_error *err);

/* Conventions, named on every figure (docs/formulas.md). */
#define YF_CONV_BFLOPS "Darknet l.bflops (AlexeyAB), 1e9 ops; Total BFLOPS"
#define YF_CONV_MACS "ultralytics-thop 2.1.6 MACs of the PyTorch model, BN unfused"
#define YF_CONV_MACS_FUSED "ultralytics-thop 2.1.6 MACs after folding BatchNorm into conv"
#define YF_CONV_GFLOPS "2 x MACs / 1e9, as Ultralytics prints GFLOPs"
#define YF_CONV_PARAMS "trainable parameters as PyTorch/thop count them"

#endif
