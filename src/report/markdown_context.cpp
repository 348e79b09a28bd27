#include "report/markdown_context.hpp"

#include <iterator>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "report/spawn_cost_note.hpp"
#include "report/text_layout.hpp"

namespace concur::report {

std::string render_markdown_context(const RunReport& report) {
  const RunContext& run = report.context;
  const MachineInfo& m = run.machine;
  const SamplingSettings& s = report.sampling;
  const std::string repetitions = s.fixed_repetitions
                                      ? fmt::format("{} per cell", *s.fixed_repetitions)
                                      : fmt::format("adaptive, {} to {}, until the median is within ±{:g}%",
                                                    s.min_repetitions, s.max_repetitions, s.precision * 100);
  const std::pair<const char*, std::string> rows[] = {
      {"machine", fmt::format("{} ({})", m.cpu_model, m.host_name)},
      {"cores", fmt::format("{} logical, {} physical; {} usable", m.logical_cpus, m.physical_cores,
                            run.state.usable_cpus())},
      {"load at start", fmt::format("{:.2f} {:.2f} {:.2f}", run.state.load_average[0], run.state.load_average[1],
                                    run.state.load_average[2])},
      {"os", m.os},
      {"date", run.date},
      {"version", fmt::format("concur-bench {}, {} build, {}", run.version, m.build_type, m.compiler)},
      {"command line", markdown_code(run.command_line)},
      {"seed", std::to_string(s.seed)},
      {"repetitions", repetitions},
      {"wall time", fmt::format("{:.1f} s{}", run.wall_seconds, report.interrupted ? " (interrupted)" : "")},
      {"analysis", fmt::format("{:.3f} s", run.analysis_seconds)},
  };
  std::vector<std::pair<const char*, std::string>> all(std::begin(rows), std::end(rows));
  if (run.spawn_cost) all.emplace_back("thread start-up", spawn_cost_context(*run.spawn_cost));
  std::string out = "## Context\n\n| | |\n| :--- | :--- |\n";
  for (const auto& [label, value] : all) {
    out += fmt::format("| {} | {} |\n", label, markdown_cell(value));
  }
  return out + "\n## Results\n\n";
}

}  // namespace concur::report
