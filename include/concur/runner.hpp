// The matrix runner: workload x model x workers, timed by Google Benchmark.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "concur/options.hpp"
#include "concur/result.hpp"

namespace concur {

struct Plan {
  std::vector<std::string> workloads;  // registry names, in order
  std::vector<std::string> models;     // registry names, in order
  std::vector<unsigned> workers;       // empty: each workload's default
  unsigned repetitions = 3;
  std::optional<double> min_time;  // seconds per repetition; default 1 run
  Options options;
};

// Told about each cell as it starts and ends (progress display, tests).
struct RunObserver {
  std::function<void(const CellResult&, std::size_t index, std::size_t total)>
      cell_started;
  std::function<void(const CellResult&, std::size_t index, std::size_t total)>
      cell_finished;
};

// Runs every cell of the plan. Cells that fail or do not verify are recorded
// as failed; unavailable models as skipped. Throws UsageError on bad names.
RunReport run_matrix(const Plan& plan, const RunObserver& observer = {});

}  // namespace concur
