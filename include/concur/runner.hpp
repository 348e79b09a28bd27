// The matrix runner: workload x model x workers. Plan -> measure (Google
// Benchmark supplies the timings) -> analyse; renderers take it from there.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "concur/options.hpp"
#include "concur/result.hpp"

namespace concur {

struct Plan {
  std::vector<std::string> workloads;  // registry names, in order
  std::vector<std::string> models;     // registry names, in order
  std::vector<unsigned> workers;       // empty: each workload's default
  SamplingSettings sampling;
  // Regular expression on cell names ("primes/threads/workers:2"); a leading
  // '-' keeps the cells that do not match (Google Benchmark's
  // --benchmark_filter). Empty: every cell.
  std::string filter;
  std::string command_line;  // recorded in the report's context
  Options options;
};

// What the runner is doing, for a progress display.
struct ProgressEvent {
  enum class Stage { warming_up, measuring, finished };
  Stage stage;
  const CellResult& cell;
  std::size_t repetitions = 0;  // of this cell, done so far
  std::size_t cells_finished = 0, cells_total = 0;
  double elapsed_seconds = 0;  // since the run started
};

struct RunObserver {
  std::function<void(const ProgressEvent&)> progress;
};

// Validates the plan (UsageError on bad names, ranges or a filter that
// matches nothing), warms every cell up, then times repetitions in rounds
// until each cell's median is as precise as asked or its budget is spent.
// Cells that fail or do not verify are recorded as failed, unavailable
// models as skipped. After Ctrl-C it stops at once and returns what it has,
// with `interrupted` set: the caller still renders it.
RunReport run_matrix(const Plan& plan, const RunObserver& observer = {});

// Throws UsageError naming the flag when a setting is out of range.
void check_sampling(const SamplingSettings& sampling);

}  // namespace concur
