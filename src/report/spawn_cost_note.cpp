#include "report/spawn_cost_note.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "concur/registry.hpp"
#include "report/columns.hpp"
#include "report/text_layout.hpp"

namespace concur::report {
namespace {

// The first timed cell's model that has the trait, or "" when none ran.
std::string timed_model_with(const RunReport& report, bool ModelInfo::*trait) {
  for (const CellResult& c : report.cells) {
    const ModelInfo* info = registered_model_info(c.model);
    if (info && info->*trait && c.timed()) return c.model;
  }
  return "";
}

}  // namespace

std::string spawn_cost_note(const RunReport& report, std::size_t width) {
  const auto& cost = report.context.spawn_cost;
  if (!cost) return "";
  const std::string spawning = timed_model_with(report, &ModelInfo::spawns_threads_per_run);
  const std::string keeping = timed_model_with(report, &ModelInfo::keeps_threads_between_runs);
  if (spawning.empty() || keeping.empty()) return "";
  const std::string first = fmt::format("{} pay ~{} per run to start and join {} thread{};", spawning,
                                        format_duration(cost->thread_spawn_seconds), cost->threads,
                                        cost->threads == 1 ? "" : "s");
  const std::string second = fmt::format("{} wakes its parked threads in ~{}", keeping,
                                         format_duration(cost->pool_wake_seconds));
  const std::string line = first + " " + second;
  // Too wide: the pool's half on a line of its own, each half wrapped if need be.
  if (width == 0 || display_width(line) <= width) return line + "\n";
  return wrap_hanging(first + "\n" + second, width, "", 2);
}

std::string spawn_cost_context(const SpawnCost& cost) {
  return fmt::format("start and join {} std::threads {}; wake {} parked pool threads {} "
                     "(no work, medians of {}, measured once before the cells)",
                     cost.threads, format_duration(cost.thread_spawn_seconds), cost.threads,
                     format_duration(cost.pool_wake_seconds), cost.repetitions);
}

}  // namespace concur::report
