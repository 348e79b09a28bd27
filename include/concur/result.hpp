// The results model: one record per matrix cell, read by every renderer.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace concur {

// A workload-specific figure beside time and throughput (pipeline: latency
// from reading to alert). In a CellResult: the median over repetitions.
struct Figure {
  std::string name;  // "latency_p99"
  std::string unit;  // "s"
  double value = 0;
};

enum class CellStatus { ok, failed, skipped, not_applicable };
const char* to_string(CellStatus);

// Statistics of one cell's repetitions, computed once (core/statistics).
struct Summary {
  std::size_t count = 0;
  double median = 0, mean = 0, min = 0, max = 0, stddev = 0;
  double cv = 0;  // stddev / mean
};
Summary summarize(std::vector<double> samples);

struct CellResult {
  std::string name;  // Google Benchmark name: "primes/threads/workers:2"
  std::string workload;
  std::string group;  // "math" or "io"
  std::string model;
  unsigned workers = 1;
  std::string workers_label;  // what the workers column shows ("2", "80x256")
  CellStatus status = CellStatus::ok;
  std::string reason;  // failure or skip reason
  bool verified = false;

  std::vector<double> real_seconds;  // one per repetition, wall clock
  std::vector<double> cpu_seconds;   // one per repetition, self + children
  Summary time;                      // of real_seconds
  double cpu_median = 0;
  std::optional<double> kernel_seconds;  // cuda: kernel-only median
  double max_rss_kb = 0;                 // peak resident set during the cell
  std::vector<Figure> figures;           // the workload's own, medians
  std::uint64_t items = 0;
  std::string item_unit;

  std::optional<double> speedup;     // vs the sequential cell of the workload
  std::optional<double> efficiency;  // speedup / workers, where meaningful
  bool has_efficiency = true;
  // Repetitions too spread out to trust the median (see mark_unstable).
  bool unstable = false;
  std::optional<double> throughput() const {
    if (status != CellStatus::ok || time.median <= 0) return std::nullopt;
    return static_cast<double>(items) / time.median;
  }
};

struct RunReport {
  std::vector<CellResult> cells;
  // Exit status the run deserves: 0 all verified, 1 a cell failed.
  int exit_code() const;
};

// Fills speedup and efficiency from the sequential cell of each workload.
void compute_speedups(RunReport&);

// Flags cells whose repetitions disagree, as pyperf does: CV above 10%, or
// min or max further than half the median from it (core/stability).
void mark_unstable(RunReport&);

}  // namespace concur
