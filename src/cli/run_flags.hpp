// Flags shared by the commands that run the matrix (all, math, download),
// and the code that turns them into a Plan, runs it and prints the report.
#pragma once

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

#include "concur/report.hpp"
#include "concur/runner.hpp"
#include "concur/workload_traits.hpp"

namespace concur::cli {

// The workloads a command runs and accepts: one group (math: Bound::cpu,
// download: Bound::io) or, empty, every workload (all). The command offers
// exactly the flags of those workloads.
using RunScope = std::optional<Bound>;

struct RunFlags {
  std::string models;     // comma list; empty: every model
  std::string workloads;  // comma list; empty: the command's default set
  std::string workers;    // "4", "1,2,4", "1..16", "1..64:x2"; empty: defaults
  std::optional<unsigned> repetitions;  // exactly this many; else adaptive
  std::string precision = "2%";
  SamplingSettings sampling;  // the rest of the sampling flags
  std::string format = "table";
  std::string output;
  std::string plot;    // --plot FILE.svg: speedup chart
  bool quiet = false;  // no progress line on stderr
  std::string color = "auto";  // --color auto|always|never
  Options options;
  // Each plug-in's own flags, with the model or workload that owns them:
  // given for a run without that plug-in, they are ignored, and said so.
  struct PluginFlag {
    std::string owner;
    bool owner_is_model = false;
    const CLI::Option* option = nullptr;
  };
  std::vector<PluginFlag> plugin_flags;
};

void add_run_flags(CLI::App& command, RunFlags& flags, RunScope scope);
// --color auto|always|never, for every command that prints in colour.
void add_color_flag(CLI::App& command, std::string& mode);

// Builds the plan (every workload of `scope` when --workloads is absent;
// every name must be in `scope`), runs it, prints or writes the report.
// Returns the exit code.
int run_and_report(const RunFlags& flags, RunScope scope);

// The --workloads placeholder of a command of `scope` ("KERNEL,..." for the
// math kernels, "WORKLOAD,..." for every workload), and back: the workload
// names that placeholder stands for, for the shell completions; nullopt for
// a placeholder that is none of these.
std::string workloads_placeholder(RunScope scope);
std::optional<std::vector<std::string>> workload_names_for(std::string_view placeholder);

// Prints `report` as the run commands do: in `format` on standard output,
// or written to `output` (atomically) with the table still on standard
// output ("-": standard output alone); the summary grid after it when
// `summary_grid` (`all`). Widths and colour from the terminal and
// `color_flag`. "svg" is the speedup chart. Shared with `show`.
void print_report(const RunReport& report, std::string_view format, const std::string& output,
                  const std::string& color_flag, bool summary_grid);
// `format` (a renderer's, or "svg") of `report`.
std::string render_report(std::string_view format, const RunReport& report, const RenderOptions& options = {});

// The sampling settings the flags ask for: --quick times once unless
// --repetitions is given. Throws UsageError on a bad --precision.
SamplingSettings sampling_settings(const RunFlags& flags);

// "5%" or "0.05" -> 0.05: a fraction, written either way. A bare number
// above 1 is refused ("did you mean 5%?"). Throws UsageError naming `flag`.
double parse_fraction(const std::string& text, std::string_view flag);

// "a,b,c" -> {"a","b","c"}; rejects empty items. Throws UsageError.
std::vector<std::string> split_list(const std::string& text, std::string_view flag);
// "4" | "1,2,4" | "1..16" | "1..64:x2" -> worker counts. Throws UsageError.
std::vector<unsigned> parse_worker_list(const std::string& text);

}  // namespace concur::cli
