// Rendering why scaling stops: RunReport::analysis.scaling (speedup and
// efficiency per count, Karp-Flatt per point, Amdahl's serial fraction and
// the USL's contention and coherency per sweep) as a table section, a
// terminal chart and an SVG.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "concur/report.hpp"
#include "concur/result.hpp"

namespace concur::report {

// The fits are the Analysis's (core/analysis_scaling.cpp); these names
// keep the renderers' spelling.
using concur::ModelScaling;
using concur::ScalingPoint;

// Models whose sweep has at least two worker counts.
bool is_sweep(const ModelScaling& scaling);

// Whether a chart's worker axis reads better in log scale: a doubling sweep
// (1, 2, 4 .. 64) would crowd its first points on a linear axis.
bool log_workers_axis(std::vector<unsigned> counts);

// The table output's extra section: per workload with a sweep, a table of
// speedup / efficiency / Karp-Flatt per model and count, the fitted serial
// fraction, and the terminal chart. Empty when nothing was swept.
std::string render_scaling_section(const RunReport& report, const RenderOptions& options);

// The ideal speedup at `workers` on a machine of `cores` usable CPUs:
// linear up to the cores, flat beyond (0 cores: unknown, linear throughout).
double ideal_speedup(double workers, unsigned cores);
// The usable CPUs the run saw, 0 when it recorded none (no affinity).
unsigned usable_cores(const RunReport& report);

// Terminal chart of speedup against workers for one workload's models:
// intervals as error bars, the ideal line clipped at `cores` and the cores
// marked (0: unknown), within `width` columns (0: no limit) (chart_terminal.cpp).
std::string render_speedup_chart(const std::vector<const ModelScaling*>& models, bool color,
                                 unsigned cores = 0, std::size_t width = 0);

// The same chart as a standalone SVG document, one panel per workload (svg.cpp).
std::string render_speedup_svg(const std::vector<ModelScaling>& scaling, unsigned cores = 0);

}  // namespace concur::report
