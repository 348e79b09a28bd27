// The scaling section under the terminal table: numbers a student can read
// to see why adding workers stops helping, then the chart.
#include <fmt/format.h>

#include <algorithm>

#include "report/scaling.hpp"
#include "report/text_layout.hpp"

namespace concur::report {
namespace {

// Karp-Flatt rising across the sweep points to overhead that grows with p;
// roughly flat points to a fixed serial part, which Amdahl's fit measures
// (the trend is the Analysis's).
std::string diagnosis(const ModelScaling& s) {
  if (!s.serial_fraction) return "";
  std::string text = fmt::format("{:<12} f = {:.1f}%", s.model, *s.serial_fraction * 100);
  if (auto limit = s.speedup_limit())
    text += fmt::format(", so at most {:.1f}x however many workers", *limit);
  else
    text += ", no serial part seen";
  if (s.karp_flatt_trend == KarpFlattTrend::rises)
    text += "; Karp-Flatt rises: overhead grows with workers";
  else if (s.karp_flatt_trend == KarpFlattTrend::flat)
    text += "; Karp-Flatt flat: a fixed serial part limits it";
  return text;
}

std::string section_for(const std::string& workload, const std::vector<const ModelScaling*>& models,
                        unsigned cores, const RenderOptions& options) {
  const std::size_t width = options.width;
  std::string out =
      "\n" + wrap_hanging(fmt::format("Scaling of {} (speedup vs {}):", workload, models.front()->baseline), width, "", 2);
  out += fmt::format("  {:<12} {:>7} {:>8} {:>11} {:>11}\n", "model", "workers", "speedup",
                     "efficiency", "Karp-Flatt");
  for (const auto* s : models)
    for (const auto& p : s->points)
      out += fmt::format("  {:<12} {:>7} {:>7.2f}x {:>10.0f}% {:>11}\n", s->model, p.workers,
                         p.speedup, p.efficiency * 100,
                         p.karp_flatt ? fmt::format("{:.3f}", *p.karp_flatt) : "-");
  out += wrap_hanging("Serial fraction f from fitting Amdahl's 1/S = f + (1-f)/p to each sweep:", width, "  ", 4);
  for (const auto* s : models)
    if (auto line = diagnosis(*s); !line.empty()) out += wrap_hanging(line, width, "    ", 6);
  bool usl_heading = false;
  for (const auto* s : models) {
    if (!s->usl) continue;
    if (!usl_heading)
      out += wrap_hanging("Universal Scalability Law S = p / (1 + sigma (p-1) + kappa p (p-1)):", width, "  ", 4);
    usl_heading = true;
    std::string line = fmt::format("{:<12} sigma = {:.3f} (contention), kappa = {:.4f} (coherency)", s->model,
                                   s->usl->sigma, s->usl->kappa);
    if (auto peak = s->usl->peak_workers()) line += fmt::format(", peak near {:.0f} workers", *peak);
    out += wrap_hanging(line, width, "    ", 6);
  }
  out += '\n' + render_speedup_chart(models, options.color, cores, width);
  return out;
}

}  // namespace

std::string render_scaling_section(const RunReport& report, const RenderOptions& options) {
  const std::vector<ModelScaling>& all = report.analysis.scaling;
  std::string out;
  std::vector<std::string> workloads;
  for (const auto& s : all)
    if (is_sweep(s) && std::find(workloads.begin(), workloads.end(), s.workload) == workloads.end())
      workloads.push_back(s.workload);
  for (const auto& workload : workloads) {
    std::vector<const ModelScaling*> models;
    for (const auto& s : all)
      if (s.workload == workload && is_sweep(s)) models.push_back(&s);
    out += section_for(workload, models, usable_cores(report), options);
  }
  return out;
}

}  // namespace concur::report
