// What the estimates conclude: per workload the models in tiers (the winner
// set by `compare`'s own rule), a why per model drawn from the mechanism,
// and verdicts that say when the machine was too busy for wall time to
// decide. Text is the report layer's (report/analysis_text.cpp).
#include <algorithm>
#include <map>

#include "core/analysis.hpp"
#include "core/statistics.hpp"

namespace concur {

const char* to_string(Mechanism m) {
  switch (m) {
    case Mechanism::waiting_on_io: return "waiting_on_io";
    case Mechanism::waiting_on_lock: return "waiting_on_lock";
    case Mechanism::one_core_at_a_time: return "one_core_at_a_time";
    case Mechanism::waiting_for_cpu: return "waiting_for_cpu";
    case Mechanism::work_inflated: return "work_inflated";
    case Mechanism::uses_the_cores: return "uses_the_cores";
  }
  return "?";
}

const char* to_string(Disturbed d) {
  switch (d) {
    case Disturbed::load_average: return "load_average";
    case Disturbed::run_queue_delay: return "run_queue_delay";
    case Disturbed::other_programs: return "other_programs";
    case Disturbed::median_interval: return "median_interval";
  }
  return "?";
}

const char* to_string(VerdictKind k) {
  switch (k) {
    case VerdictKind::one_core: return "one_core";
    case VerdictKind::fastest: return "fastest";
    case VerdictKind::tied: return "tied";
    case VerdictKind::too_busy: return "too_busy";
  }
  return "?";
}

namespace {

Ranking rank(const RunReport& report, const std::string& workload, std::optional<unsigned> workers,
             std::vector<std::size_t> candidates) {
  const auto median = [&](std::size_t i) { return report.cells[i].time.median; };
  std::stable_sort(candidates.begin(), candidates.end(),
                   [&](std::size_t a, std::size_t b) { return median(a) < median(b); });
  Ranking r{workload, workers, candidates.front(), {candidates.front()}, {}, {}, {}};
  const CellResult& best = report.cells[r.best];
  for (std::size_t k = 1; k < candidates.size(); ++k) {
    const CellResult& cell = report.cells[candidates[k]];
    // compare's rule, best as the base: separated only when `slower`.
    const stats::TimeComparison t = stats::compare_times(
        best.real_seconds, cell.real_seconds, stats::kSeparationThreshold,
        stats::name_seed(report.sampling.seed, cell.name + " vs " + best.name));
    // Rankable cells have medians above 0, so compare_times always gives a ratio.
    const Estimate ratio = t.ratio.value();
    if (t.change == stats::Change::slower) {
      r.others.push_back(candidates[k]);
      r.others_vs_best.push_back(ratio);
    } else {
      r.winners.push_back(candidates[k]);
      r.winners_vs_best.push_back(ratio);
    }
  }
  return r;
}

bool rankable(const CellResult& c) { return c.timed() && c.time.median > 0; }

}  // namespace

std::vector<Ranking> rank_models(const RunReport& report) {
  std::vector<std::string> workloads;
  for (const CellResult& c : report.cells)
    if (std::find(workloads.begin(), workloads.end(), c.workload) == workloads.end())
      workloads.push_back(c.workload);
  std::vector<Ranking> out, by_workers;
  for (const std::string& workload : workloads) {
    // Each model at its fastest worker count: the grid's view.
    std::map<std::string, std::size_t> fastest;
    std::vector<std::string> models;
    std::map<unsigned, std::vector<std::size_t>> at_count;
    for (std::size_t i = 0; i < report.cells.size(); ++i) {
      const CellResult& c = report.cells[i];
      if (c.workload != workload || !rankable(c)) continue;
      auto [it, inserted] = fastest.try_emplace(c.model, i);
      if (inserted) models.push_back(c.model);
      else if (c.time.median < report.cells[it->second].time.median) it->second = i;
      at_count[c.workers].push_back(i);
    }
    if (models.empty()) continue;
    std::vector<std::size_t> candidates;
    for (const auto& m : models) candidates.push_back(fastest[m]);
    out.push_back(rank(report, workload, std::nullopt, candidates));
    for (const auto& [workers, cells] : at_count)
      if (cells.size() >= 2) by_workers.push_back(rank(report, workload, workers, cells));
  }
  out.insert(out.end(), by_workers.begin(), by_workers.end());
  return out;
}

namespace {

// Whether nothing but the model held the cell to one core. Either it wanted
// no more than one: what it ran plus what it waited for a CPU (two threads
// behind two hogs run 1.0 cores and want 2.0). Or its workers wait on a
// lock, whose waiters wake each switch interval to ask for it and, behind
// hogs, queue for a CPU to do so (the GIL wanted 1.1-1.6 cores beside two
// yes hogs, mutex threads 1.8-2.0): it wanted less than kLockedWantedLimit,
// or ran no faster than the baseline's single thread measured beside it
// under the same load. Without schedstat, only a machine loaded no further
// than its CPUs can tell.
bool held_to_one_core_by_itself(const RunReport& report, const CellResult& c, const CellAnalysis& a) {
  if (a.cores_wanted && *a.cores_wanted <= kOneCoreWantedLimit) return true;
  if (a.lock_wait_share && *a.lock_wait_share > 0 && a.cores_used) {
    if (a.cores_wanted && *a.cores_wanted <= kLockedWantedLimit) return true;
    for (std::size_t i = 0; i < report.cells.size(); ++i) {
      const CellResult& base = report.cells[i];
      const auto& base_cores = report.analysis.cells[i].cores_used;
      if (base.workload == c.workload && base.is_baseline && base_cores && base_cores->value > 0)
        return a.cores_used->value <= kOneThreadsShareLimit * base_cores->value;
    }
  }
  if (a.cores_wanted) return false;
  return report.context.state.load_average[0] <= report.context.state.usable_cpus();
}

// The mechanism decides "one core at a time": two or more workers kept at
// most kOneCoreLimit cores busy (the whole interval, so more than one
// repetition) and nothing but the model held them there. Never against the
// speedup beside it: a whole interval above one (beyond the tolerance) says
// more cores ran than the CPU figures saw (workers whose usage did not
// reach this process).
bool one_core_at_a_time(const RunReport& report, const CellResult& c, const CellAnalysis& a) {
  const bool faster_than_one_core =
      a.speedup && a.speedup->has_interval && a.speedup->ci.low > 1 + kSpeedupTolerance;
  return c.cpu_bound && c.has_efficiency && c.workers >= 2 && a.cores_used && a.cores_used->has_interval &&
         a.cores_used->ci.high <= kOneCoreLimit && !faster_than_one_core &&
         held_to_one_core_by_itself(report, c, a);
}

// A cell queued for a CPU because other programs took theirs: its run-delay
// share is high and others used a share of the machine too. A cell whose
// own threads outnumber the CPUs (ten download threads, a parent beside its
// children) queues on an idle machine: that is its mechanism, not a
// disturbance. Others' CPU is the cell's own, else `around` (its workload's
// or the run's, for a cell too short to tell); where none is measured, the
// delay alone decides.
bool queued_behind_others(const CellAnalysis& a, std::optional<double> around) {
  const std::optional<double> others = a.others_cpu_share ? a.others_cpu_share : around;
  return a.run_delay_share && *a.run_delay_share >= kBusyRunDelayShare &&
         (!others || *others >= kOthersBusyShare);
}

std::optional<Explanation> explain_cell(const RunReport& report, std::size_t i) {
  const CellResult& c = report.cells[i];
  const CellAnalysis& a = report.analysis.cells[i];
  if (!a.cores_used) return std::nullopt;
  const unsigned cpus = std::max(1u, report.context.state.usable_cpus());
  Explanation e{c.workload, c.model, i, Mechanism::uses_the_cores, c.workers, cpus, *a.cores_used,
                a.voluntary_switches_per_second, a.run_delay_share, a.others_cpu_share,
                a.lock_wait_share, a.io_wait_ratio, a.work_inflation, false};
  const double cores = a.cores_used->value;
  const bool parallel = c.cpu_bound && c.has_efficiency && c.workers >= 2;
  const bool queued = a.run_delay_share && *a.run_delay_share >= kBusyRunDelayShare;
  const double expected = std::min<double>(c.workers, cpus);
  if ((a.io_wait_ratio && *a.io_wait_ratio >= kIoWaitShare) || (!c.cpu_bound && cores < 0.5))
    e.mechanism = Mechanism::waiting_on_io;
  else if (parallel && cores < 0.9 && a.lock_wait_share &&  // the cell has a lock to wait on
           (*a.lock_wait_share >= kLockWaitShare ||
            (a.voluntary_switches_per_second && *a.voluntary_switches_per_second >= kLockSwitchesPerSecond)))
    e.mechanism = Mechanism::waiting_on_lock;
  else if (one_core_at_a_time(report, c, a))
    e.mechanism = Mechanism::one_core_at_a_time;
  else if (queued)
    e.mechanism = Mechanism::waiting_for_cpu;
  else if (a.work_inflation && a.work_inflation->has_interval && a.work_inflation->ci.low > kInflationLimit)
    e.mechanism = Mechanism::work_inflated;
  else if (parallel && cores >= kBusyCoresShare * expected)
    e.mechanism = Mechanism::uses_the_cores;
  else
    return std::nullopt;
  return e;
}

}  // namespace

std::vector<Explanation> explain(const RunReport& report) {
  std::vector<Explanation> out;
  for (const Ranking& r : report.analysis.rankings) {
    if (r.workers) continue;
    if (auto e = explain_cell(report, r.best)) {
      e->for_workload = true;
      out.push_back(*e);
    }
    // Each other model at its most workers: where its mechanism shows most.
    std::map<std::string, std::size_t> widest;
    std::vector<std::string> models;
    for (std::size_t i = 0; i < report.cells.size(); ++i) {
      const CellResult& c = report.cells[i];
      if (c.workload != r.workload || !rankable(c) || c.model == report.cells[r.best].model) continue;
      auto [it, inserted] = widest.try_emplace(c.model, i);
      if (inserted) models.push_back(c.model);
      else if (c.workers > report.cells[it->second].workers) it->second = i;
    }
    for (const auto& m : models)
      if (auto e = explain_cell(report, widest[m])) out.push_back(*e);
  }
  return out;
}

std::vector<AnalysisVerdict> judge_workloads(const RunReport& report) {
  const MachineState& state = report.context.state;
  const unsigned cpus = state.usable_cpus();
  const double load = state.load_average[0];
  std::vector<const CellResult*> measured;  // every cell with a mechanism: the run's others' CPU
  for (const CellResult& c : report.cells)
    if (c.timed() && !c.mechanism.empty()) measured.push_back(&c);
  const std::optional<double> run_others = others_cpu_share(measured, cpus);
  std::vector<AnalysisVerdict> out;
  for (const Ranking& r : report.analysis.rankings) {
    if (r.workers || r.winners.size() + r.others.size() < 2) continue;  // one model: nothing to call
    AnalysisVerdict v;
    v.workload = r.workload;
    v.cells = r.winners;
    v.load = load;
    v.cpus = cpus;
    std::vector<std::size_t> seen = r.winners;
    seen.insert(seen.end(), r.others.begin(), r.others.end());
    // Others' CPU while the workload ran (or, its cells too short to tell,
    // while the run did), measured, says whether the machine was busy; the
    // load average (a minute's mean, taken at the start, and still high after
    // a build that just ended) only where it is not.
    std::vector<const CellResult*> seen_cells;
    for (std::size_t i : seen) seen_cells.push_back(&report.cells[i]);
    std::optional<double> others = others_cpu_share(seen_cells, cpus);
    if (!others) others = run_others;
    std::optional<std::size_t> disturbed;  // the most delayed of the cells queued behind others
    for (std::size_t i : seen) {
      const CellAnalysis& a = report.analysis.cells[i];
      if (a.run_delay_share && (!v.run_delay_share || *a.run_delay_share > *v.run_delay_share))
        v.run_delay_share = a.run_delay_share;
      if (queued_behind_others(a, others) &&
          (!disturbed || *a.run_delay_share > *report.analysis.cells[*disturbed].run_delay_share))
        disturbed = i;
    }
    if (others && *others >= kOthersBusyShare)
      v.disturbances.push_back({Disturbed::other_programs, *others, kOthersBusyShare, ""});
    else if (!others && cpus > 0 && load > cpus)
      v.disturbances.push_back({Disturbed::load_average, load, double(cpus), ""});
    if (disturbed) {
      const CellAnalysis& a = report.analysis.cells[*disturbed];
      const std::string& name = report.cells[*disturbed].name;
      v.disturbances.push_back({Disturbed::run_queue_delay, *a.run_delay_share, kBusyRunDelayShare, name});
      if (a.others_cpu_share && !(others && *others >= kOthersBusyShare))
        v.disturbances.push_back({Disturbed::other_programs, *a.others_cpu_share, kOthersBusyShare, name});
    }
    // A wide median is named beside a disturbance, the likely cause; alone
    // it is no reason to withhold a verdict: the tiers already allow for it.
    std::vector<std::size_t> decisive = r.winners;
    if (!r.others.empty()) decisive.push_back(r.others.front());
    std::optional<std::size_t> widest;
    double width = 0;
    for (std::size_t i : decisive) {
      const CellResult& c = report.cells[i];
      if (!report.analysis.cells[i].imprecise || c.time.count < 2) continue;
      const double w = c.time.median_ci.relative_half_width(c.time.median);
      if (!widest || w > width) widest = i, width = w;
    }
    if (widest && !v.disturbances.empty())
      v.disturbances.push_back({Disturbed::median_interval, width, report.sampling.precision,
                                report.cells[*widest].name});
    if (r.winners.size() >= 2) {
      v.margin = r.winners_vs_best.back();
      v.margin_cell = r.winners.back();
    } else if (!r.others.empty()) {
      v.margin = r.others_vs_best.front();
      v.margin_cell = r.others.front();
    }
    v.kind = !v.disturbances.empty() ? VerdictKind::too_busy
             : r.winners.size() >= 2 ? VerdictKind::tied
                                     : VerdictKind::fastest;
    out.push_back(std::move(v));
  }
  // Mechanism verdicts: one per (workload, model), at its most workers.
  std::map<std::pair<std::string, std::string>, std::size_t> one_core;
  std::vector<std::pair<std::string, std::string>> order;
  for (std::size_t i = 0; i < report.cells.size(); ++i) {
    const CellResult& c = report.cells[i];
    const CellAnalysis& a = report.analysis.cells[i];
    if (!c.timed() || !one_core_at_a_time(report, c, a)) continue;
    auto [it, inserted] = one_core.try_emplace({c.workload, c.model}, i);
    if (inserted) order.push_back(it->first);
    else if (c.workers > report.cells[it->second].workers) it->second = i;
  }
  for (const auto& key : order) {
    const std::size_t i = one_core[key];
    AnalysisVerdict v;
    v.kind = VerdictKind::one_core;
    v.workload = key.first;
    v.cells = {i};
    v.cores_used = report.analysis.cells[i].cores_used;
    v.workers = report.cells[i].workers;
    v.load = load;
    v.cpus = cpus;
    v.run_delay_share = report.analysis.cells[i].run_delay_share;
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace concur
