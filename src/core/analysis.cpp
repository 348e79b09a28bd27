// Speedups as ratios of medians with bootstrap intervals (Kalibera & Jones),
// cells whose median is less precise than asked, and the warnings a reader
// needs before betting on the numbers, each with what to do about it.
#include "core/analysis.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "core/statistics.hpp"

namespace concur {
namespace {

// A stable per-cell seed (FNV-1a of the name), so one cell's interval does
// not change when another cell is added to the run.
std::uint64_t cell_seed(std::uint64_t seed, const std::string& name) {
  std::uint64_t hash = 1469598103934665603ull ^ seed;
  for (unsigned char c : name) hash = (hash ^ c) * 1099511628211ull;
  return hash;
}

std::string names_of(const std::vector<const CellResult*>& cells, std::size_t most = 3) {
  std::string out;
  for (std::size_t i = 0; i < cells.size() && i < most; ++i)
    out += (i ? ", " : "") + cells[i]->name;
  if (cells.size() > most) out += fmt::format(" and {} more", cells.size() - most);
  return out;
}

void warn_about_machine(RunReport& report) {
  const MachineState& state = report.context.state;
  const unsigned cpus = state.usable_cpus();
  auto& w = report.warnings;
  if (state.load_average[0] > cpus)
    w.push_back({WarningKind::load_high, "machine",
                 fmt::format("load average {:.2f} at the start, above the {} usable CPUs",
                             state.load_average[0], cpus),
                 "other programs compete for the CPUs: close them or rerun when the machine is "
                 "idle (`uptime` shows the load)"});
  if (!state.governor.empty() && state.governor != "performance")
    w.push_back({WarningKind::governor, "machine",
                 fmt::format("CPU frequency governor is '{}', not 'performance'", state.governor),
                 "the clock may change during the run; for stable numbers: "
                 "`cpupower frequency-set -g performance` (as root)"});
  const unsigned logical = std::max(1u, report.context.machine.logical_cpus);
  if (state.cpu_quota && *state.cpu_quota < logical)
    w.push_back({WarningKind::cpu_quota, "machine",
                 fmt::format("a cgroup CPU quota allows {:.2f} CPUs of the {} present",
                             *state.cpu_quota, logical),
                 "parallel models cannot use more than the quota; speedups are relative to it"});
  if (report.sampling.warmup_runs == 0 && report.sampling.warmup_seconds <= 0)
    w.push_back({WarningKind::no_warmup, "run", "no warm-up run: the first repetition pays for "
                 "cold caches, page faults and lazy initialisation",
                 "drop --warmup 0"});
}

void warn_about_cells(RunReport& report) {
  const unsigned cpus = report.context.state.usable_cpus();
  std::vector<const CellResult*> single, imprecise, oversubscribed;
  for (const CellResult& c : report.cells) {
    if (!c.timed()) continue;
    if (c.time.count == 1) single.push_back(&c);
    else if (c.imprecise) imprecise.push_back(&c);
    if (c.cpu_bound && c.has_efficiency && c.workers > cpus) oversubscribed.push_back(&c);
    if (!c.speedup || !c.cpu_bound || !c.has_efficiency) continue;
    const double low = c.speedup->ci.low;
    if (low > c.workers * (1 + kSpeedupTolerance))
      report.warnings.push_back(
          {WarningKind::speedup_above_workers, c.name,
           fmt::format("{:.2f}x with {} worker{} (efficiency {:.0f}%): more than the workers "
                       "can give",
                       c.speedup->value, c.workers, c.workers == 1 ? "" : "s",
                       c.speedup->value / c.workers * 100),
           "the baseline was slowed by something else while it ran: rerun on an idle machine"});
    else if (low > cpus * (1 + kSpeedupTolerance))
      report.warnings.push_back(
          {WarningKind::speedup_above_cpus, c.name,
           fmt::format("{:.2f}x on {} usable CPU{}: more than the cores can give",
                       c.speedup->value, cpus, cpus == 1 ? "" : "s"),
           "the baseline was slowed by something else while it ran: rerun on an idle machine"});
  }
  auto& w = report.warnings;
  if (!oversubscribed.empty())
    w.push_back({WarningKind::workers_above_cpus, "run",
                 fmt::format("{} CPU-bound cell{} ran more workers than the {} usable CPUs ({})",
                             oversubscribed.size(), oversubscribed.size() == 1 ? "" : "s", cpus,
                             names_of(oversubscribed)),
                 fmt::format("workers beyond {} share cores: expect no further speedup", cpus)});
  if (!single.empty())
    w.push_back({WarningKind::single_repetition, "run",
                 fmt::format("{} cell{} timed once ({}): no interval, no outlier check",
                             single.size(), single.size() == 1 ? "" : "s", names_of(single)),
                 "drop --quick or --repetitions 1 to let the run repeat until precise"});
  if (!imprecise.empty())
    w.push_back({WarningKind::imprecise, "run",
                 fmt::format("{} cell{} did not reach ±{:g}% on the median ({})", imprecise.size(),
                             imprecise.size() == 1 ? "" : "s", report.sampling.precision * 100,
                             names_of(imprecise)),
                 "raise --max-time or --max-repetitions, or rerun on an idle machine"});
}

// Two models of one workload whose medians differ by more than the precision
// asked, but whose intervals overlap: the run cannot tell which is faster.
// One warning for the run, naming the first pairs.
void warn_about_indistinct(RunReport& report) {
  std::map<std::pair<std::string, unsigned>, std::vector<const CellResult*>> groups;
  for (const CellResult& c : report.cells)
    if (c.speedup && !c.is_baseline) groups[{c.workload, c.workers}].push_back(&c);
  const double precision = report.sampling.precision;
  std::vector<std::string> pairs;
  for (const auto& [key, cells] : groups)
    for (std::size_t i = 0; i < cells.size(); ++i)
      for (std::size_t j = i + 1; j < cells.size(); ++j) {
        const Estimate& a = *cells[i]->speedup;
        const Estimate& b = *cells[j]->speedup;
        const bool overlap = a.ci.low <= b.ci.high && b.ci.low <= a.ci.high;
        const double apart = std::abs(a.value / b.value - 1);
        if (!overlap || apart <= 2 * precision) continue;
        pairs.push_back(fmt::format("{} {} {:.2f}x [{:.2f}, {:.2f}] vs {} {:.2f}x [{:.2f}, {:.2f}]",
                                    cells[i]->workload, cells[i]->model, a.value, a.ci.low,
                                    a.ci.high, cells[j]->model, b.value, b.ci.low, b.ci.high));
      }
  if (pairs.empty()) return;
  std::string listed;
  for (std::size_t i = 0; i < pairs.size() && i < 3; ++i) listed += (i ? "; " : "") + pairs[i];
  if (pairs.size() > 3) listed += fmt::format("; and {} more", pairs.size() - 3);
  report.warnings.push_back(
      {WarningKind::indistinct, "run",
       fmt::format("{} pair{} of models differ by more than ±{:g}% but their intervals overlap, so "
                   "the run cannot tell which is faster: {}",
                   pairs.size(), pairs.size() == 1 ? "" : "s", 2 * precision * 100, listed),
       "more repetitions (--max-time, --max-repetitions) or a quieter machine"});
}

}  // namespace

void compute_speedups(RunReport& report) {
  std::map<std::string, const CellResult*> baseline;
  for (const auto& cell : report.cells)
    if (cell.is_baseline && cell.timed()) baseline.emplace(cell.workload, &cell);
  for (auto& cell : report.cells) {
    cell.speedup.reset();
    cell.efficiency.reset();
    auto base = baseline.find(cell.workload);
    if (!cell.timed() || base == baseline.end() || cell.time.median <= 0) continue;
    if (&cell == base->second) {
      cell.speedup = Estimate{1, {1, 1}};  // by definition, not by resampling itself
    } else {  // no interval when a side has one repetition (ratio_of_medians says so)
      cell.speedup = stats::ratio_of_medians(base->second->real_seconds, cell.real_seconds,
                                             cell_seed(report.sampling.seed, cell.name));
    }
    if (cell.has_efficiency && cell.workers > 0) {
      const double w = cell.workers;
      cell.efficiency = Estimate{cell.speedup->value / w,
                                 {cell.speedup->ci.low / w, cell.speedup->ci.high / w},
                                 cell.speedup->has_interval};
    }
  }
}

void mark_imprecise(RunReport& report) {
  for (auto& cell : report.cells)
    cell.imprecise = cell.timed() && (cell.time.count < 2 ||
                                      cell.time.median_ci.relative_half_width(cell.time.median) >
                                          report.sampling.precision);
}

void collect_warnings(RunReport& report) {
  report.warnings.clear();
  if (report.interrupted)
    report.warnings.push_back({WarningKind::interrupted, "run",
                               "interrupted: only the cells and repetitions finished before "
                               "Ctrl-C are shown",
                               "run again to completion for the full table"});
  warn_about_machine(report);
  warn_about_cells(report);
  warn_about_indistinct(report);
}

void analyse(RunReport& report) {
  compute_speedups(report);
  mark_imprecise(report);
  collect_warnings(report);
}

}  // namespace concur
