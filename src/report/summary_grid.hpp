// The answer at a glance, under `concur-bench all`'s table: one row per
// workload, one column per model, each cell the speedup with its interval,
// the best of each row marked, '-' where the model does not apply. Fits
// `width` columns (100 when unknown) by dropping the intervals if it must.
#pragma once

#include <string>

#include "concur/report.hpp"

namespace concur::report {

std::string render_summary_grid(const RunReport& report, const RenderOptions& options);

}  // namespace concur::report
