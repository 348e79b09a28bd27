// The answer at a glance, under `concur-bench all`'s table: one row per
// workload, one column per model, each cell the speedup with its interval,
// the best of each row marked, '-' where the model does not apply. Fits
// `width` columns (100 when unknown): models of which no cell ran are one
// line each under the grid ("cuda: skipped (no CUDA device found)"); the
// intervals go when that makes the grid fit whole, else the model columns
// are split into stacked blocks, each repeating the workload column.
#pragma once

#include <string>

#include "concur/report.hpp"

namespace concur::report {

std::string render_summary_grid(const RunReport& report, const RenderOptions& options);

}  // namespace concur::report
