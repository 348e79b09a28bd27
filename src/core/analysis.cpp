// Per-cell estimates with intervals (speedups as ratios of medians with
// bootstrap intervals, Kalibera & Jones; cores used and work inflation from
// CPU time; shares from the mechanism), cells whose median is less precise
// than asked, and the warnings a reader needs before betting on the numbers,
// each with what to do about it, as data.
#include "core/analysis.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "core/statistics.hpp"

namespace concur {

const char* to_string(SubjectKind kind) {
  switch (kind) {
    case SubjectKind::run: return "run";
    case SubjectKind::machine: return "machine";
    case SubjectKind::workload: return "workload";
    case SubjectKind::cell: return "cell";
  }
  return "?";
}

const char* to_string(AdviceKind kind) {
  switch (kind) {
    case AdviceKind::rerun_idle: return "rerun_idle";
    case AdviceKind::close_other_programs: return "close_other_programs";
    case AdviceKind::governor_performance: return "governor_performance";
    case AdviceKind::quota_caps_speedup: return "quota_caps_speedup";
    case AdviceKind::keep_warmup: return "keep_warmup";
    case AdviceKind::no_gain_beyond_cpus: return "no_gain_beyond_cpus";
    case AdviceKind::repeat: return "repeat";
    case AdviceKind::more_time_or_quieter: return "more_time_or_quieter";
    case AdviceKind::more_repetitions: return "more_repetitions";
    case AdviceKind::run_to_completion: return "run_to_completion";
  }
  return "?";
}

bool Ranking::contains_winner(std::size_t cell) const {
  return std::find(winners.begin(), winners.end(), cell) != winners.end();
}

const Ranking* Analysis::ranking_of(const std::string& workload) const {
  for (const Ranking& r : rankings)
    if (r.workload == workload && !r.workers) return &r;
  return nullptr;
}

std::vector<double> cpu_per_repetition(const CellResult& cell) {
  if (cell.mechanism.empty()) return cell.cpu_seconds;
  std::vector<double> cpu;
  for (const MechanismSample& m : cell.mechanism) cpu.push_back(m.cpu_seconds);
  return cpu;
}

std::optional<double> others_cpu_share(const std::vector<const CellResult*>& cells, unsigned cpus) {
  double busy = 0, ours = 0, capacity = 0;
  for (const CellResult* cell : cells) {
    if (cell->mechanism.empty() || cell->mechanism.size() != cell->real_seconds.size() || cpus == 0)
      return std::nullopt;
    for (std::size_t i = 0; i < cell->mechanism.size(); ++i) {
      const MechanismSample& m = cell->mechanism[i];
      // Without all of our own CPU (ranks that sent none) ours would pass for others'.
      if (!m.machine_busy_seconds || m.workers_not_counted) return std::nullopt;
      busy += *m.machine_busy_seconds;
      ours += m.cpu_seconds;
      capacity += cell->real_seconds[i] * cpus;
    }
  }
  // Each repetition's busy time is off by up to a tick either way; below a
  // second of the machine's CPU time the sum is mostly that.
  if (capacity < kMinMachineSeconds) return std::nullopt;
  return std::clamp((busy - ours) / capacity, 0.0, 1.0);
}

namespace {

// A median with its order-statistics interval, as an Estimate.
Estimate median_estimate(const std::vector<double>& samples) {
  const Summary s = summarize(samples);
  return {s.median, s.median_ci, s.count >= 2};
}

bool all_positive(const std::vector<double>& xs) {
  return !xs.empty() && std::all_of(xs.begin(), xs.end(), [](double x) { return x > 0; });
}

// The median over repetitions of `share(sample, wall)`, when every
// repetition has what it needs (the function returns nullopt otherwise).
template <typename Share>
std::optional<double> mechanism_median(const CellResult& cell, Share share) {
  if (cell.mechanism.empty() || cell.mechanism.size() != cell.real_seconds.size()) return std::nullopt;
  std::vector<double> values;
  for (std::size_t i = 0; i < cell.mechanism.size(); ++i) {
    if (cell.real_seconds[i] <= 0) return std::nullopt;
    const std::optional<double> v = share(cell.mechanism[i], cell.real_seconds[i]);
    if (!v) return std::nullopt;
    values.push_back(*v);
  }
  return stats::median(values);
}

CellAnalysis analyse_cell(const RunReport& report, const CellResult& cell, const CellResult* base) {
  CellAnalysis a;
  if (!cell.timed()) return a;
  a.time = Estimate{cell.time.median, cell.time.median_ci, cell.time.count >= 2};
  a.imprecise = cell.time.count < 2 ||
                cell.time.median_ci.relative_half_width(cell.time.median) > report.sampling.precision;
  const std::uint64_t seed = stats::name_seed(report.sampling.seed, cell.name);
  if (base && cell.time.median > 0) {
    if (&cell == base) a.speedup = Estimate{1, {1, 1}};  // by definition, not by resampling itself
    else  // no interval when a side has one repetition (ratio_of_medians says so)
      a.speedup = stats::ratio_of_medians(base->real_seconds, cell.real_seconds, seed);
    if (cell.has_efficiency && cell.workers > 0) {
      const double w = cell.workers;
      a.efficiency = Estimate{a.speedup->value / w, {a.speedup->ci.low / w, a.speedup->ci.high / w},
                              a.speedup->has_interval};
    }
  }
  const std::vector<double> cpu = cpu_per_repetition(cell);
  // Workers whose CPU never reached this process (mpi ranks that sent no
  // usage): cores used and work inflation are not measured, rather than low.
  const bool cpu_incomplete = std::any_of(cell.mechanism.begin(), cell.mechanism.end(),
                                          [](const MechanismSample& m) { return m.workers_not_counted; });
  if (!cpu_incomplete && cpu.size() == cell.real_seconds.size() && all_positive(cpu) &&
      all_positive(cell.real_seconds)) {
    std::vector<double> cores;
    for (std::size_t i = 0; i < cpu.size(); ++i) cores.push_back(cpu[i] / cell.real_seconds[i]);
    a.cores_used = median_estimate(cores);
    if (base && &cell == base) {
      a.work_inflation = Estimate{1, {1, 1}};
    } else if (base) {
      const std::vector<double> base_cpu = cpu_per_repetition(*base);
      if (all_positive(base_cpu))  // a seed of its own: not the speedup's draw again
        a.work_inflation = stats::ratio_of_medians(cpu, base_cpu, stats::name_seed(seed, "cpu"));
    }
  }
  a.run_delay_share = mechanism_median(cell, [](const MechanismSample& m, double) -> std::optional<double> {
    if (!m.run_delay_seconds) return std::nullopt;
    const double wanted = m.cpu_seconds + *m.run_delay_seconds;
    return wanted > 0 ? *m.run_delay_seconds / wanted : 0.0;
  });
  a.cores_wanted = mechanism_median(cell, [](const MechanismSample& m, double wall) -> std::optional<double> {
    if (!m.run_delay_seconds) return std::nullopt;
    return (m.cpu_seconds + *m.run_delay_seconds) / wall;
  });
  a.others_cpu_share = others_cpu_share({&cell}, report.context.state.usable_cpus());
  a.voluntary_switches_per_second = mechanism_median(
      cell, [](const MechanismSample& m, double wall) -> std::optional<double> {
        return static_cast<double>(m.voluntary_switches) / wall;
      });
  a.involuntary_switches_per_second = mechanism_median(
      cell, [](const MechanismSample& m, double wall) -> std::optional<double> {
        return static_cast<double>(m.involuntary_switches) / wall;
      });
  const double workers = std::max(1u, cell.workers);
  a.lock_wait_share = mechanism_median(cell, [workers](const MechanismSample& m, double wall) -> std::optional<double> {
    if (!m.lock_wait_seconds) return std::nullopt;
    return *m.lock_wait_seconds / (wall * workers);
  });
  a.io_wait_ratio = mechanism_median(cell, [](const MechanismSample& m, double) -> std::optional<double> {
    if (!m.io_wait_seconds) return std::nullopt;
    const double total = *m.io_wait_seconds + m.cpu_seconds;
    return total > 0 ? *m.io_wait_seconds / total : 0.0;
  });
  return a;
}

std::string names_of(const std::vector<const CellResult*>& cells, std::size_t most = 3) {
  std::string out;
  for (std::size_t i = 0; i < cells.size() && i < most; ++i)
    out += (i ? ", " : "") + cells[i]->name;
  if (cells.size() > most) out += fmt::format(" and {} more", cells.size() - most);
  return out;
}

const WarningSubject kRun{SubjectKind::run, "", std::nullopt};
const WarningSubject kMachine{SubjectKind::machine, "", std::nullopt};

void warn_about_machine(const RunReport& report, std::vector<Warning>& w) {
  const MachineState& state = report.context.state;
  const unsigned cpus = state.usable_cpus();
  if (state.load_average[0] > cpus)
    w.push_back({WarningKind::load_high, kMachine,
                 fmt::format("load average {:.2f} at the start, above the {} usable CPUs",
                             state.load_average[0], cpus),
                 {AdviceKind::close_other_programs}});
  if (!state.governor.empty() && state.governor != "performance")
    w.push_back({WarningKind::governor, kMachine,
                 fmt::format("CPU frequency governor is '{}', not 'performance'", state.governor),
                 {AdviceKind::governor_performance}});
  const unsigned logical = std::max(1u, report.context.machine.logical_cpus);
  if (state.cpu_quota && *state.cpu_quota < logical)
    w.push_back({WarningKind::cpu_quota, kMachine,
                 fmt::format("a cgroup CPU quota allows {:.2f} CPUs of the {} present",
                             *state.cpu_quota, logical),
                 {AdviceKind::quota_caps_speedup}});
  if (report.sampling.warmup_runs == 0 && report.sampling.warmup_seconds <= 0)
    w.push_back({WarningKind::no_warmup, kRun, "no warm-up run: the first repetition pays for "
                 "cold caches, page faults and lazy initialisation",
                 {AdviceKind::keep_warmup}});
}

void warn_about_cells(const RunReport& report, std::vector<Warning>& w) {
  const unsigned cpus = report.context.state.usable_cpus();
  std::vector<const CellResult*> single, imprecise, oversubscribed;
  for (std::size_t i = 0; i < report.cells.size(); ++i) {
    const CellResult& c = report.cells[i];
    const CellAnalysis& a = report.analysis.cells[i];
    if (!c.timed()) continue;
    if (c.time.count == 1) single.push_back(&c);
    else if (a.imprecise) imprecise.push_back(&c);
    if (c.cpu_bound && c.has_efficiency && c.workers > cpus) oversubscribed.push_back(&c);
    if (!a.speedup || !c.cpu_bound || !c.has_efficiency) continue;
    const WarningSubject subject{SubjectKind::cell, c.name, i};
    const double low = a.speedup->ci.low;
    if (low > c.workers * (1 + kSpeedupTolerance))
      w.push_back({WarningKind::speedup_above_workers, subject,
                   fmt::format("{:.2f}x with {} worker{} (efficiency {:.0f}%): more than the workers "
                               "can give",
                               a.speedup->value, c.workers, c.workers == 1 ? "" : "s",
                               a.speedup->value / c.workers * 100),
                   {AdviceKind::rerun_idle}});
    else if (low > cpus * (1 + kSpeedupTolerance))
      w.push_back({WarningKind::speedup_above_cpus, subject,
                   fmt::format("{:.2f}x on {} usable CPU{}: more than the cores can give",
                               a.speedup->value, cpus, cpus == 1 ? "" : "s"),
                   {AdviceKind::rerun_idle}});
  }
  if (!oversubscribed.empty())
    w.push_back({WarningKind::workers_above_cpus, kRun,
                 fmt::format("{} CPU-bound cell{} ran more workers than the {} usable CPUs ({})",
                             oversubscribed.size(), oversubscribed.size() == 1 ? "" : "s", cpus,
                             names_of(oversubscribed)),
                 {AdviceKind::no_gain_beyond_cpus, cpus}});
  if (!single.empty())
    w.push_back({WarningKind::single_repetition, kRun,
                 fmt::format("{} cell{} timed once ({}): no interval, no outlier check",
                             single.size(), single.size() == 1 ? "" : "s", names_of(single)),
                 {AdviceKind::repeat}});
  if (!imprecise.empty())
    w.push_back({WarningKind::imprecise, kRun,
                 fmt::format("{} cell{} did not reach ±{:g}% on the median ({})", imprecise.size(),
                             imprecise.size() == 1 ? "" : "s", report.sampling.precision * 100,
                             names_of(imprecise)),
                 {AdviceKind::more_time_or_quieter}});
}

// Two models of one workload whose medians differ by more than the precision
// asked, but whose intervals overlap: the run cannot tell which is faster.
// One warning for the run, naming the first pairs.
void warn_about_indistinct(const RunReport& report, std::vector<Warning>& w) {
  std::map<std::pair<std::string, unsigned>, std::vector<std::size_t>> groups;
  for (std::size_t i = 0; i < report.cells.size(); ++i)
    if (report.analysis.cells[i].speedup && !report.cells[i].is_baseline)
      groups[{report.cells[i].workload, report.cells[i].workers}].push_back(i);
  const double precision = report.sampling.precision;
  std::vector<std::string> pairs;
  for (const auto& [key, cells] : groups)
    for (std::size_t i = 0; i < cells.size(); ++i)
      for (std::size_t j = i + 1; j < cells.size(); ++j) {
        const Estimate& a = *report.analysis.cells[cells[i]].speedup;
        const Estimate& b = *report.analysis.cells[cells[j]].speedup;
        const bool overlap = a.ci.low <= b.ci.high && b.ci.low <= a.ci.high;
        // How far apart, the same whichever is listed first.
        const double apart = std::max(a.value, b.value) / std::min(a.value, b.value) - 1;
        if (!overlap || apart <= 2 * precision) continue;
        const CellResult& first = report.cells[cells[i]];
        pairs.push_back(fmt::format("{} {} {:.2f}x [{:.2f}, {:.2f}] vs {} {:.2f}x [{:.2f}, {:.2f}]",
                                    first.workload, first.model, a.value, a.ci.low, a.ci.high,
                                    report.cells[cells[j]].model, b.value, b.ci.low, b.ci.high));
      }
  if (pairs.empty()) return;
  std::string listed;
  for (std::size_t i = 0; i < pairs.size() && i < 3; ++i) listed += (i ? "; " : "") + pairs[i];
  if (pairs.size() > 3) listed += fmt::format("; and {} more", pairs.size() - 3);
  w.push_back(
      {WarningKind::indistinct, kRun,
       fmt::format("{} pair{} of models differ by more than ±{:g}% but their intervals overlap, so "
                   "the run cannot tell which is faster: {}",
                   pairs.size(), pairs.size() == 1 ? "" : "s", 2 * precision * 100, listed),
       {AdviceKind::more_repetitions}});
}

}  // namespace

std::vector<CellAnalysis> analyse_cells(const RunReport& report) {
  std::map<std::string, const CellResult*> baseline;
  for (const auto& cell : report.cells)
    if (cell.is_baseline && cell.timed()) baseline.emplace(cell.workload, &cell);
  std::vector<CellAnalysis> cells;
  for (const auto& cell : report.cells) {
    auto base = baseline.find(cell.workload);
    cells.push_back(analyse_cell(report, cell, base == baseline.end() ? nullptr : base->second));
  }
  return cells;
}

std::vector<Warning> collect_warnings(const RunReport& report) {
  std::vector<Warning> w;
  if (report.interrupted)
    w.push_back({WarningKind::interrupted, kRun,
                 "interrupted: only the cells and repetitions finished before Ctrl-C are shown",
                 {AdviceKind::run_to_completion}});
  warn_about_machine(report, w);
  warn_about_cells(report, w);
  warn_about_indistinct(report, w);
  return w;
}

void analyse(RunReport& report) {
  Analysis& a = report.analysis;
  a = Analysis{};
  a.cells = analyse_cells(report);
  a.warnings = collect_warnings(report);
  a.scaling = analyse_scaling(report);
  a.rankings = rank_models(report);
  a.explanations = explain(report);
  a.verdicts = judge_workloads(report);
}

}  // namespace concur
