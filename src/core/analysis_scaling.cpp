// Why scaling stops, per (workload, model) swept over worker counts: speedup
// and efficiency per count, Karp-Flatt per point, Amdahl's serial fraction
// and the Universal Scalability Law's contention and coherency fitted over
// the whole sweep.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "core/analysis.hpp"

namespace concur {

std::optional<double> UslFit::peak_workers() const {
  if (kappa <= 0) return std::nullopt;
  return std::sqrt(std::max(0.0, 1 - sigma) / kappa);
}

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

std::optional<UslFit> fit_usl(const std::vector<ScalingPoint>& points) {
  // N / C(N) - 1 = sigma (N - 1) + kappa N (N - 1): linear in (sigma, kappa)
  // without intercept (Gunther), so least squares is a 2x2 system.
  std::set<unsigned> counts;
  double aa = 0, ab = 0, bb = 0, ay = 0, by = 0;
  for (const auto& p : points) {
    if (p.workers < 1 || p.speedup <= 0) continue;
    counts.insert(p.workers);
    const double n = p.workers, a = n - 1, b = n * (n - 1), y = n / p.speedup - 1;
    aa += a * a, ab += a * b, bb += b * b, ay += a * y, by += b * y;
  }
  if (counts.size() < 3) return std::nullopt;
  const double det = aa * bb - ab * ab;
  if (aa <= 0 || bb <= 0 || std::abs(det) <= 1e-12 * aa * bb) return std::nullopt;
  UslFit fit{(ay * bb - by * ab) / det, (aa * by - ab * ay) / det};
  // Both are costs: a negative one is refitted at zero with the other alone.
  if (fit.sigma < 0) fit = {0, std::max(0.0, by / bb)};
  if (fit.kappa < 0) fit = {std::max(0.0, ay / aa), 0};
  return fit;
}

std::vector<ModelScaling> analyse_scaling(const RunReport& report) {
  const auto usable = [](const CellResult& c) { return c.timed() && c.verified && c.time.median > 0; };
  std::string baseline_model = "the baseline";
  for (const auto& cell : report.cells)
    if (cell.is_baseline) baseline_model = cell.model;
  std::vector<ModelScaling> result;
  std::map<std::pair<std::string, std::string>, std::size_t> index;
  for (std::size_t i = 0; i < report.cells.size(); ++i) {
    const CellResult& cell = report.cells[i];
    const CellAnalysis& analysed = report.analysis.cells[i];
    if (!usable(cell) || !cell.has_efficiency || cell.is_baseline) continue;
    auto [it, inserted] = index.try_emplace({cell.workload, cell.model}, result.size());
    if (inserted) result.push_back({cell.workload, cell.model, "", {}, std::nullopt, std::nullopt});
    ModelScaling& s = result[it->second];

    double speedup = 0;
    std::optional<Interval> interval;
    if (analysed.speedup) {
      speedup = analysed.speedup->value;
      if (analysed.speedup->has_interval) interval = analysed.speedup->ci;
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
    s.usl = fit_usl(s.points);
    s.karp_flatt_trend = karp_flatt_trend(s.points);
  }
  return result;
}

KarpFlattTrend karp_flatt_trend(const std::vector<ScalingPoint>& points) {
  std::optional<double> first, last;
  for (const auto& p : points)
    if (p.karp_flatt) (first ? last : first) = p.karp_flatt;
  if (!first || !last) return KarpFlattTrend::unknown;
  return *last > *first + kKarpFlattRise ? KarpFlattTrend::rises : KarpFlattTrend::flat;
}

const char* to_string(KarpFlattTrend trend) {
  switch (trend) {
    case KarpFlattTrend::unknown: return "unknown";
    case KarpFlattTrend::flat: return "flat";
    case KarpFlattTrend::rises: return "rises";
  }
  return "?";
}

}  // namespace concur
