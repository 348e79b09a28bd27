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

bool is_sweep(const ModelScaling& scaling) { return scaling.points.size() >= 2; }

}  // namespace concur::report
