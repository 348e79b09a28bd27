// Why scaling stops: for each (workload, model) swept over worker counts,
// speedup and efficiency per count, the Karp-Flatt metric per point and the
// Amdahl serial fraction fitted over the whole sweep.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "concur/report.hpp"
#include "concur/result.hpp"

namespace concur::report {

struct ScalingPoint {
  unsigned workers = 1;
  double speedup = 0;
  double efficiency = 0;
  // Experimentally determined serial fraction e = (1/S - 1/p) / (1 - 1/p):
  // rising with p means overhead grows, flat means a fixed serial part.
  std::optional<double> karp_flatt;  // p > 1 only
  // The speedup's 95% interval, from the cell's Estimate, where it has one
  // (not from a single repetition, not against the model's own 1-worker run).
  std::optional<Interval> speedup_ci;
};

struct ModelScaling {
  std::string workload;
  std::string model;
  std::string
      baseline;  // what speedup is relative to: "sequential" or "each model's own 1-worker run"
  std::vector<ScalingPoint> points;  // by increasing workers
  // Least-squares fit of 1/S = f + (1 - f)/p over the points with p > 1,
  // clamped to [0, 1]; absent without such a point.
  std::optional<double> serial_fraction;
  std::optional<double> speedup_limit() const {  // Amdahl: 1/f as p -> inf
    if (!serial_fraction || *serial_fraction <= 0) return std::nullopt;
    return 1 / *serial_fraction;
  }
};

// Every model with a worker count that means processors (has_efficiency)
// and at least one timed, verified cell, in report order. Speedup is taken
// against the workload's sequential cell, or failing that the model's own
// one-worker cell.
std::vector<ModelScaling> analyse_scaling(const RunReport& report);

// The fit alone, for tests: points with p > 1 only matter.
std::optional<double> fit_serial_fraction(const std::vector<ScalingPoint>& points);

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
