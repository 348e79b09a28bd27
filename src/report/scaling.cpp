#include "report/scaling.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace concur::report {

std::optional<double> fit_serial_fraction(const std::vector<ScalingPoint>& points) {
  // 1/S - 1/p = f (1 - 1/p): a line through the origin in x = 1 - 1/p, so
  // the least-squares slope is sum(x y) / sum(x x).
  double xy = 0, xx = 0;
  for (const auto& p : points) {
    if (p.workers < 2 || p.speedup <= 0) continue;
    const double inverse_p = 1.0 / p.workers;
    const double x = 1 - inverse_p;
    xy += x * (1 / p.speedup - inverse_p);
    xx += x * x;
  }
  if (xx <= 0) return std::nullopt;
  return std::clamp(xy / xx, 0.0, 1.0);
}

bool log_workers_axis(std::vector<unsigned> counts) {
  std::sort(counts.begin(), counts.end());
  counts.erase(std::unique(counts.begin(), counts.end()), counts.end());
  if (counts.size() < 3 || counts.front() == 0) return false;
  const double span = std::log2(static_cast<double>(counts.back()) / counts.front());
  return span >= 3 && static_cast<double>(counts.size()) <= span + 2;
}

double ideal_speedup(double workers, unsigned cores) {
  return cores == 0 ? workers : std::min(workers, static_cast<double>(cores));
}

unsigned usable_cores(const RunReport& report) {
  return report.context.state.affinity.empty() ? 0 : report.context.state.usable_cpus();
}

bool is_sweep(const ModelScaling& scaling) { return scaling.points.size() >= 2; }

std::vector<ModelScaling> analyse_scaling(const RunReport& report) {
  auto usable = [](const CellResult& c) {
    return c.timed() && c.verified && c.time.median > 0;
  };
  std::string baseline_model = "the baseline";
  for (const auto& cell : report.cells)
    if (cell.is_baseline) baseline_model = cell.model;
  std::vector<ModelScaling> result;
  std::map<std::pair<std::string, std::string>, std::size_t> index;
  for (const auto& cell : report.cells) {
    if (!usable(cell) || !cell.has_efficiency || cell.is_baseline) continue;
    auto [it, inserted] = index.try_emplace({cell.workload, cell.model}, result.size());
    if (inserted) result.push_back({cell.workload, cell.model, "", {}, std::nullopt});
    ModelScaling& s = result[it->second];

    double speedup = 0;
    std::optional<Interval> interval;
    if (cell.speedup) {
      speedup = cell.speedup->value;
      if (cell.speedup->has_interval) interval = cell.speedup->ci;
      s.baseline = baseline_model;
    } else {
      auto own = std::find_if(report.cells.begin(), report.cells.end(), [&](const CellResult& c) {
        return usable(c) && c.workload == cell.workload && c.model == cell.model && c.workers == 1;
      });
      if (own == report.cells.end()) continue;
      speedup = own->time.median / cell.time.median;
      s.baseline = "each model's own 1-worker run";
    }
    ScalingPoint point{cell.workers, speedup, speedup / cell.workers, std::nullopt, interval};
    if (cell.workers > 1) {
      const double inverse_p = 1.0 / cell.workers;
      point.karp_flatt = (1 / speedup - inverse_p) / (1 - inverse_p);
    }
    s.points.push_back(point);
  }
  std::erase_if(result, [](const ModelScaling& s) { return s.points.empty(); });
  for (auto& s : result) {
    std::sort(s.points.begin(), s.points.end(),
              [](const ScalingPoint& a, const ScalingPoint& b) { return a.workers < b.workers; });
    s.serial_fraction = fit_serial_fraction(s.points);
  }
  return result;
}

}  // namespace concur::report
