// The Analysis: everything a run's numbers say, computed once by analyse()
// (src/core/analysis.cpp) from the cells and the machine state, and held by
// RunReport::analysis. Renderers (table, grid, Markdown, CSV, JSON, SVG, the
// course) only format it: nothing downstream computes a statistic or a
// verdict. Computing it again from a loaded report gives the same object:
// every bootstrap is seeded from the report's seed and the cell's name.
//
// Cells are referred to by their index in RunReport::cells.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "concur/estimate.hpp"

namespace concur {

// --- per cell ---------------------------------------------------------------

// Every estimate of one cell, with its interval. Absent (nullopt) where the
// cell was not timed, or the source it needs was not measured here: never 0.
struct CellAnalysis {
  std::optional<Estimate> time;        // median wall seconds, order-statistics interval
  std::optional<Estimate> speedup;     // baseline median / this median, bootstrap
  std::optional<Estimate> efficiency;  // speedup / workers, where the workers are processors
  // CPU seconds / wall seconds per repetition: median with its order-
  // statistics interval. 1.0 means one core busy the whole time.
  std::optional<Estimate> cores_used;
  // This cell's CPU for the same work / the baseline cell's CPU: a ratio of
  // medians with a bootstrap interval like speedup. 1.5: the model burnt half
  // as much CPU again (spawning, copying, spinning) to do the same work.
  std::optional<Estimate> work_inflation;
  // From MechanismSample, medians over repetitions; nullopt when any
  // repetition lacks the source (no schedstat, no lock, no transfers).
  // Of the time the cell's threads wanted a CPU, the share they waited for
  // one: run_delay / (cpu + run_delay). Other programs took it.
  std::optional<double> run_delay_share;
  // (CPU + run delay) / wall, median over repetitions: the cores the cell
  // would have kept busy had none been taken from it. What the model can
  // use, at any load.
  std::optional<double> cores_wanted;
  // Of the machine's CPU time while the cell ran (wall x usable CPUs, summed
  // over repetitions), the share other programs and the hypervisor took
  // (MechanismSample::machine_busy_seconds less its own CPU); empty below a
  // second of the machine's CPU time. Tells others' queueing from the
  // cell's own (more runnable threads than CPUs).
  std::optional<double> others_cpu_share;
  std::optional<double> voluntary_switches_per_second;    // blocked: lock, I/O, join
  std::optional<double> involuntary_switches_per_second;  // preempted
  // Of the workers' time (wall x workers), the share spent waiting on the lock.
  std::optional<double> lock_wait_share;
  // Of the time the work took (io_wait + cpu), the share spent waiting on
  // transfers in flight rather than on a CPU.
  std::optional<double> io_wait_ratio;
  // The median's interval is wider than the precision asked for.
  bool imprecise = false;
};

// --- rankings ---------------------------------------------------------------

// Models of one workload in tiers: the winner set are the cells `compare`'s
// rule (stats::compare_times against kSeparationThreshold) cannot call
// slower than the fastest; the others follow, fastest first.
struct Ranking {
  std::string workload;
  // The worker count compared; nullopt: each model at its fastest count
  // (what the summary grid shows).
  std::optional<unsigned> workers;
  std::size_t best = 0;               // the cell with the lowest median
  std::vector<std::size_t> winners;   // best first, then by median
  std::vector<std::size_t> others;    // separated from the best, by median
  // Per other cell: its time / the best's time, with the interval that
  // separated it (low > 1 + threshold). Same order as `others`.
  std::vector<Estimate> others_vs_best;
  // Per winner (but the best): the same ratio, whose interval did not.
  std::vector<Estimate> winners_vs_best;
  bool contains_winner(std::size_t cell) const;
};

// --- explanations -----------------------------------------------------------

// The mechanism that explains a cell's time, in the order the rules try them.
enum class Mechanism {
  waiting_on_io,       // few cores used, most of the time with transfers in flight
  waiting_on_lock,     // below a core, blocked on the lock (lock wait or voluntary switches)
  one_core_at_a_time,  // about one core used with two or more workers: a global lock
  waiting_for_cpu,     // runnable but queued for a CPU: behind other programs, or its own threads
  work_inflated,       // more CPU than the baseline for the same work
  uses_the_cores,      // the workers kept their cores busy
};
const char* to_string(Mechanism);  // "waiting_on_io", ...

// A one-line why, as data; report::explanation_text renders it.
struct Explanation {
  std::string workload;
  std::string model;
  std::size_t cell = 0;
  Mechanism mechanism = Mechanism::uses_the_cores;
  unsigned workers = 1;
  unsigned cpus = 1;  // usable CPUs of the run
  Estimate cores_used;
  std::optional<double> voluntary_switches_per_second;
  std::optional<double> run_delay_share;
  std::optional<double> others_cpu_share;
  std::optional<double> lock_wait_share;
  std::optional<double> io_wait_ratio;
  std::optional<Estimate> work_inflation;
  bool for_workload = false;  // the line of the workload's best model
};

// --- verdicts ---------------------------------------------------------------

// What disturbed a wall-time verdict, and by how much.
enum class Disturbed {
  load_average,     // amount: the 1-minute load; limit: the usable CPUs (others' CPU not measured)
  run_queue_delay,  // amount: the largest run-delay share of the workload's cells; limit: kBusyRunDelayShare
  // amount: others' share of the CPUs over the workload's cells (cell empty),
  // or over the run_queue_delay cell; limit: kOthersBusyShare
  other_programs,
  median_interval,  // amount: the widest relative half-width of a winner's median; limit: the precision
};
const char* to_string(Disturbed);
struct Disturbance {
  Disturbed measure = Disturbed::load_average;
  double amount = 0;
  double limit = 0;
  std::string cell;  // the cell it was seen on (run_queue_delay, median_interval)
};

enum class VerdictKind {
  // Decided by the mechanism, true at any load: cores used <= 1.05 (the
  // whole interval) with two or more workers, and the cores it wanted (used
  // plus waited for) no more than one: nothing held it back but itself.
  one_core,
  // Decided by wall time: one model is faster than every other.
  fastest,
  // Decided by wall time: two or more models cannot be told apart.
  tied,
  // Wall time alone would decide, but the machine disturbed it: a load
  // above the CPUs, or a cell queued for a CPU while other programs took
  // theirs. A wide median alone is not disturbance: the tiers allow for it.
  too_busy,
};
const char* to_string(VerdictKind);

// Rendered by report::verdict_text.
struct AnalysisVerdict {
  VerdictKind kind = VerdictKind::fastest;
  std::string workload;
  std::vector<std::size_t> cells;  // fastest/tied: the winner set; one_core: the cell
  // fastest: the runner-up's time / the winner's, separated (low > 1 + threshold);
  // tied: the slowest winner's, not separated.
  std::optional<Estimate> margin;
  std::optional<std::size_t> margin_cell;  // the runner-up or the slowest winner
  std::optional<Estimate> cores_used;      // one_core
  unsigned workers = 0;                    // one_core
  // The machine beside the verdict (load, CPUs, worst run-queue delay).
  double load = 0;
  unsigned cpus = 0;
  std::optional<double> run_delay_share;
  std::vector<Disturbance> disturbances;  // too_busy: at least one
};

// --- warnings ---------------------------------------------------------------

enum class WarningKind {
  speedup_above_workers,  // impossible for CPU work: the baseline was disturbed
  speedup_above_cpus,
  workers_above_cpus,  // CPU-bound workers share cores: no gain beyond them
  load_high,           // other programs were running at the start
  single_repetition,   // no interval can be given
  imprecise,           // the median's interval is wider than --precision
  indistinct,          // two models' speedup intervals overlap
  governor,            // CPU frequency governor not "performance"
  cpu_quota,           // a cgroup quota below the CPU count
  no_warmup,
  interrupted,
};
const char* to_string(WarningKind);  // "speedup_above_workers", ...

enum class SubjectKind { run, machine, workload, cell };
const char* to_string(SubjectKind);
struct WarningSubject {
  SubjectKind kind = SubjectKind::run;
  std::string name;                // the cell's or workload's name; empty for run and machine
  std::optional<std::size_t> cell;  // SubjectKind::cell
};

enum class AdviceKind {
  rerun_idle,               // the baseline was disturbed: rerun on an idle machine
  close_other_programs,     // the load was high
  governor_performance,     // cpupower frequency-set -g performance
  quota_caps_speedup,       // speedups are relative to the quota
  keep_warmup,              // drop --warmup 0
  no_gain_beyond_cpus,      // cpus: workers beyond it share cores
  repeat,                   // drop --quick / --repetitions 1
  more_time_or_quieter,     // raise --max-time / --max-repetitions, or an idle machine
  more_repetitions,         // for indistinct pairs
  run_to_completion,        // interrupted
};
const char* to_string(AdviceKind);  // "rerun_idle", ...
// Rendered by report::advice_text.
struct Advice {
  AdviceKind kind = AdviceKind::rerun_idle;
  unsigned cpus = 0;  // no_gain_beyond_cpus
};

struct Warning {
  WarningKind kind;
  WarningSubject subject;
  std::string message;  // what was seen, with the numbers
  Advice advice;
};

// --- scaling fits -----------------------------------------------------------

struct ScalingPoint {
  unsigned workers = 1;
  double speedup = 0;
  double efficiency = 0;
  // Experimentally determined serial fraction e = (1/S - 1/p) / (1 - 1/p):
  // rising with p means overhead grows, flat means a fixed serial part.
  std::optional<double> karp_flatt;  // p > 1 only
  // The speedup's 95% interval, from the cell's Estimate, where it has one
  // (not from a single repetition, not against the model's own 1-worker run).
  std::optional<Interval> speedup_ci;
};

// Universal Scalability Law: C(N) = N / (1 + sigma (N-1) + kappa N (N-1)).
struct UslFit {
  double sigma = 0;  // contention: the serialised share
  double kappa = 0;  // coherency: the cost of keeping workers in step, growing with N^2
  // The worker count of the peak, sqrt((1 - sigma) / kappa); none when kappa is 0.
  std::optional<double> peak_workers() const;
};

// How Karp-Flatt's serial fraction moves from the sweep's first point with
// one to its last: rising by more than kKarpFlattRise points to overhead that
// grows with the workers; otherwise a fixed serial part limits the speedup.
enum class KarpFlattTrend { unknown, flat, rises };
inline constexpr double kKarpFlattRise = 0.05;
const char* to_string(KarpFlattTrend trend);

struct ModelScaling {
  std::string workload;
  std::string model;
  // What speedup is relative to: the baseline model's name or "each model's
  // own 1-worker run".
  std::string baseline;
  std::vector<ScalingPoint> points;  // by increasing workers
  // Least-squares fit of 1/S = f + (1 - f)/p over the points with p > 1,
  // clamped to [0, 1]; absent without such a point.
  std::optional<double> serial_fraction;
  std::optional<UslFit> usl;  // 3 or more worker counts
  KarpFlattTrend karp_flatt_trend = KarpFlattTrend::unknown;  // unknown below 2 points with one
  std::optional<double> speedup_limit() const {  // Amdahl: 1/f as p -> inf
    if (!serial_fraction || *serial_fraction <= 0) return std::nullopt;
    return 1 / *serial_fraction;
  }
};

// --- the whole ---------------------------------------------------------------

struct Analysis {
  std::vector<CellAnalysis> cells;  // one per RunReport::cells, same order
  std::vector<Ranking> rankings;    // per workload (workers nullopt), then per workload x workers
  std::vector<Explanation> explanations;
  std::vector<AnalysisVerdict> verdicts;  // per workload its wall-time verdict, then mechanism verdicts
  std::vector<Warning> warnings;
  std::vector<ModelScaling> scaling;  // models with a worker count that means processors
  // The workload's ranking over each model's fastest cell, if any.
  const Ranking* ranking_of(const std::string& workload) const;
};

}  // namespace concur
