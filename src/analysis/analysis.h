/* The analyses' shared internals: training.c uses pytorch.c. */
#ifndef YF_ANALYSIS_H
#define YF_ANALYSIS_H

#include "core/core.h"

/* The peak of one PyTorch training step at mini-batch `batch` (images) and
 * its breakdown by yf_mem_kind (sums to the peak). Fails only out of
 * memory. */
int yf_pytorch_peak(const yf_model *m, int64_t batch, int optimizer, int amp, int64_t *peak,
                    int64_t *breakdown, yf_error *err);

#endif
