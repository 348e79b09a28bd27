#include "report/scaling.hpp"

#include <algorithm>
#include <cmath>

namespace concur::report {

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

}  // namespace concur::report
