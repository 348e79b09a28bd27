#include "report/spawn_cost_note.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "report/columns.hpp"
#include "report/text_layout.hpp"

namespace concur::report {
namespace {

bool timed(const RunReport& report, std::string_view model) {
  return std::any_of(report.cells.begin(), report.cells.end(),
                     [&](const CellResult& c) { return c.model == model && c.timed(); });
}

}  // namespace

std::string spawn_cost_note(const RunReport& report, std::size_t width) {
  const auto& cost = report.context.spawn_cost;
  if (!cost || !timed(report, "threads") || !timed(report, "pool")) return "";
  const std::string first = fmt::format("threads pay ~{} per run to start and join {} thread{};",
                                        format_duration(cost->thread_spawn_seconds), cost->threads,
                                        cost->threads == 1 ? "" : "s");
  const std::string second =
      fmt::format("pool wakes its parked threads in ~{}", format_duration(cost->pool_wake_seconds));
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
