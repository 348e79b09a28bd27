// The results model: one record per matrix cell plus the run's context, and
// the Analysis (concur/analysis.hpp) computed once from them by analyse():
// renderers format the two, and compute nothing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "concur/analysis.hpp"
#include "concur/estimate.hpp"
#include "concur/machine.hpp"

namespace concur {

// A workload-specific figure beside time and throughput (pipeline: latency
// from reading to alert). In a CellResult: the median over repetitions.
struct Figure {
  std::string name;  // "latency_p99"
  std::string unit;  // "s"
  double value = 0;
};

// ok: timed and verified. interrupted: Ctrl-C came before its first timed
// repetition. The spelling of to_string is what CSV and JSON write.
enum class CellStatus { ok, failed, skipped, not_applicable, interrupted };
const char* to_string(CellStatus);  // "ok", "failed", "skipped", "not_applicable", ...

// Statistics of one cell's repetitions, computed once (core/statistics).
struct Summary {
  std::size_t count = 0;
  double median = 0, mean = 0, min = 0, max = 0, stddev = 0;
  double cv = 0;  // stddev / mean
  // Distribution-free interval of the median from order statistics
  // (Hettmansperger-Sheather interpolation). Below 6 samples no pair of
  // order statistics reaches 95%: it is [min, max] and `median_ci_exact`
  // is false (its coverage is 1 - 2^(1-n)).
  Interval median_ci;
  bool median_ci_exact = false;
  // Repetitions whose modified z-score |0.6745 (x - median) / MAD| > 3.5
  // (Iglewicz & Hoaglin): counted and shown, never dropped.
  std::size_t outliers = 0;
};
Summary summarize(std::vector<double> samples);

// What the OS (and, where perf_event_open allows, the PMU) says one timed
// repetition did besides taking its wall time: the mechanism behind the
// time. Counters are deltas over the repetition, for this process, its
// reaped children and its ranks. An empty optional means "not measured
// here" (no schedstat, no PMU, a sandboxed kernel, or the model/workload
// has no such thing): renderers print that, never a zero.
struct MechanismSample {
  double cpu_seconds = 0;  // user + system
  double user_seconds = 0, system_seconds = 0;
  std::uint64_t voluntary_switches = 0;    // blocked: a lock, I/O, a join
  std::uint64_t involuntary_switches = 0;  // preempted: another task took the CPU
  std::uint64_t minor_faults = 0, major_faults = 0;
  std::optional<double> run_delay_seconds;   // runnable, waiting for a CPU (schedstat)
  std::optional<double> lock_wait_seconds;   // waiting on the lock: gil, contention_mutex
  // download: the sum over transfers (every attempt) of libcurl's
  // CURLINFO_TOTAL_TIME_T, request start to completion. Overlapping
  // transfers add up, so it can exceed the wall time; the CPU spent in
  // them is not taken off.
  std::optional<double> io_wait_seconds;
  std::optional<std::uint64_t> traffic_bytes;  // processes, mpi: bytes through pipes or messages
  // PMU (perf_event_open), user space only; empty where the kernel, a VM
  // or perf_event_paranoid refuse, and for mpi cells.
  std::optional<std::uint64_t> cycles, instructions, llc_misses;
  // The whole machine's busy CPU time meanwhile (/proc/stat: every program,
  // the hypervisor's steal), this run's included: less cpu_seconds, what
  // other programs took. Counted in clock ticks (10 ms): one short
  // repetition sees 0 or 10 ms, so only sums over repetitions mean much.
  std::optional<double> machine_busy_seconds;
  // mpi: no worker rank reported its usage, so the CPU, switch and fault
  // figures are rank 0's (the coordinator's) alone.
  bool workers_not_counted = false;
};

// How many of a cell's workers ran on one host (the mpi model's ranks).
struct HostRanks {
  std::string host;
  unsigned ranks = 0;
  bool operator==(const HostRanks&) const = default;
};

struct CellResult {
  std::string name;  // "primes/threads/workers:2": the key `compare` matches on
  std::string workload;
  std::string group;  // group_name() of the workload's Bound: "math", "io", ... (display, JSON)
  std::string model;
  unsigned workers = 1;
  std::string workers_label;  // what the workers column shows ("2", "80x256")
  std::vector<HostRanks> placement;  // where the workers ran, when the model knows hosts (mpi)
  CellStatus status = CellStatus::ok;
  std::string reason;  // failure or skip reason, for people; never tested by code
  bool verified = false;
  bool is_baseline = false;    // the model is the speedup baseline (sequential)
  bool has_efficiency = true;  // speedup / workers means something for the model
  bool cpu_bound = true;       // the workload needs cores (not I/O waits): needs_cores(traits)

