// Flags shared by the commands that run the matrix (all, math, download),
// and the code that turns them into a Plan, runs it and prints the report.
#pragma once

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

#include "concur/runner.hpp"

namespace concur::cli {

// Which workload-specific flags a command offers.
enum class FlagSet { math = 1, download = 2, all = 3 };

struct RunFlags {
  std::string models;     // comma list; empty: every model
  std::string workloads;  // comma list; empty: the command's default set
  std::string workers;    // "4", "1,2,4", "1..16", "1..64:x2"; empty: defaults
  unsigned repetitions = 3;
  std::optional<double> min_time;
  std::string format = "table";
  std::string output;
  std::string plot;    // --plot FILE.svg: speedup chart
  bool quiet = false;  // no progress line on stderr
  Options options;
};

void add_run_flags(CLI::App& command, RunFlags& flags, FlagSet set);

// Builds the plan (every workload of `group` when --workloads is absent;
// every name must be in `group` unless it is empty: all), runs it, prints or
// writes the report. Returns the exit code.
int run_and_report(const RunFlags& flags, std::string_view group);

// "a,b,c" -> {"a","b","c"}; rejects empty items. Throws UsageError.
std::vector<std::string> split_list(const std::string& text, std::string_view flag);
// "4" | "1,2,4" | "1..16" | "1..64:x2" -> worker counts. Throws UsageError.
std::vector<unsigned> parse_worker_list(const std::string& text);

}  // namespace concur::cli
