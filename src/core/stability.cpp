// Which cells' medians should not be trusted, decided here once for every
// renderer. The rule is pyperf's: a spread (CV) above 10%, or an outlier
// further than half the median from it, means the machine was busy or the
// cell ran too briefly; one repetition cannot be judged either way.
#include <cmath>

#include "concur/result.hpp"

namespace concur {

namespace {
constexpr double kMaxCv = 0.10;
constexpr double kMaxOutlier = 0.5;  // |min or max - median| / median
}  // namespace

void mark_unstable(RunReport& report) {
  for (auto& cell : report.cells) {
    const Summary& t = cell.time;
    cell.unstable = false;
    if (cell.status != CellStatus::ok || t.count < 2 || t.median <= 0) continue;
    const double outlier = std::max(t.max - t.median, t.median - t.min) / t.median;
    cell.unstable = t.cv > kMaxCv || outlier > kMaxOutlier;
  }
}

}  // namespace concur