  std::size_t warmup_runs = 0;
  bool interrupted = false;  // Ctrl-C came before this cell had all its repetitions
  std::vector<double> real_seconds;  // one per timed repetition, in order, wall clock
  std::vector<double> cpu_seconds;   // one per repetition, self + children
  std::vector<MechanismSample> mechanism;  // one per timed repetition (empty: not measured)
  Summary time;                      // of real_seconds
  double cpu_median = 0;
  std::optional<double> kernel_seconds;  // cuda: kernel-only median
  double max_rss_kb = 0;                 // peak resident set during the cell
  std::vector<Figure> figures;           // the workload's own, medians
  std::uint64_t items = 0;
  std::string item_unit;


  bool timed() const { return status == CellStatus::ok && time.count > 0; }
  std::optional<double> throughput() const {
    if (!timed() || time.median <= 0) return std::nullopt;
    return static_cast<double>(items) / time.median;
  }
};

// How repetitions were chosen: the flags, as the run understood them.
struct SamplingSettings {
  unsigned warmup_runs = 1;
  double warmup_seconds = 0;                 // keep warming up this long
  std::optional<unsigned> fixed_repetitions;  // --repetitions: exactly this many
  double precision = 0.02;                   // target half-width of the median's interval
  unsigned min_repetitions = 5;
  unsigned max_repetitions = 30;
  // Timed budget of one cell, after min_repetitions: 0.5 s keeps `all` (85
  // cells on 2 cores) near a minute.
  double max_seconds_per_cell = 0.5;
  std::optional<double> min_time;     // Google Benchmark --min-time per repetition
  bool interleave = true;             // rounds in a seeded random order
  bool pin = false;                   // one CPU per worker
  std::uint64_t seed = 42;            // interleaving order and bootstrap
};

// What the pool model saves over threads, measured once per run outside the
// cells (when either model is in it) with no work at all: spawning and
// joining `threads` std::threads, which the threads model pays inside every
// timed run, against waking that many parked pool threads and waiting for
// them, which is all the pool pays. Medians of `repetitions` tries.
struct SpawnCost {
  unsigned threads = 0;
  unsigned repetitions = 0;
  double thread_spawn_seconds = 0;
  double pool_wake_seconds = 0;
};

// What the run was, captured when it ran, so renderers never read the clock
// or the machine.
struct RunContext {
  std::string date;          // ISO 8601 local time with offset, at the start
  std::string command_line;  // as typed, quoted where needed
  std::string version;       // concur-bench's
  MachineInfo machine;
  MachineState state;  // load, governor, quota, affinity at the start
  std::optional<SpawnCost> spawn_cost;  // when threads or pool ran
  double wall_seconds = 0;
  // The one analyse() pass after the measurements (the Analysis every
  // renderer formats), timed so a run shows what its analysis costs.
  double analysis_seconds = 0;
};

struct RunReport {
  RunContext context;
  SamplingSettings sampling;
  std::vector<CellResult> cells;
  // Speedups, intervals, rankings, verdicts, warnings and fits: filled by
  // analyse() after the measurements (or after loading), read by renderers.
  Analysis analysis;
  bool interrupted = false;  // Ctrl-C: the cells that finished are kept
  // 130 interrupted, 1 a cell failed, else 0.
  int exit_code() const;
};

}  // namespace concur
