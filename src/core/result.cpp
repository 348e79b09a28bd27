#include "concur/result.hpp"

#include <map>

namespace concur {

const char* to_string(CellStatus status) {
  switch (status) {
    case CellStatus::ok: return "ok";
    case CellStatus::failed: return "failed";
    case CellStatus::skipped: return "skipped";
    case CellStatus::not_applicable: return "n/a";
  }
  return "?";
}

int RunReport::exit_code() const {
  for (const auto& cell : cells)
    if (cell.status == CellStatus::failed) return 1;
  return 0;
}

void compute_speedups(RunReport& report) {
  std::map<std::string, double> sequential_median;
  for (const auto& cell : report.cells)
    if (cell.model == "sequential" && cell.status == CellStatus::ok)
      sequential_median[cell.workload] = cell.time.median;
  for (auto& cell : report.cells) {
    cell.speedup.reset();
    cell.efficiency.reset();
    auto base = sequential_median.find(cell.workload);
    if (cell.status != CellStatus::ok || base == sequential_median.end() ||
        cell.time.median <= 0)
      continue;
    cell.speedup = base->second / cell.time.median;
    if (cell.has_efficiency && cell.workers > 0)
      cell.efficiency = *cell.speedup / cell.workers;
  }
}

}  // namespace concur
